using Certus.Core.Networks;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Certus.Core.Tests.Networks;

/// <summary>The block-diagonal composite computes, per copy, exactly what the network computes on its slice.</summary>
public sealed class NetworkCompositionTests
{
    private static FeedForwardNetwork Random(int seed, int inputs, int hidden, int outputs, bool normalised)
    {
        var r = new Random(seed);
        double[] W(int n) => [.. Enumerable.Range(0, n).Select(_ => (r.NextDouble() * 2) - 1)];
        DenseLayer[] layers =
        [
            new DenseLayer(inputs, hidden, W(inputs * hidden), W(hidden), Activation.Tanh),
            new DenseLayer(hidden, hidden, W(hidden * hidden), W(hidden), Activation.Relu),
            new DenseLayer(hidden, outputs, W(hidden * outputs), W(outputs), Activation.Tanh),
        ];
        return normalised
            ? new FeedForwardNetwork(layers, W(inputs), [.. W(inputs).Select(v => 1 + Math.Abs(v))], W(outputs), [.. W(outputs).Select(v => 1 + Math.Abs(v))])
            : new FeedForwardNetwork(layers);
    }

    [Property(MaxTest = 100)]
    public Property EachCopy_IsTheNetwork_BitForBit()
    {
        Gen<(int Seed, int Copies, int In, int Hidden, bool Norm)> cases =
            from seed in Gen.Choose(0, 100000)
            from copies in Gen.Choose(1, 4)
            from n in Gen.Choose(1, 6)
            from h in Gen.Choose(1, 8)
            from norm in ArbMap.Default.GeneratorFor<bool>()
            select (seed, copies, n, h, norm);
        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            FeedForwardNetwork net = Random(c.Seed, c.In, c.Hidden, 2, c.Norm);
            FeedForwardNetwork composite = NetworkComposition.BlockDiagonal(net, c.Copies);
            var r = new Random(c.Seed + 1);
            double[] x = [.. Enumerable.Range(0, c.In * c.Copies).Select(_ => (r.NextDouble() * 6) - 3)];
            double[] all = composite.Evaluate(x);
            bool same = composite.InputSize == c.In * c.Copies && composite.OutputSize == 2 * c.Copies;
            for (int k = 0; k < c.Copies; k++)
            {
                double[] one = net.Evaluate(x.AsSpan(k * c.In, c.In));
                same &= one[0] == all[2 * k] && one[1] == all[(2 * k) + 1];
            }

            return same;
        });
    }

    [Fact]
    public void OffDiagonalBlocks_AreZero_AndOneCopyIsTheNetworkItself()
    {
        FeedForwardNetwork net = Random(3, 3, 4, 2, normalised: false);
        Assert.Same(net, NetworkComposition.BlockDiagonal(net, 1));
        FeedForwardNetwork c = NetworkComposition.BlockDiagonal(net, 2);
        DenseLayer first = c.Layers[0];
        Assert.Equal(0, first.Weight(0, 3));
        Assert.Equal(0, first.Weight(4, 0));
        Assert.Equal(net.Layers[0].Weight(1, 2), first.Weight(5, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => NetworkComposition.BlockDiagonal(net, 0));
    }
}
