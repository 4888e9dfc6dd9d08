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
    private readonly Expr[] _rhs;
    private readonly Expr?[][] _jacobian;
    private readonly Dictionary<string, int> _index;

    public TaylorOdeModel(OdeSystem system)
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
                _jacobian[i] = new Expr?[Dimension];
                for (int l = 0; l < Dimension; l++)
                {
                    Expr d = Differentiator.Derivative(_rhs[i], names[l]);
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

    private IntervalTaylorSeries Lookup(string name, IntervalTaylorSeries[] z, IntervalTaylorSeries time) =>
        name == OdeSystem.TimeVariable ? time : z[_index[name]];

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
