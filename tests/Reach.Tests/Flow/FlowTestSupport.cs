using Certus.Core.Expressions;
using Certus.Core.Sets;
using Certus.Core.Systems;
using Certus.Reach.Flow;

namespace Certus.Reach.Tests.Flow;

/// <summary>Systems, a reference simulator and containment checks shared by the flow tests.</summary>
internal static class FlowTestSupport
{
    /// <summary>
    /// Relative tolerance that absorbs the reference simulation's own error (classic RK4 with 400 substeps per period of
    /// at most 0.5 time units, so h·L ≤ 0.0075 for Lipschitz constants L ≤ 6: the global error, about T·L·(h·L)⁴/120,
    /// stays below 1e-10 relative on these systems). A simulated point
    /// counts as inside a box when it is within 1e-9 · (1 + |x|) of it.
    /// </summary>
    public const double SimulationTolerance = 1e-9;

    public static OdeSystem System(string[] states, string[] inputs, params string[] rhs) =>
        new(states, inputs, [], new Dictionary<string, Expr>(), states.Zip(rhs).ToDictionary(p => p.First, p => ExpressionParser.Parse(p.Second)));

    public static OdeSystem Acc() => new(
        ["x1", "x2", "x3", "x4", "x5", "x6"],
        ["u"],
        [],
        new Dictionary<string, Expr> { ["mu"] = ExpressionParser.Parse("0.0001"), ["a_lead"] = ExpressionParser.Parse("-2") },
        new Dictionary<string, Expr>
        {
            ["x1"] = ExpressionParser.Parse("x2"),
            ["x2"] = ExpressionParser.Parse("x3"),
            ["x3"] = ExpressionParser.Parse("-2*x3 + 2*a_lead - mu*x2^2"),
            ["x4"] = ExpressionParser.Parse("x5"),
            ["x5"] = ExpressionParser.Parse("x6"),
            ["x6"] = ExpressionParser.Parse("-2*x6 + 2*u - mu*x5^2"),
        });

    public static Box AccInitial() => Box.FromBounds([90, 32, 0, 10, 30, 0], [110, 32.2, 0, 11, 30.2, 0]);

    /// <summary>The offset from the start time of grid point <paramref name="k"/> of <see cref="Simulate"/>.</summary>
    public static double GridOffset(int k, double duration, int substeps) => k == substeps ? duration : k * (duration / substeps);

    /// <summary>For every grid point of <see cref="Simulate"/>, the indices of the tube segments whose time contains it.</summary>
    public static int[][] SegmentTable(IReadOnlyList<FlowSegment> tube, double t0, double duration, int substeps)
    {
        var table = new int[substeps + 1][];
        for (int k = 0; k <= substeps; k++)
        {
            double t = t0 + GridOffset(k, duration, substeps);
            table[k] = [.. Enumerable.Range(0, tube.Count).Where(i => tube[i].Time.Lo <= t && t <= tube[i].Time.Hi)];
            if (table[k].Length == 0)
            {
                throw new InvalidOperationException($"No tube segment contains t = {t}.");
            }
        }

        return table;
    }

    /// <summary>Classic RK4 over [t0, t0 + duration] in <paramref name="substeps"/> equal steps; visits every grid point
    /// (index and offset from <paramref name="t0"/>), both ends included.</summary>
    public static double[] Simulate(VectorField field, double t0, double duration, double[] x0, double[] inputs, int substeps, Action<int, double, double[]>? visit = null)
    {
        int n = x0.Length;
        double[] x = [.. x0];
        double[] k1 = new double[n], k2 = new double[n], k3 = new double[n], k4 = new double[n], tmp = new double[n];
        double dt = duration / substeps;
        visit?.Invoke(0, 0, x);
        for (int step = 0; step < substeps; step++)
        {
            double t = t0 + (step * dt);
            field(t, x, inputs, k1);
            for (int i = 0; i < n; i++)
            {
                tmp[i] = x[i] + (0.5 * dt * k1[i]);
            }

            field(t + (0.5 * dt), tmp, inputs, k2);
            for (int i = 0; i < n; i++)
            {
                tmp[i] = x[i] + (0.5 * dt * k2[i]);
            }

            field(t + (0.5 * dt), tmp, inputs, k3);
            for (int i = 0; i < n; i++)
            {
                tmp[i] = x[i] + (dt * k3[i]);
            }

            field(t + dt, tmp, inputs, k4);
            for (int i = 0; i < n; i++)
            {
                x[i] += dt / 6 * (k1[i] + (2 * k2[i]) + (2 * k3[i]) + k4[i]);
            }

            visit?.Invoke(step + 1, GridOffset(step + 1, duration, substeps), x);
        }

        return x;
    }

    /// <summary>Whether the point lies in the box up to <see cref="SimulationTolerance"/>.</summary>
    public static bool Contains(Box box, IReadOnlyList<double> x)
    {
        for (int i = 0; i < box.Dimension; i++)
        {
            double tol = SimulationTolerance * (1 + Math.Abs(x[i]));
            if (!(box[i].Lo - tol <= x[i] && x[i] <= box[i].Hi + tol))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Fails with the (lazily built) message unless the point lies in the box up to <see cref="SimulationTolerance"/>.</summary>
    public static void AssertInside(Box box, IReadOnlyList<double> x, Func<string> message)
    {
        if (!Contains(box, x))
        {
            Assert.Fail(message());
        }
    }

    /// <summary>The segments whose time interval contains the time <paramref name="t"/> (at least one inside the period).</summary>
    public static IEnumerable<FlowSegment> SegmentsAt(IReadOnlyList<FlowSegment> tube, double t) =>
        tube.Where(s => s.Time.Lo <= t && t <= s.Time.Hi);

    /// <summary>Corners first (up to 64), then uniform samples, of the product of the boxes (inputs may be null).</summary>
    public static IEnumerable<(double[] X0, double[] V)> Samples(Box x0, Box? v, Random random, int count)
    {
        Box joint = v is null ? x0 : new Box([.. x0, .. v]);
        int n = x0.Dimension, k = 0;
        foreach (double[] c in joint.Corners().Take(64))
        {
            if (k++ >= count)
            {
                yield break;
            }

            yield return (c[..n], c[n..]);
        }

        while (k++ < count)
        {
            double[] p = joint.Sample(random);
            yield return (p[..n], p[n..]);
        }
    }

    /// <summary>e^{A t} by scaling and squaring with a 24-term Taylor series (doubles; a reference, not a bound).</summary>
    public static double[,] Expm(double[,] a, double t)
    {
        int n = a.GetLength(0);
        double norm = 0;
        for (int i = 0; i < n; i++)
        {
            double row = 0;
            for (int j = 0; j < n; j++)
            {
                row += Math.Abs(a[i, j] * t);
            }

            norm = Math.Max(norm, row);
        }

        int squarings = Math.Max(0, (int)Math.Ceiling(Math.Log2(norm + 1e-300)) + 4);
        double scale = t / Math.Pow(2, squarings);
        var result = Identity(n);
        var term = Identity(n);
        for (int k = 1; k <= 24; k++)
        {
            term = Multiply(term, a);
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    term[i, j] *= scale / k;
                    result[i, j] += term[i, j];
                }
            }
        }

        for (int s = 0; s < squarings; s++)
        {
            result = Multiply(result, result);
        }

        return result;
    }

    /// <summary>The widths of the interval hull of <c>M X0</c> (exact image of a box under a linear map, up to double rounding).</summary>
    public static double[] ImageWidths(double[,] m, Box x0)
    {
        int n = m.GetLength(0);
        var w = new double[n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                w[i] += Math.Abs(m[i, j]) * (x0[j].Hi - x0[j].Lo);
            }
        }

        return w;
    }

    private static double[,] Identity(int n)
    {
        var m = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            m[i, i] = 1;
        }

        return m;
    }

    private static double[,] Multiply(double[,] a, double[,] b)
    {
        int n = a.GetLength(0);
        var r = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int l = 0; l < n; l++)
                {
                    s += a[i, l] * b[l, j];
                }

                r[i, j] = s;
            }
        }

        return r;
    }
}
