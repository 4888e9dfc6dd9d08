using Certus.Control.MadPinn;
using Certus.Core.Navigation;
using static TorchSharp.torch;

namespace Certus.Training.Tests.MadPinn;

/// <summary>The VI residual and the Hamiltonian of the reduced epigraph problem.</summary>
public sealed class EpigraphResidualTests
{
    private const double Speed = 0.6;

    /// <summary>
    /// One agent, disc inputs, no constraint: the cheapest control runs straight at the goal, so with r = ‖e₀‖
    /// <c>V = rτ − vτ²/2 + r − vτ − z</c> while <c>r ≥ vτ</c> and <c>V = r²/(2v) − z</c> after arrival (terminal cost = l).
    /// </summary>
    private static Tensor ClosedForm(Tensor x)
    {
        Tensor tau = x.select(1, 0);
        Tensor r = (x.narrow(1, 1, 2).pow(2).sum(1) + 1e-30).sqrt();
        Tensor z = x.select(1, 3);
        Tensor travelling = (r * tau) - (Speed * tau.pow(2) / 2) + r - (Speed * tau);
        Tensor arrived = r.pow(2) / (2 * Speed);
        return where(r >= Speed * tau, travelling, arrived) - z;
    }

    [Fact]
    public void Residual_OfTheClosedFormValue_IsZero()
    {
        using var scope = NewDisposeScope();
        var p = new MadPinnProblem { Neighbours = 0, MaxSpeed = Speed, InputSet = MadPinnInputSet.Ball, Horizon = 2 };
        var rng = new Random(3);
        var rows = new List<double>();
        int count = 0;
        while (count < 200)
        {
            double tau = 2 * rng.NextDouble(), ex = (3 * rng.NextDouble()) - 1.5, ey = (3 * rng.NextDouble()) - 1.5, z = 4 * rng.NextDouble();
            double r = Math.Sqrt((ex * ex) + (ey * ey));
            if (r < 0.05 || Math.Abs(r - (Speed * tau)) < 0.02)
            {
                continue; // the kinks: V is not differentiable there
            }

            rows.AddRange([tau, ex, ey, z]);
            count++;
        }

        Tensor x = tensor(rows.ToArray(), dtype: float64).reshape(count, 4);
        (Tensor residual, _) = EpigraphTorch.Residual(p, ClosedForm, x);
        double max = residual.abs().max().item<double>();
        Assert.True(max < 1e-9, $"max |residual| = {max}");
    }

    [Fact]
    public void Residual_OfAWrongValue_IsNotZero()
    {
        using var scope = NewDisposeScope();
        var p = new MadPinnProblem { Neighbours = 0, MaxSpeed = Speed, InputSet = MadPinnInputSet.Ball, Horizon = 2 };
        Tensor x = tensor(new double[] { 1.0, 1.2, 0.3, 1.0, 0.5, -0.9, 0.8, 2.0 }, dtype: float64).reshape(2, 4);
        // The VI is positively homogeneous in V, so a scaled value would still pass; a drift in τ does not.
        (Tensor residual, _) = EpigraphTorch.Residual(p, v => ClosedForm(v) + (0.1 * v.select(1, 0)), x);
        Assert.Equal(0.1, residual.abs().min().item<double>(), 9);
        Assert.Equal(0.1, residual.abs().max().item<double>(), 9);
    }

    [Fact]
    public void Residual_WhereTheConstraintBinds_IsZero()
    {
        // V = g everywhere a neighbour overlaps: min(V_τ − H, V − g) = 0 through the second argument when V_τ − H ≥ 0.
        using var scope = NewDisposeScope();
        var p = new MadPinnProblem { Neighbours = 1, Horizon = 1 };
        Tensor x = tensor(new double[] { 0.5, 0.1, 0.05, 0.3, 0.2, -0.1, 0.4, 1.0 }, dtype: float64).reshape(1, 8);
        (Tensor residual, Tensor v) = EpigraphTorch.Residual(p, t => 10 + (0 * t.sum(1)), x);
        Assert.Equal(10.0, v.item<double>(), 12);
        Assert.Equal(0.0, EpigraphTorch.Hamiltonian(p, x.narrow(1, 1, 6), zeros(1, 6, dtype: float64), zeros(1, dtype: float64)).item<double>(), 12);
        Assert.Equal(0.0, residual.item<double>(), 12); // V_τ − H = 0 for a constant
    }

    [Fact]
    public void TorchAndScalarHamiltonians_Agree()
    {
        using var scope = NewDisposeScope();
        var rng = new Random(5);
        foreach (MadPinnInputSet set in new[] { MadPinnInputSet.Box, MadPinnInputSet.Ball })
        {
            var p = new MadPinnProblem { Neighbours = 2, InputSet = set, Obstacles = [new DiscObstacle(0.5, 0.2, 0.3)] };
            int n = p.StateDimension;
            double[] s = [.. Enumerable.Range(0, n).Select(_ => (2 * rng.NextDouble()) - 1)];
            double[] ps = [.. Enumerable.Range(0, n).Select(_ => (2 * rng.NextDouble()) - 1)];
            double pz = rng.NextDouble();
            double expected = p.Hamiltonian(s, ps, pz);
            double got = EpigraphTorch.Hamiltonian(p, tensor(s, dtype: float64).reshape(1, n), tensor(ps, dtype: float64).reshape(1, n), tensor(new[] { pz }, dtype: float64)).item<double>();
            Assert.Equal(expected, got, 10);
            Assert.Equal(p.Constraint(s), EpigraphTorch.Constraint(p, tensor(s, dtype: float64).reshape(1, n))!.item<double>(), 10);
            Assert.Equal(p.RunningCost(s), EpigraphTorch.RunningCost(p, tensor(s, dtype: float64).reshape(1, n)).item<double>(), 10);
        }
    }

    [Fact]
    public void Hamiltonian_IsTheMinimumOverTheBoxOfTheDirectionalDerivative()
    {
        // Brute force over the vertices of the joint box: H = min_u ∇V·f(s, u) − V_z l.
        var p = new MadPinnProblem { Neighbours = 1 };
        double[] s = [0.3, -0.4, 1.0, 0.5, -0.2, 0.7];
        double[] ps = [0.9, -0.1, 0.4, -0.6, 0.2, 0.3];
        double best = double.PositiveInfinity;
        for (int mask = 0; mask < 16; mask++)
        {
            double u0x = (mask & 1) != 0 ? 0.6 : -0.6, u0y = (mask & 2) != 0 ? 0.6 : -0.6, u1x = (mask & 4) != 0 ? 0.6 : -0.6, u1y = (mask & 8) != 0 ? 0.6 : -0.6;
            // q̇ = u1 − u0, ė0 = −u0, ė1 = −u1
            double dot = (ps[0] * (u1x - u0x)) + (ps[1] * (u1y - u0y)) - (ps[2] * u0x) - (ps[3] * u0y) - (ps[4] * u1x) - (ps[5] * u1y);
            best = Math.Min(best, dot);
        }

        Assert.Equal(best - (0.7 * p.RunningCost(s)), p.Hamiltonian(s, ps, 0.7), 12);
    }
}
