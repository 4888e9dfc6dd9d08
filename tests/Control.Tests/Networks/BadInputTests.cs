using System.Text;
using Certus.Control.Networks;
using Certus.Core.Networks;
using static Certus.Control.Tests.Networks.TinyOnnx;

namespace Certus.Control.Tests.Networks;

/// <summary>Specific malformed inputs give a <see cref="NetworkFormatException"/> that names the file, the place and the problem.</summary>
public sealed class BadInputTests
{
    private static string PolarText(string file) => File.ReadAllText(SpecNetworks.PathOf(file));

    /// <summary>Replaces line <paramref name="line"/> (1-based) of the text.</summary>
    private static string WithLine(string text, int line, string replacement)
    {
        string[] lines = text.Split('\n');
        lines[line - 1] = replacement;
        return string.Join('\n', lines);
    }

    [Theory]
    [InlineData("missing.onnx")]
    [InlineData("missing.nnet")]
    [InlineData("missing.polar")]
    [InlineData("missing.json")]
    [InlineData("missing.txt")]
    public void MissingFile_MessageNamesThePath(string name)
    {
        string path = Path.Combine(Path.GetTempPath(), "certus-no-such-folder", name);
        var e = Assert.Throws<NetworkFormatException>(() => NetworkFile.Load(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
        Assert.Equal(path, e.SourceName);
    }

    [Fact]
    public void MissingFile_EachReaderThrowsTheSameType()
    {
        string path = Path.Combine(Path.GetTempPath(), "certus-no-such-folder", "x");
        Assert.Throws<NetworkFormatException>(() => OnnxNetworkReader.Read(path));
        Assert.Throws<NetworkFormatException>(() => NNetText.Read(path));
        Assert.Throws<NetworkFormatException>(() => Certus.Control.Networks.PolarText.Read(path));
        Assert.Throws<NetworkFormatException>(() => ReachNnText.Read(path, Activation.Relu, Activation.Identity));
        Assert.Throws<NetworkFormatException>(() => CertusNetworkJson.Read(path));
        Assert.Throws<NetworkFormatException>(() => NetworkFile.Load(Path.GetTempPath()));
    }

    [Fact]
    public void Polar_NaNWeight_NamesTheLine()
    {
        // Line 9 of the pendulum file is the first weight of neuron 1 in hidden layer 1.
        string text = WithLine(PolarText("single_pendulum/InvertedPendulum_controller.polar"), 9, "NaN");
        var e = Assert.Throws<NetworkFormatException>(() => Certus.Control.Networks.PolarText.Parse(text, "pendulum.polar"));
        Assert.Equal("line 9", e.Place);
        Assert.Contains("pendulum.polar: line 9:", e.Message, StringComparison.Ordinal);
        Assert.Contains("weight 1 of neuron 1 in hidden layer 1", e.Message, StringComparison.Ordinal);
        Assert.Contains("NaN", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Infinity")]
    [InlineData("-1e400")]
    [InlineData("1.2.3")]
    [InlineData("0x10")]
    public void Polar_BadNumber_NamesTheLineAndTheToken(string token)
    {
        string text = WithLine(PolarText("single_pendulum/InvertedPendulum_controller.polar"), 11, token);
        var e = Assert.Throws<NetworkFormatException>(() => Certus.Control.Networks.PolarText.Parse(text, "p.polar"));
        Assert.Contains("line 11", e.Message, StringComparison.Ordinal);
        Assert.Contains("the bias of neuron 1 in hidden layer 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Polar_UnknownActivation_NamesItAndTheLine()
    {
        string text = WithLine(PolarText("single_pendulum/InvertedPendulum_controller.polar"), 7, "Swish");
        var e = Assert.Throws<NetworkFormatException>(() => Certus.Control.Networks.PolarText.Parse(text, "p.polar"));
        Assert.Contains("line 7", e.Message, StringComparison.Ordinal);
        Assert.Contains("unknown activation 'Swish'", e.Message, StringComparison.Ordinal);
        Assert.Contains("hidden layer 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Polar_Truncated_SaysWhatWasExpected()
    {
        string[] lines = PolarText("single_pendulum/InvertedPendulum_controller.polar").Split('\n');
        string text = string.Join('\n', lines.Take(100));
        var e = Assert.Throws<NetworkFormatException>(() => Certus.Control.Networks.PolarText.Parse(text, "p.polar"));
        Assert.Contains("the file ends where", e.Message, StringComparison.Ordinal);
        Assert.Contains("line 100", e.Message, StringComparison.Ordinal);
        Assert.Contains("hidden layer 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Polar_ExtraNumbers_AreRejected()
    {
        string text = PolarText("single_pendulum/InvertedPendulum_controller.polar").TrimEnd() + "\n7\n";
        var e = Assert.Throws<NetworkFormatException>(() => Certus.Control.Networks.PolarText.Parse(text, "p.polar"));
        Assert.Contains("line 762", e.Message, StringComparison.Ordinal);
        Assert.Contains("after the output scale", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("4\n1\n1\n2000000000\nReLU\nAffine\n")]
    [InlineData("100000\n100000\n0\nAffine\n1\n")]
    [InlineData("4\n1\n2147483647\n")]
    [InlineData("-4\n1\n1\n")]
    public void Polar_AbsurdSizes_AreRefusedBeforeAllocating(string text)
    {
        var e = Assert.Throws<NetworkFormatException>(() => Certus.Control.Networks.PolarText.Parse(text, "huge.polar"));
        Assert.Contains("huge.polar: line", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReachNnText_WithoutActivations_GivesAClearError()
    {
        string path = SpecNetworks.PathOf("tora_heterogeneous/nn_tora_sigmoid.txt");
        var e = Assert.Throws<NetworkFormatException>(() => NetworkFile.Load(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("HiddenActivation", e.Message, StringComparison.Ordinal);
        Assert.Contains("does not store activations", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReachNnText_NaNWeight_NamesTheLine()
    {
        string text = WithLine(File.ReadAllText(SpecNetworks.PathOf("tora_heterogeneous/nn_tora_relu_tanh.txt")), 20, "nan");
        var e = Assert.Throws<NetworkFormatException>(() => ReachNnText.Parse(text, "t.txt", Activation.Relu, Activation.Tanh));
        Assert.Contains("t.txt: line 20", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NNet_NaNWeight_NamesTheLine()
    {
        string text = WithLine(File.ReadAllText(SpecNetworks.PathOf("single_pendulum/controller_single_pendulum.nnet")), 12, "-0.26350, NaN ");
        var e = Assert.Throws<NetworkFormatException>(() => NNetText.Parse(text, "p.nnet"));
        Assert.Contains("p.nnet: line 12", e.Message, StringComparison.Ordinal);
        Assert.Contains("weight row 2 of hidden layer 1", e.Message, StringComparison.Ordinal);
        Assert.Contains("NaN", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NNet_ShortRow_NamesTheLineAndTheCount()
    {
        string text = WithLine(File.ReadAllText(SpecNetworks.PathOf("single_pendulum/controller_single_pendulum.nnet")), 13, "0.14823");
        var e = Assert.Throws<NetworkFormatException>(() => NNetText.Parse(text, "p.nnet"));
        Assert.Contains("p.nnet: line 13", e.Message, StringComparison.Ordinal);
        Assert.Contains("has 1 values, expected 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NNet_Normalisation_IsMappedExactly()
    {
        const string Text = """
            // a tiny NNet file
            1, 2, 1, 2,
            2, 1,
            0,
            -1, -2,
            1, 2,
            0.5, 1, 3,
            2, 0, 4,
            1, 1,
            0,
            """;
        (FeedForwardNetwork network, NNetMetadata metadata) = NNetText.ParseWithMetadata(Text, "tiny.nnet");
        Assert.Equal([0.5, 1], network.InputOffset);
        Assert.Equal([0.5, 1], network.InputScale);
        Assert.Equal([3.0], network.OutputOffset);
        Assert.Equal([4.0], network.OutputScale);
        Assert.Equal([-1.0, -2], metadata.InputMinimums);
        Assert.Equal([1.0, 2], metadata.InputMaximums);
        Assert.True(metadata.ReplacedZeroRanges);
        Assert.False(metadata.HasPlaceholderNormalization);

        // y = ((x0 - 0.5) / 2 + (x1 - 1)) * 4 + 3; no clipping to [min, max].
        Assert.Equal([((((5 - 0.5) / 2) + (7 - 1)) * 4) + 3], network.Evaluate([5, 7]));
    }

    [Fact]
    public void Json_UnknownActivation_NamesIt()
    {
        const string Json = """{ "format": "certus-network", "version": 1, "layers": [ { "activation": "swish", "weights": [[1]], "bias": [0] } ] }""";
        var e = Assert.Throws<NetworkFormatException>(() => CertusNetworkJson.Parse(Json, "n.json"));
        Assert.Contains("'swish'", e.Message, StringComparison.Ordinal);
        Assert.Contains("$.layers[0].activation", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "format": "certus-network", "version": 1, "layers": [ { "activation": "relu", "weights": [[1e999]], "bias": [0] } ] }""", "$.layers[0].weights[0][0]")]
    [InlineData("""{ "format": "certus-network", "version": 1, "layers": [ { "activation": "relu", "weights": [[1, 2], [3]], "bias": [0, 0] } ] }""", "$.layers[0].weights[1]")]
    [InlineData("""{ "format": "certus-network", "version": 1, "layers": [ { "activation": "relu", "weights": [[1]], "bias": [0, 1] } ] }""", "$.layers[0].bias")]
    [InlineData("""{ "format": "certus-network", "version": 2, "layers": [] }""", "$.version")]
    [InlineData("""{ "format": "onnx", "version": 1, "layers": [] }""", "$.format")]
    [InlineData("""{ "format": "certus-network", "version": 1, "layers": [ { "activation": "relu", "weights": [[1]], "bias": [0] } ], "inputOfset": [0] }""", "$.inputOfset")]
    [InlineData("""{ "format": "certus-network", "version": 1, "inputScale": [1, 2], "layers": [ { "activation": "relu", "weights": [[1]], "bias": [0] } ] }""", "$.inputScale")]
    [InlineData("""{ "format": "certus-network", "version": 1, "layers": [ { "activation": "relu", "weights": [[1]], "bias": [NaN] } ] }""", "line 1")]
    [InlineData("""{ "format": "certus-network", "version": 1, "layers": [ { "activation": "relu", "weights": [[1]], "bias": [0] } ] """, "line 1")]
    public void Json_BadContent_NamesThePlace(string json, string place)
    {
        var e = Assert.Throws<NetworkFormatException>(() => CertusNetworkJson.Parse(json, "n.json"));
        Assert.Contains("n.json: " + place, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Onnx_UnsupportedOperator_NamesTheOperatorTheNodeAndTheFile()
    {
        TinyOnnx m = new TinyOnnx()
            .Input("x", 1, 4)
            .Weights("W", 1, 3, 4).Weights("b", 2, 3)
            .Node("Gemm", "dense", ["x", "W", "b"], "h", Int("transB", 1))
            .Node("Softmax", "probabilities", ["h"], "y", Int("axis", 1))
            .Output("y");
        var e = Assert.Throws<NetworkFormatException>(() => OnnxNetworkReader.Parse(m.Bytes(), "classifier.onnx"));
        Assert.Contains("Softmax", e.Message, StringComparison.Ordinal);
        Assert.Contains("'probabilities'", e.Message, StringComparison.Ordinal);
        Assert.Contains("classifier.onnx", e.Message, StringComparison.Ordinal);
        Assert.Equal("node 'probabilities' (Softmax)", e.Place);
    }

    [Fact]
    public void Onnx_ResidualConnection_IsRefusedWithTheNode()
    {
        TinyOnnx m = new TinyOnnx()
            .Input("x", 1, 4)
            .Weights("W", 1, 4, 4)
            .Node("MatMul", "mm", ["x", "W"], "h")
            .Node("Add", "skip", ["h", "x"], "y")
            .Output("y");
        var e = Assert.Throws<NetworkFormatException>(() => OnnxNetworkReader.Parse(m.Bytes(), "resnet.onnx"));
        Assert.Contains("node 'skip' (Add)", e.Message, StringComparison.Ordinal);
        Assert.Contains("two data tensors", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Onnx_NaNInitializer_NamesTheInitializer()
    {
        TinyOnnx m = new TinyOnnx()
            .Input("x", 1, 2)
            .Tensor("W", [2, 1], [1, double.NaN])
            .Node("MatMul", "mm", ["x", "W"], "y")
            .Output("y");
        var e = Assert.Throws<NetworkFormatException>(() => OnnxNetworkReader.Parse(m.Bytes(), "nan.onnx"));
        Assert.Contains("initializer 'W'", e.Message, StringComparison.Ordinal);
        Assert.Contains("entry 2 of 2 is NaN", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Onnx_GarbageAndTruncation_AreNotOnnx()
    {
        byte[] bytes = File.ReadAllBytes(SpecNetworks.PathOf("tora/controllerTora.onnx"));
        var e = Assert.Throws<NetworkFormatException>(() => OnnxNetworkReader.Parse(bytes[..(bytes.Length / 2)], "half.onnx"));
        Assert.StartsWith("half.onnx: ", e.Message, StringComparison.Ordinal);
        Assert.Throws<NetworkFormatException>(() => OnnxNetworkReader.Parse(Encoding.UTF8.GetBytes("hello, world"), "text.onnx"));
        Assert.Throws<NetworkFormatException>(() => OnnxNetworkReader.Parse([], "empty.onnx"));
    }

    [Fact]
    public void Onnx_AbsurdInitializerShape_IsRefusedBeforeAllocating()
    {
        TinyOnnx m = new TinyOnnx().Input("x", 1, 2).Tensor("W", [2, 1], [1, 2]).Node("MatMul", "mm", ["x", "W"], "y").Output("y");
        m.Graph.Initializer[0].Dims[1] = 1L << 40;
        var e = Assert.Throws<NetworkFormatException>(() => OnnxNetworkReader.Parse(m.Bytes(), "big.onnx"));
        Assert.Contains("initializer 'W'", e.Message, StringComparison.Ordinal);
    }
}
