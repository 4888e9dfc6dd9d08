using Certus.Control.Networks;
using Certus.Core.Networks;
using Xunit.Abstractions;
using static Certus.Control.Tests.Networks.TinyOnnx;

namespace Certus.Control.Tests.Networks;

/// <summary>Each supported ONNX operator form, in small models built here, gives what ONNX Runtime computes.</summary>
public sealed class OnnxOperatorTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-5;

    private static readonly (double Lo, double Hi)[] Unit4 = [(-1, 1), (-1, 1), (-1, 1), (-1, 1)];

    private void AssertMatchesOnnxRuntime(TinyOnnx model, string name, (double Lo, double Hi)[] box, string? architecture = null)
    {
        byte[] bytes = model.Bytes();
        FeedForwardNetwork network = OnnxNetworkReader.Parse(bytes, name);
        double diff = OnnxRuntimeComparison.MaxDifference(bytes, network, box, 200, seed: 3);
        output.WriteLine($"{name}: {network}; max |reader - ONNX Runtime| = {diff:R}");
        Assert.True(diff <= Tolerance, $"max difference {diff}");
        if (architecture is not null)
        {
            Assert.Equal(architecture, network.ToString());
        }
    }

    [Fact]
    public void Gemm_TransposesScalesAndAddsLikeOnnxRuntime()
    {
        TinyOnnx m = new TinyOnnx()
            .Input("x", 4, 1)
            .Weights("A", 1, 4, 3).Weights("C", 2, 3)
            .Node("Gemm", "g1", ["x", "A", "C"], "h1", Int("transA", 1), Float("alpha", 0.5f), Float("beta", 2f))
            .Node("LeakyRelu", "lr", ["h1"], "h2", Float("alpha", 0.25f))
            .Weights("B", 3, 2, 3).Weights("D", 4, 1, 2)
            .Node("Gemm", "g2", ["h2", "B", "D"], "y", Int("transB", 1), Float("alpha", 0.3f))
            .Output("y");
        AssertMatchesOnnxRuntime(m, "gemm.onnx", Unit4);
    }

    [Fact]
    public void Gemm_WithDataAsB_IsAColumnLayer()
    {
        TinyOnnx m = new TinyOnnx()
            .Input("x", 1, 4)
            .Weights("A", 1, 3, 4).Weights("C", 2, 3, 1)
            .Node("Gemm", "g", ["A", "x", "C"], "h", Int("transB", 1))
            .Node("Tanh", "t", ["h"], "y")
            .Output("y");
        AssertMatchesOnnxRuntime(m, "gemm_b.onnx", Unit4, "4 → 3 tanh");
    }

    [Fact]
    public void MatMulAdd_BothSides_WithShapeOperators()
    {
        TinyOnnx m = new TinyOnnx()
            .Input("x", 4, 1)
            .Weights("W1", 1, 3, 4).Weights("b1", 2, 3, 1)
            .Node("MatMul", "mm1", ["W1", "x"], "a1")
            .Node("Add", "add1", ["a1", "b1"], "z1")
            .Node("Relu", "r1", ["z1"], "h1")
            .IntTensor("shape", 1, -1)
            .Node("Reshape", "rs", ["h1", "shape"], "h1r")
            .Weights("W2", 3, 3, 2).Weights("b2", 4, 2)
            .Node("MatMul", "mm2", ["h1r", "W2"], "a2")
            .Node("Add", "add2", ["b2", "a2"], "z2")
            .Node("Tanh", "t2", ["z2"], "h2")
            .IntTensor("axes0", 0)
            .Node("Unsqueeze", "us", ["h2", "axes0"], "h3")
            .Node("Squeeze", "sq", ["h3", "axes0"], "h4")
            .Node("Identity", "id", ["h4"], "h5")
            .Node("Sigmoid", "s", ["h5"], "y")
            .Output("y");
        AssertMatchesOnnxRuntime(m, "matmul.onnx", Unit4, "4 → 3 relu → 2 tanh → 2 sigmoid");
    }

    [Fact]
    public void InputNormalisation_SubMulDivAdd_BecomesOffsetAndScale()
    {
        TinyOnnx m = new TinyOnnx()
            .Input("x", 1, 4)
            .Tensor("c", [4], [0.5, -1, 2, 0.25])
            .Tensor("s", [1, 4], [2, 4, 0.5, -1])
            .Tensor("d", [], [3])
            .Tensor("a", [4], [1, 1, 1, 1])
            .Node("Sub", "sub", ["c", "x"], "n1")
            .Node("Mul", "mul", ["n1", "s"], "n2")
            .Node("Div", "div", ["n2", "d"], "n3")
            .Node("Add", "add", ["n3", "a"], "n4")
            .Weights("W", 5, 4, 2).Weights("b", 6, 2)
            .Node("Gemm", "g", ["n4", "W", "b"], "y")
            .Output("y");
        AssertMatchesOnnxRuntime(m, "normalise.onnx", Unit4);
        FeedForwardNetwork network = OnnxNetworkReader.Parse(m.Bytes(), "normalise.onnx");
        Assert.Equal([0.5, -1, 2, 0.25], network.InputOffset.Take(4));
    }

    [Fact]
    public void SubOfMean_IsTheInputOffset_AndTrailingAffineIsAnIdentityLayer()
    {
        TinyOnnx m = new TinyOnnx()
            .Input("x", 1, 4)
            .Tensor("mean", [1, 4], [0.1, 0.2, 0.3, 0.4])
            .Node("Sub", "sub", ["x", "mean"], "n")
            .Weights("W", 5, 4, 3).Weights("b", 6, 3)
            .Node("Gemm", "g", ["n", "W", "b"], "h")
            .Node("Relu", "r", ["h"], "h2")
            .Tensor("scale", [], [10])
            .Node("Mul", "out_scale", ["h2", "scale"], "y")
            .Output("y");
        AssertMatchesOnnxRuntime(m, "mean.onnx", Unit4, "4 → 3 relu → 3 identity");
        FeedForwardNetwork network = OnnxNetworkReader.Parse(m.Bytes(), "mean.onnx");
        // The initializer is float: the offset is the float value widened exactly, not the decimal 0.1.
        Assert.Equal([(double)0.1f, (double)0.2f, (double)0.3f, (double)0.4f], network.InputOffset);
    }

    [Fact]
    public void Conv1d_WithPadsAndStrides_ThenFlattenAndGemm()
    {
        TinyOnnx m = new TinyOnnx()
            .Input("x", 1, 2, 5)
            .Weights("K", 1, 3, 2, 3).Weights("kb", 2, 3)
            .Node("Conv", "conv", ["x", "K", "kb"], "c", Ints("pads", 1, 1), Ints("strides", 2), Ints("kernel_shape", 3))
            .Node("Relu", "r", ["c"], "h")
            .Node("Flatten", "f", ["h"], "hf")
            .Weights("W", 3, 2, 9)
            .Node("Gemm", "g", ["hf", "W"], "y", Int("transB", 1))
            .Output("y");
        AssertMatchesOnnxRuntime(m, "conv1d.onnx", [(-1, 1), (-1, 1), (-1, 1), (-1, 1), (-1, 1), (-1, 1), (-1, 1), (-1, 1), (-1, 1), (-1, 1)],
            "10 → 9 relu → 2 identity");
    }

    [Fact]
    public void Conv2d_WithGroupsDilationsAndPads()
    {
        TinyOnnx m = new TinyOnnx()
            .Input("x", 1, 2, 3, 4)
            .Weights("K", 1, 4, 1, 2, 2).Weights("kb", 2, 4)
            .Node("Conv", "conv", ["x", "K", "kb"], "c", Int("group", 2), Ints("dilations", 1, 2), Ints("pads", 1, 0, 0, 1), Ints("strides", 1, 2))
            .Node("Sigmoid", "s", ["c"], "y")
            .Output("y");
        AssertMatchesOnnxRuntime(m, "conv2d.onnx", Enumerable.Repeat((-1.0, 1.0), 24).ToArray(), "24 → 24 sigmoid");
    }

    [Theory]
    [InlineData("SAME_UPPER")]
    [InlineData("SAME_LOWER")]
    [InlineData("VALID")]
    public void Conv2d_WithAutoPad(string autoPad)
    {
        TinyOnnx m = new TinyOnnx()
            .Input("x", 1, 1, 3, 4)
            .Weights("K", 1, 2, 1, 2, 3)
            .Node("Conv", "conv", ["x", "K"], "c", String("auto_pad", autoPad), Ints("strides", 2, 1))
            .Node("Tanh", "t", ["c"], "y")
            .Output("y");
        AssertMatchesOnnxRuntime(m, $"conv2d_{autoPad}.onnx", Enumerable.Repeat((-1.0, 1.0), 12).ToArray());
    }

    [Fact]
    public void OneByOneConv_OnChannelVector_IsADenseLayer()
    {
        TinyOnnx m = new TinyOnnx()
            .Input("x", 1, 1, 1, 4)
            .Weights("K1", 1, 5, 1, 1, 4).Weights("b1", 2, 5)
            .Node("Conv", "full", ["x", "K1", "b1"], "c1", Ints("kernel_shape", 1, 4))
            .Node("Relu", "r", ["c1"], "h")
            .Weights("K2", 3, 2, 5, 1, 1).Weights("b2", 4, 2)
            .Node("Conv", "pointwise", ["h", "K2", "b2"], "c2", Ints("kernel_shape", 1, 1))
            .Node("Flatten", "f", ["c2"], "y")
            .Output("y");
        AssertMatchesOnnxRuntime(m, "conv_dense.onnx", Unit4, "4 → 5 relu → 2 identity");
    }

    [Fact]
    public void DoubleModel_IsReadWithoutRounding()
    {
        TinyOnnx m = new TinyOnnx(elementType: 11)
            .Input("x", 1, 4)
            .Tensor("W", [2, 4], [0.1, 0.2, 0.3, 0.4, 1.0 / 3, 2.0 / 3, Math.PI, Math.E])
            .Tensor("b", [2], [0.7, -0.7])
            .Node("Gemm", "g", ["x", "W", "b"], "y", Int("transB", 1))
            .Output("y");
        FeedForwardNetwork network = OnnxNetworkReader.Parse(m.Bytes(), "double.onnx");
        Assert.Equal(1.0 / 3, network.Layers[0].Weight(1, 0));
        Assert.Equal(Math.PI, network.Layers[0].Weight(1, 2));
        AssertMatchesOnnxRuntime(m, "double.onnx", Unit4, "4 → 2 identity");
    }

    [Fact]
    public void ConstantNodes_ProvideWeightsAndShapes()
    {
        TinyOnnx m = new TinyOnnx()
            .Input("x", 1, 4)
            .ConstantNode("W", [4, 3], [0.5, -1, 0.25, 1, 2, -0.5, 0.125, 0, 1, -2, 1, 0.75])
            .ConstantNode("b", [3], [0.1, 0.2, -0.3])
            .ConstantInts("shape", 3, 1)
            .Node("MatMul", "mm", ["x", "W"], "a")
            .Node("Add", "add", ["a", "b"], "z")
            .Node("Reshape", "rs", ["z", "shape"], "zc")
            .Node("Relu", "r", ["zc"], "y")
            .Output("y");
        AssertMatchesOnnxRuntime(m, "constants.onnx", Unit4, "4 → 3 relu");
    }

    [Fact]
    public void LegacyBroadcast_WithAxis_AddsPerChannel()
    {
        TinyOnnx m = new TinyOnnx(opset: 6)
            .Input("x", 1, 3, 2)
            .Tensor("c", [3], [1, -2, 0.5])
            .Node("Add", "add", ["x", "c"], "n", Int("broadcast", 1), Int("axis", 1))
            .Node("Flatten", "f", ["n"], "nf", Int("axis", 1))
            .Weights("W", 1, 6, 2).Weights("gc", 2, 2)
            .Node("Gemm", "g", ["nf", "W", "gc"], "y", Int("broadcast", 1))
            .Output("y");
        // ONNX Runtime has no Add(6) kernel, so this one is checked by hand: the constant lands on the channel axis.
        FeedForwardNetwork network = OnnxNetworkReader.Parse(m.Bytes(), "legacy.onnx");
        Assert.Equal("6 → 2 identity", network.ToString());
        Assert.Equal([-1.0, -1, 2, 2, -0.5, -0.5], network.InputOffset);
    }

    [Fact]
    public void Float16Weights_AreWidenedExactly()
    {
        TinyOnnx m = new TinyOnnx().Input("x", 1, 2).Output("y");
        var w = new Onnx.TensorProto { Name = "W", DataType = 10 };
        w.Dims.Add([2, 1]);
        w.Int32Data.Add([BitConverter.HalfToUInt16Bits((Half)(1.0 / 3)), BitConverter.HalfToUInt16Bits((Half)(-2.5))]);
        m.Graph.Initializer.Add(w);
        m.Node("MatMul", "mm", ["x", "W"], "y");
        FeedForwardNetwork network = OnnxNetworkReader.Parse(m.Bytes(), "half.onnx");
        Assert.Equal((double)(Half)(1.0 / 3), network.Layers[0].Weight(0, 0));
        Assert.Equal(-2.5, network.Layers[0].Weight(0, 1));
    }

    [Fact]
    public void NodesOutOfOrder_AreReadByDataFlow()
    {
        TinyOnnx m = new TinyOnnx()
            .Input("x", 1, 4)
            .Weights("W2", 2, 3, 1).Weights("W1", 1, 4, 3)
            .Node("MatMul", "second", ["h", "W2"], "y")
            .Node("Relu", "act", ["a"], "h")
            .Node("MatMul", "first", ["x", "W1"], "a")
            .Node("Softmax", "dead_branch", ["x"], "unused")
            .Output("y");
        FeedForwardNetwork network = OnnxNetworkReader.Parse(m.Bytes(), "unordered.onnx");
        Assert.Equal("4 → 3 relu → 1 identity", network.ToString());
    }
}
