using Certus.Control.Networks;
using Certus.Core.Networks;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;

namespace Certus.Control.Tests.Networks;

/// <summary>
/// The ONNX export: read back by our reader to the same function (exactly the float-rounded network for float32
/// files, bit for bit the network for float64 files), and evaluated by ONNX Runtime to the network's outputs.
/// </summary>
public sealed class OnnxWriterTests
{
    /// <summary>Random small networks with weights of moderate size, every activation, with and without normalisation.</summary>
    public static class Arbitraries
    {
        private static Gen<double> Moderate { get; } = Gen.Choose(-2000, 2000).Select(i => (i / 1000.0) + (i % 7 * 1e-7));

        private static Gen<double> Scale { get; } = Gen.Frequency((2, Gen.Constant(1.0)), (3, Gen.Choose(250, 4000).Select(i => i / 1000.0)));

        private static Gen<DenseLayer> Layer(int inputs, int outputs) =>
            from activation in Gen.Elements(Enum.GetValues<Activation>())
            from slope in Gen.Elements(0.01, 0.2, 1.0 / 7)
            from weights in Gen.ArrayOf(Moderate, inputs * outputs)
            from bias in Gen.ArrayOf(Moderate, outputs)
            select new DenseLayer(inputs, outputs, weights, bias, activation, slope);

        public static Arbitrary<FeedForwardNetwork> Networks() =>
            (from sizes in Gen.Choose(1, 3).SelectMany(depth => Gen.ArrayOf(Gen.Choose(1, 8), depth + 1))
             from layers in Gen.CollectToArray(Enumerable.Range(1, sizes.Length - 1), l => Layer(sizes[l - 1], sizes[l]))
             from normalised in Gen.Elements(false, true)
             from inputOffset in Gen.ArrayOf(Moderate, sizes[0])
             from inputScale in Gen.ArrayOf(Scale, sizes[0])
             from outputOffset in Gen.ArrayOf(Moderate, sizes[^1])
             from outputScale in Gen.ArrayOf(Scale, sizes[^1])
             select normalised
                ? new FeedForwardNetwork(layers, inputOffset, inputScale, outputOffset, outputScale, "random")
                : new FeedForwardNetwork(layers, name: "random")).ToArbitrary();
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 150)]
    public void DoubleExport_ReadsBackToTheSameOutputs(FeedForwardNetwork network)
    {
        FeedForwardNetwork back = OnnxNetworkReader.Parse(OnnxNetworkWriter.ToBytes(network, OnnxElementType.Double), "double.onnx");
        Assert.Equal(network.InputSize, back.InputSize);
        Assert.Equal(network.OutputSize, back.OutputSize);
        FeedForwardNetwork slopesRounded = Rounded(network, weights: false); // LeakyRelu's alpha is a float attribute
        foreach (double[] x in Inputs(network.InputSize, 20, network.Layers.Count))
        {
            AssertClose(slopesRounded.Evaluate(x), back.Evaluate(x), 1e-12);
        }
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 150)]
    public void FloatExport_ReadsBackToTheFloatRoundedNetwork(FeedForwardNetwork network)
    {
        FeedForwardNetwork back = OnnxNetworkReader.Parse(OnnxNetworkWriter.ToBytes(network), "float.onnx");
        FeedForwardNetwork rounded = Rounded(network);
        foreach (double[] x in Inputs(network.InputSize, 20, network.Layers.Count))
        {
            AssertClose(rounded.Evaluate(x), back.Evaluate(x), 1e-12);
            AssertClose(network.Evaluate(x), back.Evaluate(x), 1e-4);
        }
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 40)]
    public void FloatExport_OnnxRuntimeAgreesWithTheNetwork_OnABatch(FeedForwardNetwork network)
    {
        byte[] bytes = OnnxNetworkWriter.ToBytes(network);
        using var session = new InferenceSession(bytes);
        Assert.Equal(OnnxNetworkWriter.InputName, session.InputMetadata.Keys.Single());
        Assert.Equal(OnnxNetworkWriter.OutputName, session.OutputMetadata.Keys.Single());
        double[][] xs = Inputs(network.InputSize, 33, network.Layers.Count).Select(x => x.Select(v => (double)(float)v).ToArray()).ToArray();
        float[] flat = xs.SelectMany(x => x.Select(v => (float)v)).ToArray();
        var input = NamedOnnxValue.CreateFromTensor(OnnxNetworkWriter.InputName, new DenseTensor<float>(flat, [xs.Length, network.InputSize]));
        using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> results = session.Run([input]);
        Tensor<float> y = results.First().AsTensor<float>();
        Assert.Equal([xs.Length, network.OutputSize], y.Dimensions.ToArray());
        for (int r = 0; r < xs.Length; r++)
        {
            double[] expected = network.Evaluate(xs[r]);
            AssertClose(expected, Enumerable.Range(0, network.OutputSize).Select(c => (double)y[r, c]).ToArray(), 1e-4);
        }
    }

    [Fact]
    public void Export_DeclaresOpset13_ADynamicBatch_AndGemmNodes()
    {
        var network = new FeedForwardNetwork(
            [new DenseLayer(3, 4, new double[12], new double[4], Activation.Tanh), new DenseLayer(4, 2, new double[8], new double[2], Activation.Tanh)]);
        ModelProto model = ModelProto.Parser.ParseFrom(OnnxNetworkWriter.ToBytes(network));
        Assert.Equal(13, model.OpsetImport.Single().Version);
        Assert.Equal(["Gemm", "Tanh", "Gemm", "Tanh"], model.Graph.Node.Select(n => n.OpType).ToArray());
        Assert.Equal("N", model.Graph.Input.Single().Type.TensorType.Shape.Dim[0].DimParam);
        Assert.Equal(3, model.Graph.Input.Single().Type.TensorType.Shape.Dim[1].DimValue);
        Assert.Equal("output", model.Graph.Node[^1].Output.Single());
    }

    [Fact]
    public void Write_CreatesAFileTheReaderLoads()
    {
        var network = new FeedForwardNetwork([new DenseLayer(2, 1, [0.5, -0.25], [0.125], Activation.Relu)]);
        string path = Path.Combine(Path.GetTempPath(), $"certus-onnx-writer-{Environment.ProcessId}.onnx");
        try
        {
            OnnxNetworkWriter.Write(network, path);
            Assert.Equal(network.Evaluate([1, 1]), OnnxNetworkReader.Read(path).Evaluate([1, 1]));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static FeedForwardNetwork Rounded(FeedForwardNetwork n, bool weights = true)
    {
        double[] F(IEnumerable<double> v) => v.Select(x => weights ? (double)(float)x : x).ToArray();
        return new FeedForwardNetwork(
            n.Layers.Select(l => new DenseLayer(l.InputSize, l.OutputSize, F(l.Weights.ToArray()), F(l.Bias.ToArray()), l.Activation, (float)l.LeakySlope)),
            F(n.InputOffset), F(n.InputScale), F(n.OutputOffset), F(n.OutputScale));
    }

    private static IEnumerable<double[]> Inputs(int size, int count, int seed)
    {
        var random = new Random(seed + (31 * size));
        for (int k = 0; k < count; k++)
        {
            yield return Enumerable.Range(0, size).Select(_ => (random.NextDouble() * 4) - 2).ToArray();
        }
    }

    private static void AssertClose(double[] expected, double[] actual, double relative)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double tolerance = relative * Math.Max(1, Math.Abs(expected[i]));
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"output {i}: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }
}
