using Certus.Reach.HamiltonJacobi;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Certus.Reach.Tests.HamiltonJacobi;

/// <summary>Interpolation: exact for multilinear functions, periodic wrap, clear errors outside the domain and for NaN.</summary>
public sealed class GridFunctionTests
{
    public sealed record Case(GridAxis[] Axes, double[] Coefficients, double[][] Points)
    {
        // f(x) = Σ_S c_S Π_{k ∈ S} x_k over all subsets S of the axes: multilinear.
        public double F(ReadOnlySpan<double> x)
        {
            double sum = 0;
            for (int s = 0; s < Coefficients.Length; s++)
            {
                double term = Coefficients[s];
                for (int k = 0; k < x.Length; k++)
                {
                    if ((s >> k & 1) == 1)
                    {
                        term *= x[k];
                    }
                }

                sum += term;
            }

            return sum;
        }

        public override string ToString() => $"axes {string.Join("; ", Axes)}, c = [{string.Join(", ", Coefficients)}]";
    }

    public static class Arbitraries
    {
        public static Arbitrary<Case> Cases()
        {
            Gen<GridAxis> axis =
                from lo in Gen.Choose(-300, 100)
                from width in Gen.Choose(10, 400)
                from n in Gen.Choose(4, 12)
                select new GridAxis(lo / 100.0, (lo + width) / 100.0, n);
            Gen<Case> cases =
                from d in Gen.Choose(2, 4)
                from axes in Gen.ArrayOf(axis, d)
                from c in Gen.ArrayOf(Gen.Choose(-500, 500).Select(i => i / 100.0), 1 << d)
                from t in Gen.ArrayOf(Gen.ArrayOf(Gen.Choose(0, 1000).Select(i => i / 1000.0), d), 20)
                select new Case(axes, c, [.. t.Select(u => u.Select((f, k) => Math.Min(axes[k].Upper, axes[k].Lower + (f * (axes[k].Upper - axes[k].Lower)))).ToArray())]);
            return cases.ToArbitrary();
        }
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 200, Replay = "(4242,2023)")]
    public void Value_IsExactForMultilinearFunctions(Case c)
    {
        var grid = new Grid(c.Axes);
        GridFunction f = GridFunction.Sample(grid, c.F);
        foreach (double[] x in c.Points)
        {
            double exact = c.F(x);
            Assert.True(Math.Abs(f.Value(x) - exact) <= 1e-9 * (1 + Math.Abs(exact)), $"At ({string.Join(", ", x)}): {f.Value(x)} vs {exact}.");
        }
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 100, Replay = "(4243,2025)")]
    public void Gradient_IsExactForAffineFunctions(Case c)
    {
        var grid = new Grid(c.Axes);
        int d = grid.Dimension;
        double[] slope = [.. Enumerable.Range(0, d).Select(k => c.Coefficients[1 << k])];
        GridFunction f = GridFunction.Sample(grid, x =>
        {
            double s = c.Coefficients[0];
            for (int k = 0; k < x.Length; k++)
            {
                s += slope[k] * x[k];
            }

            return s;
        });
        double[] g = new double[d];
        foreach (double[] x in c.Points)
        {
            f.Gradient(x, g);
            for (int k = 0; k < d; k++)
            {
                Assert.True(Math.Abs(g[k] - slope[k]) <= 1e-8 * (1 + Math.Abs(slope[k])), $"d/dx{k} = {g[k]}, expected {slope[k]}.");
            }
        }
    }

    [Fact]
    public void Value_WrapsPeriodicAxes()
    {
        var grid = new Grid(new GridAxis(0, 1, 11), new GridAxis(-Math.PI, Math.PI, 24, periodic: true));
        GridFunction f = GridFunction.Sample(grid, x => x[0] + Math.Sin(x[1]));
        foreach (double psi in new[] { -3.0, -0.3, 0.0, 1.7, 3.1, Math.PI - 1e-9 })
        {
            double v = f.Value([0.4, psi]);
            Assert.Equal(v, f.Value([0.4, psi + (2 * Math.PI)]), 12);
            Assert.Equal(v, f.Value([0.4, psi - (4 * Math.PI)]), 12);
            Assert.Equal(0.4 + Math.Sin(psi), v, 1);
        }

        // Between the last point (π − h) and π ≡ −π the interpolant joins the last point with the first.
        double h = grid.Spacing(1);
        Assert.Equal(0.5 * (f.Value([0.4, Math.PI - h]) + f.Value([0.4, -Math.PI])), f.Value([0.4, Math.PI - (h / 2)]), 12);
    }

    [Fact]
    public void Value_OutsideTheDomain_ThrowsNamingAxisValueAndDomain()
    {
        var grid = new Grid(new GridAxis(-1, 1, 5), new GridAxis(0, 2, 5));
        GridFunction f = GridFunction.Sample(grid, x => x[0]);
        ArgumentOutOfRangeException e = Assert.Throws<ArgumentOutOfRangeException>(() => f.Value([0.5, 2.5]));
        Assert.Contains("Coordinate 1 = 2.5", e.Message, StringComparison.Ordinal);
        Assert.Contains("[0, 2]", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => f.Gradient([-1.0001, 1], new double[2]));
        Assert.False(f.Contains([-1.0001, 1]));
        Assert.True(f.Contains([-1, 2]));
        Assert.Equal(-1, f.Value([-1, 2]));
    }

    [Fact]
    public void Value_RejectsNaN()
    {
        var grid = new Grid(new GridAxis(-1, 1, 5), new GridAxis(0, 2, 5, periodic: true));
        GridFunction f = GridFunction.Sample(grid, x => x[0]);
        ArgumentException e = Assert.Throws<ArgumentException>(() => f.Value([double.NaN, 1]));
        Assert.Contains("NaN", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => f.Value([0, double.NaN]));
        Assert.Throws<ArgumentOutOfRangeException>(() => f.Value([0, double.PositiveInfinity]));
        Assert.Throws<ArgumentException>(() => f.Gradient([double.NaN, 1], new double[2]));
        Assert.Throws<ArgumentException>(() => new GridFunction(grid, new double[grid.Count - 1]));
        double[] values = new double[grid.Count];
        values[3] = double.NaN;
        Assert.Throws<ArgumentException>(() => new GridFunction(grid, values));
        Assert.Throws<ArgumentException>(() => GridFunction.Sample(grid, _ => double.NaN));
    }
}
