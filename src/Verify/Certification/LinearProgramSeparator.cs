using Certus.Core.Expressions;
using Certus.Core.Numerics;
using Certus.Core.Sets;
using Certus.Reach.ClosedLoop;
using Google.OrTools.LinearSolver;

namespace Certus.Verify.Certification;

/// <summary>
/// Separates a box from a polytope <c>{x : h_i(x) ≤ 0 for all i}</c> (h_i affine in the states) with an OR-Tools
/// linear program (GLOP): minimise t subject to h_i(x) ≤ t for x in the box. An optimum t* &gt; 0 means the sets are
/// disjoint; its dual multipliers λ (normalised) are a candidate certificate: <c>Σ λ_i h_i(x) ≥ t*</c> on the box.
/// The floating-point LP only proposes λ; the certificate is confirmed by evaluating <c>Σ λ_i h_i</c> over the box
/// in sound interval arithmetic, whose lower bound is returned.
/// </summary>
public sealed class LinearProgramSeparator : IPolytopeSeparator
{
    /// <inheritdoc/>
    public double SeparationMargin(IReadOnlyList<Expr> polytope, IReadOnlyList<string> states, Box box, Interval time)
    {
        ArgumentNullException.ThrowIfNull(polytope);
        ArgumentNullException.ThrowIfNull(states);
        ArgumentNullException.ThrowIfNull(box);
        if (!box.All(i => i.IsBounded) || polytope.Count == 0)
        {
            return double.NegativeInfinity;
        }

        // Affine form of each h_i at doubles: h_i(x) ≈ a_i·x + c_i (only to set up the LP; soundness comes later).
        int n = states.Count;
        var a = new double[polytope.Count][];
        var c = new double[polytope.Count];
        double[] zero = new double[n];
        for (int i = 0; i < polytope.Count; i++)
        {
            a[i] = new double[n];
            c[i] = Evaluate(polytope[i], states, zero, time.Midpoint);
            for (int j = 0; j < n; j++)
            {
                Expr d = Differentiator.Derivative(polytope[i], states[j]);
                if (d.Variables().Count > 0)
                {
                    return double.NegativeInfinity; // not affine: leave it to the interval test
                }

                a[i][j] = ExpressionEvaluator.Evaluate<double, DoubleArithmetic>(d, default, _ => 0);
            }
        }

        double[]? lambda = SolveDual(a, c, box);
        if (lambda is null)
        {
            return double.NegativeInfinity;
        }

        // Sound confirmation. Each h_i is affine, so h_i(x) = h_i(m) + Σ_j ∂_j h_i · (x_j − m_j) exactly, with m the box's
        // midpoint and the constant partial derivatives enclosed in interval arithmetic. Combining the weights before
        // multiplying by (x − m) keeps the cancellation that makes the certificate work.
        double[] m = [.. box.Select(i => i.Midpoint)];
        Interval sum = Interval.Zero;
        var k = new Interval[n];
        for (int i = 0; i < polytope.Count; i++)
        {
            if (lambda[i] == 0)
            {
                continue;
            }

            Interval l = Interval.Point(lambda[i]);
            if (!ExpressionEvaluator.TryEvaluateDefined(polytope[i], name =>
                name == Core.Systems.OdeSystem.TimeVariable ? time : Interval.Point(m[StateIndex(states, name)]), out Interval atMid, out _))
            {
                return double.NegativeInfinity; // undefined somewhere: no certificate
            }

            sum += l * atMid;
            for (int j = 0; j < n; j++)
            {
                if (!ExpressionEvaluator.TryEvaluateDefined(Differentiator.Derivative(polytope[i], states[j]), _ => time, out Interval g, out _))
                {
                    return double.NegativeInfinity;
                }

                k[j] += l * g;
            }
        }

        for (int j = 0; j < n; j++)
        {
            sum += k[j] * (box[j] - Interval.Point(m[j]));
        }

        return sum.IsEmpty ? double.NegativeInfinity : sum.Lo;
    }

    private static double[]? SolveDual(double[][] a, double[] c, Box box)
    {
        using Solver? solver = Solver.CreateSolver("GLOP");
        if (solver is null)
        {
            return null;
        }

        int n = box.Dimension;
        var x = new Variable[n];
        for (int j = 0; j < n; j++)
        {
            x[j] = solver.MakeNumVar(box[j].Lo, box[j].Hi, $"x{j}");
        }

        Variable t = solver.MakeNumVar(double.NegativeInfinity, double.PositiveInfinity, "t");
        var rows = new Constraint[a.Length];
        for (int i = 0; i < a.Length; i++)
        {
            // a_i·x − t ≤ −c_i
            rows[i] = solver.MakeConstraint(double.NegativeInfinity, -c[i], $"h{i}");
            for (int j = 0; j < n; j++)
            {
                rows[i].SetCoefficient(x[j], a[i][j]);
            }

            rows[i].SetCoefficient(t, -1);
        }

        Objective objective = solver.Objective();
        objective.SetCoefficient(t, 1);
        objective.SetMinimization();
        if (solver.Solve() != Solver.ResultStatus.OPTIMAL || !(t.SolutionValue() > 0))
        {
            return null;
        }

        double[] lambda = [.. rows.Select(r => Math.Abs(r.DualValue()))];
        double total = lambda.Sum();
        if (!(total > 0) || !double.IsFinite(total))
        {
            return null;
        }

        return [.. lambda.Select(l => l / total)];
    }

    private static double Evaluate(Expr e, IReadOnlyList<string> states, double[] x, double t) =>
        ExpressionEvaluator.Evaluate<double, DoubleArithmetic>(e, default, name => name == Core.Systems.OdeSystem.TimeVariable ? t : x[StateIndex(states, name)]);

    private static int StateIndex(IReadOnlyList<string> states, string name)
    {
        int i = states.IndexOfName(name);
        return i >= 0 ? i : throw new KeyNotFoundException($"'{name}' is not a state.");
    }
}
