using static TorchSharp.torch;

namespace Certus.Training.Tests;

/// <summary>
/// Proves that TorchSharp's native library loads on this machine and that autograd works through autograd
/// (the physics-informed losses need second derivatives). A broken native set-up fails here, loudly.
/// </summary>
public sealed class TorchSharpSmokeTests
{
    [Fact]
    public void NativeLibrary_Loads()
    {
        Assert.True(TorchRuntime.IsAvailable, TorchRuntime.FixHint);
        TorchRuntime.EnsureAvailable();
    }

    [Fact]
    public void SecondDerivative_OfCubic_IsSixX()
    {
        using var scope = NewDisposeScope();
        Tensor x = tensor(new[] { -1.5, 0.0, 2.0, 3.25 }, dtype: float64).requires_grad_(true);
        Tensor y = x.pow(3).sum();

        Tensor dy = autograd.grad([y], [x], retain_graph: true, create_graph: true)[0];
        Tensor d2y = autograd.grad([dy.sum()], [x], retain_graph: true, create_graph: false)[0];

        double[] first = dy.detach().data<double>().ToArray();
        double[] second = d2y.detach().data<double>().ToArray();
        double[] xs = [-1.5, 0.0, 2.0, 3.25];
        for (int i = 0; i < xs.Length; i++)
        {
            Assert.Equal(3 * xs[i] * xs[i], first[i], 12);
            Assert.Equal(6 * xs[i], second[i], 12);
        }
    }

    [Fact]
    public void MixedSecondDerivative_OfSinNetworkOutput_MatchesFiniteDifferences()
    {
        using var scope = NewDisposeScope();
        // u(t, x) = sin(3t + 2x^2): d/dx d/dt u = -12 x sin(3t + 2x^2) ... checked against the closed form.
        Tensor t = tensor(new[] { 0.1, 0.7 }, dtype: float64).requires_grad_(true);
        Tensor x = tensor(new[] { -0.4, 1.1 }, dtype: float64).requires_grad_(true);
        Tensor u = (3 * t + 2 * x.pow(2)).sin();
        Tensor ut = autograd.grad([u.sum()], [t], retain_graph: true, create_graph: true)[0];
        Tensor utx = autograd.grad([ut.sum()], [x], retain_graph: true, create_graph: false)[0];

        double[] tv = [0.1, 0.7], xv = [-0.4, 1.1];
        double[] got = utx.detach().data<double>().ToArray();
        for (int i = 0; i < 2; i++)
        {
            double expected = -12 * xv[i] * Math.Sin((3 * tv[i]) + (2 * xv[i] * xv[i]));
            Assert.Equal(expected, got[i], 12);
        }
    }
}
