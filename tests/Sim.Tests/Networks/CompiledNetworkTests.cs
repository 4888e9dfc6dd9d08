using Certus.Core.Networks;
using Certus.Sim.Networks;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Certus.Sim.Tests.Networks;

public sealed class CompiledNetworkTests
{
    public static class Arbitraries
    {
        /// <summary>Random networks: 1-4 layers of width 1-30, every activation, with or without normalisation, and an input.</summary>
        public static Arbitrary<(FeedForwardNetwork Network, double[] Input)> NetworkAndInput() =>
            (from seed in Gen.Choose(0, int.MaxValue)
             from depth in Gen.Choose(1, 4)
             from widths in Gen.ArrayOf(Gen.Choose(1, 30), depth + 1)
             from normalize in Gen.Elements(false, true)
             select Build(seed, widths, normalize)).ToArbitrary();

        private static (FeedForwardNetwork, double[]) Build(int seed, int[] widths, bool normalize)
        {
            var random = new Random(seed);
            Activation[] activations = Enum.GetValues<Activation>();
            var layers = new List<DenseLayer>();
            for (int l = 0; l + 1 < widths.Length; l++)
            {
                double[] weights = Enumerable.Range(0, widths[l] * widths[l + 1]).Select(_ => (random.NextDouble() * 4) - 2).ToArray();
                double[] bias = Enumerable.Range(0, widths[l + 1]).Select(_ => random.NextDouble() - 0.5).ToArray();
                layers.Add(new DenseLayer(widths[l], widths[l + 1], weights, bias, activations[random.Next(activations.Length)], random.NextDouble()));
            }

            double[] Vector(int n, double lo, double hi) => Enumerable.Range(0, n).Select(_ => lo + (random.NextDouble() * (hi - lo))).ToArray();
            var network = normalize
                ? new FeedForwardNetwork(layers, Vector(widths[0], -1, 1), Vector(widths[0], 0.1, 2), Vector(widths[^1], -1, 1), Vector(widths[^1], 0.1, 3))
                : new FeedForwardNetwork(layers);
            return (network, Vector(widths[0], -5, 5));
        }
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 2_000, Replay = "(8080,8081)")]
    public void Evaluate_IsBitwiseTheCoreEvaluation((FeedForwardNetwork Network, double[] Input) c)
    {
        var compiled = new CompiledNetwork(c.Network);
        double[] expected = c.Network.Evaluate(c.Input);
        double[] actual = new double[compiled.OutputSize];
        compiled.Evaluate(c.Input, actual);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected[i]), BitConverter.DoubleToInt64Bits(actual[i]));
        }
    }

    [Fact]
    public void Evaluate_ChecksLengths_AndAllocatesNothing()
    {
        var layer = new DenseLayer(2, 3, [1, 2, 3, 4, 5, 6], [0, 0, 0], Activation.Relu);
        var compiled = new CompiledNetwork(new FeedForwardNetwork([layer, new DenseLayer(3, 1, [1, 1, 1], [0], Activation.Identity)]));
        Assert.Throws<ArgumentException>(() => compiled.Evaluate(new double[3], new double[1]));
        Assert.Throws<ArgumentException>(() => compiled.Evaluate(new double[2], new double[2]));

        double[] input = [1, -1], output = new double[1];
        compiled.Evaluate(input, output);
        long before = GC.GetAllocatedBytesForCurrentThread();
        compiled.Evaluate(input, output);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(0, output[0]);
    }
}
