using Certus.Core.Networks;
using Xunit.Abstractions;

namespace Certus.Control.Tests.Networks;

/// <summary>
/// The same controller shipped in two formats computes the same function (to 1e-3 on 1000 random inputs), and the
/// documented differences (the ACC ONNX shift, the ReachNN output scaling) are exactly what the READMEs say.
/// </summary>
public sealed class TwinAgreementTests(ITestOutputHelper output)
{
    private const int Samples = 1000;
    private const double Tolerance = 1e-3;

    [Theory]
    [InlineData("tora/controllerTora.onnx", "tora/TORA_ReLU_controller.polar")]
    [InlineData("tora_heterogeneous/nn_tora_relu_tanh.onnx", "tora_heterogeneous/TORA_ReLUtanh_controller.polar")]
    [InlineData("tora_heterogeneous/nn_tora_sigmoid.onnx", "tora_heterogeneous/TORA_sigmoid_controller.polar")]
    [InlineData("single_pendulum/controller_single_pendulum.onnx", "single_pendulum/InvertedPendulum_controller.polar")]
    [InlineData("single_pendulum/controller_single_pendulum.nnet", "single_pendulum/InvertedPendulum_controller.polar")]
    [InlineData("single_pendulum/controller_single_pendulum.onnx", "single_pendulum/controller_single_pendulum.nnet")]
    [InlineData("airplane/controller_airplane.onnx", "airplane/Airplane_controller.polar")]
    public void Twins_AgreeOnRandomInputs(string first, string second)
    {
        double diff = MaxDifference(SpecNetworks.Load(first), x => x, SpecNetworks.Load(second), y => y, Boxes.For(first));
        output.WriteLine($"max |{first} - {second}| = {diff:R}");
        Assert.True(diff <= Tolerance, $"max difference {diff}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    public void VcasOnnx_EqualsVcasPolar(int advisory)
    {
        string onnx = $"vcas/VertCAS_noResp_pra{advisory:D2}_v9_20HU_200.onnx", polar = $"vcas/VerticalCAS_controller_{advisory}.polar";
        FeedForwardNetwork a = SpecNetworks.Load(onnx), b = SpecNetworks.Load(polar);
        Assert.Equal((3, 9), (a.InputSize, a.OutputSize));
        double diff = MaxDifference(a, x => x, b, y => y, Boxes.Vcas);
        output.WriteLine($"max |{onnx} - {polar}| = {diff:R}");
        Assert.True(diff <= Tolerance, $"max difference {diff}");
    }

    [Fact]
    public void AccOnnx_EqualsAccPolar_AtInputMinusOne()
    {
        FeedForwardNetwork onnx = SpecNetworks.Load("acc/controller_5_20.onnx");
        FeedForwardNetwork polar = SpecNetworks.Load("acc/ACC_controller_relu.polar");
        double shifted = MaxDifference(onnx, x => x, polar, x => x.Select(v => v - 1).ToArray(), Boxes.Acc);
        double unshifted = MaxDifference(onnx, x => x, polar, x => x, Boxes.Acc);
        output.WriteLine($"max |acc onnx(x) - acc polar(x - 1)| = {shifted:R}; max |acc onnx(x) - acc polar(x)| = {unshifted:R}");
        Assert.True(shifted <= Tolerance, $"max difference {shifted}");
        Assert.True(unshifted > 0.01, "the ACC ONNX and POLAR files are documented to differ without the shift");
    }

    [Theory]
    [InlineData("tora_heterogeneous/nn_tora_relu_tanh.txt", "tora_heterogeneous/TORA_ReLUtanh_controller.polar", 0.0, 11.0)]
    [InlineData("tora_heterogeneous/nn_tora_sigmoid.txt", "tora_heterogeneous/TORA_sigmoid_controller.polar", 0.0, 11.0)]
    [InlineData("tora_heterogeneous/nn_tora_sigmoid_ARCH2024_version.txt", "tora_heterogeneous/TORA_sigmoid_controller.polar", 0.5, 22.0)]
    public void ReachNnText_IsPolarThenOffsetAndScale(string text, string polar, double offset, double scale)
    {
        double diff = MaxDifference(SpecNetworks.Load(text), x => x, SpecNetworks.Load(polar), y => y, Boxes.Tora,
            mapSecond: y => (y - offset) * scale);
        output.WriteLine($"max |{text} - ({polar} - {offset}) * {scale}| = {diff:R}");
        Assert.True(diff <= 1e-12, $"max difference {diff}");
    }

    private static double MaxDifference(
        FeedForwardNetwork a,
        Func<double[], double[]> inputA,
        FeedForwardNetwork b,
        Func<double[], double[]> inputB,
        (double Lo, double Hi)[] box,
        Func<double, double>? mapSecond = null)
    {
        double max = 0;
        foreach (double[] x in Boxes.Sample(box, Samples, seed: 20240521))
        {
            double[] ya = a.Evaluate(inputA(x));
            double[] yb = b.Evaluate(inputB(x));
            Assert.Equal(ya.Length, yb.Length);
            for (int i = 0; i < ya.Length; i++)
            {
                double second = mapSecond is null ? yb[i] : mapSecond(yb[i]);
                max = Math.Max(max, Math.Abs(ya[i] - second));
            }
        }

        return max;
    }
}
