using System.Runtime.CompilerServices;
using Certus.Core.Expressions;
using Certus.Core.Numerics;
using Certus.Core.Systems;

namespace Certus.Reach.Flow;

/// <summary>
/// An ODE system prepared for Taylor expansion: the augmented state <c>z = (x, v)</c> of the states followed by the
/// held inputs (controls, then disturbances) with <c>v' = 0</c>, its right-hand sides with parameters substituted,
/// and the symbolic Jacobian <c>∂f/∂z</c> (from <see cref="Differentiator"/>).
/// </summary>
internal sealed class TaylorOdeModel
{
    // Systems are immutable, so the prepared model (with its symbolic Jacobian) is kept as long as the system lives.
    private static readonly ConditionalWeakTable<OdeSystem, TaylorOdeModel> Cache = [];

    private readonly Expr[] _rhs;
    private readonly Expr?[][] _jacobian;
    private readonly Dictionary<string, int> _index;
    private readonly List<Expr> _signArguments = [];
    private const string SignPrefix = "sign#";

    /// <summary>The prepared model of a system, built once per system instance.</summary>
    public static TaylorOdeModel For(OdeSystem system) => Cache.GetValue(system, s => new TaylorOdeModel(s));

    private TaylorOdeModel(OdeSystem system)
    {
        StateCount = system.States.Count;
        string[] names = [.. system.States, .. system.Inputs, .. system.Disturbances];
        Dimension = names.Length;
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < names.Length; i++)
        {
            _index[names[i]] = i;
        }

        _rhs = [.. system.RightHandSidesWithParameters];
        _jacobian = new Expr?[StateCount][];
        try
        {
            for (int i = 0; i < StateCount; i++)
            {
                // sign(g) is locally constant where g ≠ 0: it is differentiated as a frozen variable, and evaluating the
                // Jacobian checks that g excludes 0 on the box (see Lookup).
                Expr frozen = FreezeSigns(_rhs[i]);
                _jacobian[i] = new Expr?[Dimension];
                for (int l = 0; l < Dimension; l++)
                {
                    Expr d = Differentiator.Derivative(frozen, names[l]);
                    _jacobian[i][l] = d is ConstantExpr c && c.Is(0) ? null : d;
                }
            }
        }
        catch (NotSupportedException e)
        {
            JacobianProblem = $"the Jacobian of the right-hand sides is not available: {e.Message}";
        }
    }

    /// <summary>Number of states <c>n</c> (the first entries of <c>z</c>).</summary>
    public int StateCount { get; }

    /// <summary>Number of entries of <c>z</c>: states, then held inputs.</summary>
    public int Dimension { get; }

    /// <summary>Why the Jacobian is unavailable, or <c>null</c> when it is available.</summary>
    public string? JacobianProblem { get; }

    private Expr FreezeSigns(Expr e) => e switch
    {
        UnaryExpr { Op: UnaryOp.Sign } u when u.Argument.Variables().Count > 0 => Expr.Var(SignPrefix + SignIndex(u.Argument)),
        UnaryExpr u => u with { Argument = FreezeSigns(u.Argument) },
        BinaryExpr b => b with { Left = FreezeSigns(b.Left), Right = FreezeSigns(b.Right) },
        IntPowerExpr p => p with { Base = FreezeSigns(p.Base) },
        _ => e,
    };

    private int SignIndex(Expr argument)
    {
        int k = _signArguments.IndexOf(argument);
        if (k < 0)
        {
            _signArguments.Add(argument);
            k = _signArguments.Count - 1;
        }

        return k;
    }

    private IntervalTaylorSeries Lookup(string name, IntervalTaylorSeries[] z, IntervalTaylorSeries time)
    {
        if (name == OdeSystem.TimeVariable)
        {
            return time;
        }

        if (!name.StartsWith(SignPrefix, StringComparison.Ordinal))
        {
            return z[_index[name]];
        }

        // A frozen sign(g): constant ±1 when g keeps one sign on the box, else the flow may jump there.
        Expr g = _signArguments[int.Parse(name.AsSpan(SignPrefix.Length), System.Globalization.CultureInfo.InvariantCulture)];
        var values = new IntervalTaylorSeries[z.Length];
        for (int i = 0; i < z.Length; i++)
        {
            values[i] = z[i].Truncate(0);
        }

        Interval range = ExpressionEvaluator.Evaluate(g, new IntervalTaylorArithmetic(0), n => Lookup(n, values, time.Truncate(0)))[0];
        if (range.Contains(0))
        {
            throw new NotSupportedException($"sign({g}) may jump inside the set ({g} ∈ {range}), where the flow is not differentiable; split the set or use the direct form.");
        }

        return IntervalTaylorSeries.Constant(range.Lo > 0 ? Interval.One : -Interval.One, time.Order);
    }

    /// <summary>Encloses <c>f(t, x, v)</c> for every <c>(x, v)</c> in the box <paramref name="z"/> and every <c>t</c> in <paramref name="time"/>.</summary>
    public Interval[] Field(Interval[] z, Interval time)
    {
        var series = new IntervalTaylorSeries[Dimension];
        for (int i = 0; i < Dimension; i++)
        {
            series[i] = IntervalTaylorSeries.Constant(z[i], 0);
        }

        IntervalTaylorSeries t = IntervalTaylorSeries.Constant(time, 0);
        var arith = new IntervalTaylorArithmetic(0);
        var f = new Interval[StateCount];
        for (int i = 0; i < StateCount; i++)
        {
            f[i] = ExpressionEvaluator.Evaluate(_rhs[i], arith, name => Lookup(name, series, t))[0];
        }

        return f;
    }

    /// <summary>
    /// Encloses the Taylor coefficients <c>z_k</c>, <c>k = 0..order</c>, of the solution through every initial value
    /// in the box <paramref name="z0"/> at every start time in <paramref name="time"/>, from
    /// <c>z_{k+1} = f_k(z_0..z_k) / (k + 1)</c>. Entry [i][k] is the coefficient of order k of component i.
    /// </summary>
    public Interval[][] Coefficients(Interval[] z0, Interval time, int order)
    {
        var z = new Interval[Dimension][];
        for (int i = 0; i < Dimension; i++)
        {
            z[i] = new Interval[order + 1];
            z[i][0] = z0[i];
        }

        var series = new IntervalTaylorSeries[Dimension];
        for (int k = 0; k < order; k++)
        {
            for (int i = 0; i < Dimension; i++)
            {
                series[i] = new IntervalTaylorSeries(z[i].AsSpan(0, k + 1).ToArray(), true);
            }

            IntervalTaylorSeries t = IntervalTaylorSeries.Variable(time, k);
            var arith = new IntervalTaylorArithmetic(k);
            var divisor = new Interval(k + 1);
            for (int i = 0; i < StateCount; i++)
            {
                IntervalTaylorSeries f = ExpressionEvaluator.Evaluate(_rhs[i], arith, name => Lookup(name, series, t));
                z[i][k + 1] = f[k] / divisor;
            }
        }

        return z;
    }

    /// <summary>
    /// Encloses the Taylor coefficients <c>J_k</c>, <c>k = 0..count−1</c>, of the Jacobian <c>∂z(t)/∂z(t₀)</c> of the
    /// flow (the variational equation <c>J' = Df(z) J</c>, <c>J₀ = I</c>), given the solution coefficients
    /// <paramref name="z"/> (at least <c>count − 1</c> of them) over the same box: <c>J_{k+1} = Σ_q (Df)_q J_{k−q} / (k + 1)</c>.
    /// </summary>
    public Interval[][,] JacobianCoefficients(Interval[][] z, Interval time, int count)
    {
        if (JacobianProblem is not null)
        {
            throw new NotSupportedException(JacobianProblem);
        }

        int n = Dimension;
        var j = new Interval[count][,];
        j[0] = new Interval[n, n];
        for (int i = 0; i < n; i++)
        {
            j[0][i, i] = Interval.One;
        }

        if (count == 1)
        {
            return j;
        }

        int length = count - 1;
        var series = new IntervalTaylorSeries[n];
        for (int i = 0; i < n; i++)
        {
            series[i] = new IntervalTaylorSeries(z[i].AsSpan(0, length).ToArray(), true);
        }

        IntervalTaylorSeries t = IntervalTaylorSeries.Variable(time, length - 1);
        var arith = new IntervalTaylorArithmetic(length - 1);
        var df = new Interval[StateCount][][];
        for (int i = 0; i < StateCount; i++)
        {
            df[i] = new Interval[n][];
            for (int l = 0; l < n; l++)
            {
                Expr? e = _jacobian[i][l];
                df[i][l] = e is null ? [] : ExpressionEvaluator.Evaluate(e, arith, name => Lookup(name, series, t)).Raw;
            }
        }

        for (int k = 0; k < count - 1; k++)
        {
            var next = new Interval[n, n];
            var divisor = new Interval(k + 1);
            for (int i = 0; i < StateCount; i++)
            {
                for (int c = 0; c < n; c++)
                {
                    Interval s = Interval.Zero;
                    for (int l = 0; l < n; l++)
                    {
                        Interval[] d = df[i][l];
                        if (d.Length == 0)
                        {
                            continue;
                        }

                        for (int q = 0; q <= k; q++)
                        {
                            Interval jj = j[k - q][l, c];
                            if (!IntervalTaylorSeries.IsExactZero(jj))
                            {
                                s += d[q] * jj;
                            }
                        }
                    }

                    next[i, c] = s / divisor;
                }
            }

            j[k + 1] = next;
        }

        return j;
    }
}
