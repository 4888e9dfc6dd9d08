using Certus.Control.Networks;
using Certus.Core.Networks;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Certus.Control.Tests.Networks;

/// <summary>The JSON format writes and reads back every network exactly.</summary>
public sealed class JsonRoundTripTests
{
    /// <summary>Random networks whose numbers reach the corners of floating point.</summary>
    public static class Arbitraries
    {
        private static readonly double[] Specials =
        [
            0.0, -0.0, double.Epsilon, -double.Epsilon, 2.2250738585072014e-308, double.MaxValue, -double.MaxValue,
            1, -1, 0.1, 1.0 / 3, Math.PI, 1e-300, 1e300, Math.BitIncrement(1.0), 123456789.123456789,
        ];

        /// <summary>Any finite double: specials, short decimals, and random bit patterns.</summary>
        public static Gen<double> FiniteDouble { get; } = Gen.Frequency(
            (2, Gen.Elements(Specials)),
            (3, Gen.Choose(-100000, 100000).Select(i => i / 1000.0)),
            (5, from hi in Gen.Choose(int.MinValue, int.MaxValue)
                from lo in Gen.Choose(int.MinValue, int.MaxValue)
                let v = BitConverter.Int64BitsToDouble(((long)hi << 32) | (uint)lo)
                where double.IsFinite(v)
                select v));

        private static Gen<DenseLayer> Layer(int inputs, int outputs) =>
            from activation in Gen.Elements(Enum.GetValues<Activation>())
            from slope in Gen.Elements(0.0, 0.01, 0.2, 1.0, 1.0 / 7)
            from weights in Gen.ArrayOf(FiniteDouble, inputs * outputs)
            from bias in Gen.ArrayOf(FiniteDouble, outputs)
            select new DenseLayer(inputs, outputs, weights, bias, activation, slope);

        public static Arbitrary<FeedForwardNetwork> Networks() =>
            (from sizes in Gen.ArrayOf(Gen.Choose(1, 6), 2).SelectMany(
                 first => Gen.Choose(1, 4).SelectMany(depth => Gen.ArrayOf(Gen.Choose(1, 6), depth)), (first, rest) => first.Concat(rest).ToArray())
             from layers in Gen.CollectToArray(Enumerable.Range(1, sizes.Length - 1), l => Layer(sizes[l - 1], sizes[l]))
             from inputOffset in Gen.ArrayOf(FiniteDouble, sizes[0])
             from inputScale in Gen.ArrayOf(FiniteDouble, sizes[0])
             from outputOffset in Gen.ArrayOf(FiniteDouble, sizes[^1])
             from outputScale in Gen.ArrayOf(FiniteDouble, sizes[^1])
             from name in Gen.Elements("net", "ünïcødé \"quoted\" \\ name\n", "specs/networks/acc/x.json", string.Empty)
             select new FeedForwardNetwork(layers, inputOffset, inputScale, outputOffset, outputScale, name)).ToArbitrary();
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 300, Replay = "(20240521,17)")]
    public bool WriteThenRead_GivesIdenticalWeightsAndOutputs(FeedForwardNetwork network)
    {
        string json = CertusNetworkJson.Serialize(network);
        FeedForwardNetwork back = CertusNetworkJson.Parse(json, "roundtrip.json");
        AssertIdentical(network, back);
        var random = new Random(network.InputSize);
        for (int k = 0; k < 5; k++)
        {
            double[] x = Enumerable.Range(0, network.InputSize).Select(_ => (random.NextDouble() * 4) - 2).ToArray();
            double[] a = network.Evaluate(x);
            double[] b = back.Evaluate(x);
            Assert.True(a.Zip(b).All(p => p.First.Equals(p.Second)), "outputs differ");
        }

        return CertusNetworkJson.Serialize(back) == json;
    }

    public static TheoryData<string> Files() => new(SpecNetworks.AllFiles());

    [Theory]
    [MemberData(nameof(Files))]
    public void BenchmarkNetwork_RoundTripsThroughJson(string file)
    {
        FeedForwardNetwork network = SpecNetworks.Load(file);
        string path = Path.Combine(Path.GetTempPath(), $"certus-{Guid.NewGuid():N}.json");
        try
        {
            CertusNetworkJson.Write(network, path);
            FeedForwardNetwork back = NetworkFile.Load(path);
            AssertIdentical(network, back);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Json_IsReadable()
    {
        var layer = new DenseLayer(2, 1, [0.1, -2.5], [3], Activation.Relu);
        string json = CertusNetworkJson.Serialize(new FeedForwardNetwork([layer], name: "tiny"));
        Assert.Contains("\"format\": \"certus-network\"", json, StringComparison.Ordinal);
        Assert.Contains("\"activation\": \"relu\"", json, StringComparison.Ordinal);
        Assert.Contains("[0.1, -2.5]", json, StringComparison.Ordinal);
        Assert.Equal("tiny", CertusNetworkJson.Parse(json, "x.json").Name);
    }

    [Fact]
    public void Json_OptionalNormalisationDefaultsToIdentity()
    {
        const string Json = """
            { "format": "certus-network", "version": 1,
              "layers": [ { "activation": "leakyRelu", "leakySlope": 0.125, "weights": [[1, 2], [3, 4]], "bias": [0, 1] } ] }
            """;
        FeedForwardNetwork network = CertusNetworkJson.Parse(Json, "min.json");
        Assert.Equal("min.json", network.Name);
        Assert.False(network.HasNormalization);
        Assert.Equal(0.125, network.Layers[0].LeakySlope);
        Assert.Equal([-0.25, -0.5], network.Evaluate([-1, -0.5]));
    }

    private static void AssertIdentical(FeedForwardNetwork expected, FeedForwardNetwork actual)
    {
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.Layers.Count, actual.Layers.Count);
        Assert.True(Bits(expected.InputOffset).SequenceEqual(Bits(actual.InputOffset)), "input offset");
        Assert.True(Bits(expected.InputScale).SequenceEqual(Bits(actual.InputScale)), "input scale");
        Assert.True(Bits(expected.OutputOffset).SequenceEqual(Bits(actual.OutputOffset)), "output offset");
        Assert.True(Bits(expected.OutputScale).SequenceEqual(Bits(actual.OutputScale)), "output scale");
        for (int l = 0; l < expected.Layers.Count; l++)
        {
            DenseLayer a = expected.Layers[l];
            DenseLayer b = actual.Layers[l];
            Assert.Equal((a.InputSize, a.OutputSize, a.Activation), (b.InputSize, b.OutputSize, b.Activation));
            Assert.Equal(BitConverter.DoubleToInt64Bits(a.LeakySlope), BitConverter.DoubleToInt64Bits(b.LeakySlope));
            Assert.True(Bits(a.Weights.ToArray()).SequenceEqual(Bits(b.Weights.ToArray())), $"layer {l + 1} weights");
            Assert.True(Bits(a.Bias.ToArray()).SequenceEqual(Bits(b.Bias.ToArray())), $"layer {l + 1} biases");
        }
    }

    private static IEnumerable<long> Bits(IEnumerable<double> values) => values.Select(BitConverter.DoubleToInt64Bits);
}
