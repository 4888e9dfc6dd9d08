using Certus.Control.MadPinn;
using static TorchSharp.torch;

namespace Certus.Training;

/// <summary>The epigraph problem's l, g, terminal value, Hamiltonian and VI residual on batches of torch tensors (rows = points).</summary>
internal static class EpigraphTorch
{
    private const double NormEpsilon = 1e-12;

    public static Tensor Norm(Tensor v) => (v.pow(2).sum(1) + NormEpsilon).sqrt();

    public static Tensor RunningCost(MadPinnProblem p, Tensor s)
    {
        Tensor sum = Norm(s.narrow(1, p.GoalIndex(0), 2));
        for (int j = 1; j <= p.Neighbours; j++)
        {
            sum = sum + Norm(s.narrow(1, p.GoalIndex(j), 2));
        }

        return sum / (p.Neighbours + 1);
    }

    /// <summary>g, or null when the problem has no constraint.</summary>
    public static Tensor? Constraint(MadPinnProblem p, Tensor s)
    {
        Tensor? g = null;
        void Max(Tensor t) => g = g is null ? t : maximum(g, t);
        for (int i = 1; i <= p.Neighbours; i++)
        {
            Tensor qi = s.narrow(1, MadPinnProblem.OffsetIndex(i), 2);
            Max(p.SafetyRadius - Norm(qi));
            for (int j = i + 1; j <= p.Neighbours; j++)
            {
                Max(p.SafetyRadius - Norm(qi - s.narrow(1, MadPinnProblem.OffsetIndex(j), 2)));
            }
        }

        Tensor e0 = s.narrow(1, p.GoalIndex(0), 2);
        foreach (Core.Navigation.DiscObstacle o in p.Obstacles)
        {
            Tensor c = tensor(new[] { o.CenterX, o.CenterY }, dtype: s.dtype);
            Max(o.Radius - Norm(-e0 - c));
        }

        return g;
    }

    public static Tensor TerminalValue(MadPinnProblem p, Tensor s, Tensor z)
    {
        Tensor cost = RunningCost(p, s) - z;
        return Constraint(p, s) is { } g ? maximum(g, cost) : cost;
    }

    public static Tensor Hamiltonian(MadPinnProblem p, Tensor s, Tensor ps, Tensor pz)
    {
        Tensor c0 = -ps.narrow(1, p.GoalIndex(0), 2);
        Tensor h = zeros_like(pz);
        for (int j = 1; j <= p.Neighbours; j++)
        {
            Tensor pq = ps.narrow(1, MadPinnProblem.OffsetIndex(j), 2);
            c0 = c0 - pq;
            h = h + Min(p, pq - ps.narrow(1, p.GoalIndex(j), 2));
        }

        return h + Min(p, c0) - (pz * RunningCost(p, s));
    }

    /// <summary>
    /// The VI residual <c>min(∂V/∂τ − H, V − g)</c> (or <c>∂V/∂τ − H</c> without a constraint) at raw inputs
    /// <c>(τ, s, z)</c>; <paramref name="value"/> maps raw inputs to V (one per row). Returns (residual, V).
    /// </summary>
    public static (Tensor Residual, Tensor Value) Residual(MadPinnProblem p, Func<Tensor, Tensor> value, Tensor inputs)
    {
        int n = p.StateDimension;
        Tensor x = inputs.detach().clone().requires_grad_(true);
        Tensor v = value(x);
        Tensor grad = autograd.grad([v.sum()], [x], retain_graph: true, create_graph: true)[0];
        Tensor vt = grad.select(1, 0);
        Tensor ps = grad.narrow(1, 1, n);
        Tensor pz = grad.select(1, n + 1);
        Tensor raw = x.detach();
        Tensor s = raw.narrow(1, 1, n);
        Tensor r = vt - Hamiltonian(p, s, ps, pz);
        if (Constraint(p, s) is { } g)
        {
            r = minimum(r, v - g);
        }

        return (r, v);
    }

    private static Tensor Min(MadPinnProblem p, Tensor c) =>
        p.InputSet == MadPinnInputSet.Box ? -p.MaxSpeed * c.abs().sum(1) : -p.MaxSpeed * Norm(c);
}
