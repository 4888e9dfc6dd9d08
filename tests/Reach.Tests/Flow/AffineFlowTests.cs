using Certus.Core.Sets;
using Certus.Core.Systems;
using Certus.Reach.Flow;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Interval = Certus.Core.Numerics.Interval;

namespace Certus.Reach.Tests.Flow;

/// <summary>
/// The flow from an initial set in affine form (<see cref="AffineFlowProblem"/>): the held input may depend linearly on
/// the initial state; every simulated trajectory lies in the tube, the end box and the affine end set's hull, and the
/// correlation makes the answer tighter than the box problem's.
/// </summary>
public sealed class AffineFlowTests
{
    // x' = A x + b u, held u = k·x0 + w: the joint set {(x0, k x0 + w)} over e = (x0 − c, w).
    private static (OdeSystem System, AffineSet Joint, double[] K) Feedback(double[] a, double[] b, double[] k, Box x0, Interval w)
    {
        var system = FlowTestSupport.System(["x1", "x2"], ["u"],
            $"{a[0]}*x1 + {a[1]}*x2 + {b[0]}*u".Replace("+ -", "- ", StringComparison.Ordinal),
            $"{a[2]}*x1 + {a[3]}*x2 + {b[1]}*u".Replace("+ -", "- ", StringComparison.Ordinal));
        double[] c = [x0[0].Midpoint, x0[1].Midpoint];
        var g = new double[3, 3];
        g[0, 0] = 1;
        g[1, 1] = 1;
        g[2, 0] = k[0];
        g[2, 1] = k[1];
        g[2, 2] = 1;
        // u = k·c + k·e + w: the centre's row holds k·c rounded; its rounding error goes into w.
        Interval kc = (new Interval(k[0]) * new Interval(c[0])) + (new Interval(k[1]) * new Interval(c[1]));
        double uc = kc.Midpoint;
        var domain = new Box(x0[0] - new Interval(c[0]), x0[1] - new Interval(c[1]), w + (kc - new Interval(uc)));
        return (system, new AffineSet([c[0], c[1], uc], g, domain), k);
    }

    private static double[] Point(AffineSet set, double[] e) =>
        [.. Enumerable.Range(0, set.Dimension).Select(i => set.Center[i] + Enumerable.Range(0, set.GeneratorCount).Sum(j => set.Generator(i, j) * e[j]))];

    [Fact]
    public void LinearFeedback_SimulationsLieInTubeEndAndAffineEnd_AndBeatTheBoxProblem()
    {
        var (system, joint, k) = Feedback([0, 1, 0, 0], [0, 1], [-2, -3], Box.FromBounds([0.8, -0.2], [1.2, 0.2]), new Interval(-0.01, 0.01));
        var problem = new AffineFlowProblem(system, joint, 0, 0.5);
        var flow = new IntervalTaylorFlow();
        Assert.True(flow.TryEnclose(problem, out AffineFlowEnclosure? enclosure, out FlowFailure? failure), failure?.Reason);
        Box endHull = enclosure.End.Hull();
        VectorField field = system.Compile().Field;
        var random = new Random(3);
        for (int run = 0; run < 2000; run++)
        {
            double[] e = [.. joint.Domain.Select(d => d.Lo + (random.NextDouble() * d.Width))];
            double[] z = Point(joint, e);
            double[] end = FlowTestSupport.Simulate(field, 0, 0.5, [z[0], z[1]], [z[2]], 200, (_, s, x) =>
            {
                Assert.Contains(FlowTestSupport.SegmentsAt(enclosure.Enclosure.Tube, s), seg => FlowTestSupport.Contains(seg.Enclosure, x));
            });
            FlowTestSupport.AssertInside(enclosure.Enclosure.End, end, () => $"end {end[0]}, {end[1]} outside {enclosure.Enclosure.End}");
            FlowTestSupport.AssertInside(endHull, end, () => $"end {end[0]}, {end[1]} outside the affine hull {endHull}");
        }

        // The same flow with the control as an unrelated box is looser.
        FlowEnclosure boxed = flow.Enclose(problem.Hull);
        Assert.True(enclosure.Enclosure.End[0].Width < 0.9 * boxed.End[0].Width && enclosure.Enclosure.End[1].Width < 0.9 * boxed.End[1].Width,
            $"affine {enclosure.Enclosure.End} vs box {boxed.End} (k = {k[0]}, {k[1]})");
    }

    [Fact]
    public void Doubleton_KeepsTheInitialCoordinatesFirst()
    {
        var (system, joint, _) = Feedback([0, 1, -1, 0], [0, 1], [-1, 0.5], Box.FromBounds([0, 0], [0.1, 0.1]), new Interval(0, 0));
        AffineFlowEnclosure enclosure = ((IAffineFlowAlgorithm)new IntervalTaylorFlow()).TryEnclose(new AffineFlowProblem(system, joint, 0, 0.2), out AffineFlowEnclosure? e, out _) ? e! : throw new InvalidOperationException();
        Assert.Equal(2, enclosure.End.Dimension);
        Assert.True(enclosure.End.GeneratorCount >= joint.GeneratorCount);
        for (int j = 0; j < joint.GeneratorCount; j++)
        {
            Assert.Equal(joint.Domain[j], enclosure.End.Domain[j]);
        }
    }

    [Fact]
    public void Problem_RejectsAWrongDimension()
    {
        var system = FlowTestSupport.System(["x1", "x2"], ["u"], "x2", "u");
        Assert.Throws<ArgumentException>(() => new AffineFlowProblem(system, AffineSet.FromBox(Box.FromBounds([0, 0], [1, 1])), 0, 1));
    }

    public static class Arbitraries
    {
        public static Arbitrary<(AffineSet Set, double[][] Points, int Max)> Sets() =>
            (from n in Gen.Choose(1, 4)
             from p in Gen.Choose(1, 12)
             from c in Gen.ArrayOf(Gen.Choose(-100, 100).Select(i => i / 10.0), n)
             from g in Gen.ArrayOf(Gen.Choose(-100, 100).Select(i => i / 37.0), n * p)
             from lo in Gen.ArrayOf(Gen.Choose(-100, 0).Select(i => i / 50.0), p)
             from w in Gen.ArrayOf(Gen.Choose(0, 100).Select(i => i / 50.0), p)
             from extra in Gen.Choose(0, 6)
             from seed in Gen.Choose(0, 10_000)
             select Build(n, p, c, g, lo, w, n + extra, seed)).ToArbitrary();

        private static (AffineSet, double[][], int) Build(int n, int p, double[] c, double[] g, double[] lo, double[] w, int max, int seed)
        {
            var m = new double[n, p];
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < p; j++)
                {
                    m[i, j] = g[(i * p) + j];
                }
            }

            var set = new AffineSet(c, m, Box.FromBounds(lo, [.. lo.Zip(w, (a, b) => a + b)]));
            var random = new Random(seed);
            double[][] points = [.. Enumerable.Range(0, 200).Select(_ => Point(set, [.. set.Domain.Select(d => d.Lo + (random.NextDouble() * d.Width))]))];
            return (set, points, max);
        }
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 200)]
    public bool Reduce_KeepsAtMostMaxCoordinates_AndItsHullContainsEveryPoint((AffineSet Set, double[][] Points, int Max) c)
    {
        AffineSet reduced = c.Set.Reduce(c.Max);
        Box hull = reduced.Hull(), original = c.Set.Hull();
        return reduced.GeneratorCount <= c.Max
            && c.Points.All(x => FlowTestSupport.Contains(hull, x) && FlowTestSupport.Contains(original, x))
            && original.Select((iv, i) => hull[i].Inflate(1e-9 * (1 + Math.Abs(iv.Hi))).Contains(iv)).All(b => b);
    }

    // The support function of an affine set in direction d: max over the set of d·x (outward enough for a test).
    private static double Support(AffineSet set, double[] d)
    {
        double s = 0;
        for (int i = 0; i < set.Dimension; i++)
        {
            s += d[i] * set.Center[i];
        }

        for (int j = 0; j < set.GeneratorCount; j++)
        {
            double dg = 0;
            for (int i = 0; i < set.Dimension; i++)
            {
                dg += d[i] * set.Generator(i, j);
            }

            s += Math.Max(dg * set.Domain[j].Lo, dg * set.Domain[j].Hi);
        }

        return s;
    }

    // Containment of convex sets: the reduced set contains the original iff its support function is at least the
    // original's in every direction; checked on the axes and 200 random directions.
    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 300)]
    public bool Reduce_ContainsTheOriginalSet_InEveryDirection((AffineSet Set, double[][] Points, int Max) c)
    {
        AffineSet reduced = c.Set.Reduce(c.Max);
        int n = c.Set.Dimension;
        var random = new Random(c.Max + (31 * c.Set.GeneratorCount));
        IEnumerable<double[]> directions = Enumerable.Range(0, 2 * n).Select(k => { var d = new double[n]; d[k / 2] = k % 2 == 0 ? 1 : -1; return d; })
            .Concat(Enumerable.Range(0, 200).Select(_ => Enumerable.Range(0, n).Select(_ => (random.NextDouble() * 2) - 1).ToArray()));
        return directions.All(d =>
        {
            double o = Support(c.Set, d), r = Support(reduced, d);
            return r >= o - (1e-9 * (1 + Math.Abs(o)));
        });
    }

    // The wrapping effect: a set turned by 60 degrees and shrunk by 0.95 every step, with a small new coordinate each
    // step, wrapped completely every step (as many coordinates as states): oriented wrapping keeps it bounded (below
    // 200 times the new coordinate's size), axis boxes grow it by 1.3 per step (the spectral radius of |A|).
    [Fact]
    public void Reduce_UnderRotation_OrientedWrappingDoesNotWrapTheSetOutward()
    {
        Box Rotated(AffineWrapping wrapping)
        {
            double a = 0.95 * Math.Cos(Math.PI / 3), b = 0.95 * Math.Sin(Math.PI / 3);
            AffineSet set = AffineSet.FromBox(Box.FromBounds([-1e-3, -1e-3], [1e-3, 1e-3]));
            for (int step = 0; step < 100; step++)
            {
                int p = set.GeneratorCount;
                var g = new double[2, p + 1];
                for (int j = 0; j < p; j++)
                {
                    g[0, j] = (a * set.Generator(0, j)) - (b * set.Generator(1, j));
                    g[1, j] = (b * set.Generator(0, j)) + (a * set.Generator(1, j));
                }

                g[0, p] = 1e-3 * Math.Cos(step);
                g[1, p] = 1e-3 * Math.Sin(step);
                double[] center = [(a * set.Center[0]) - (b * set.Center[1]), (b * set.Center[0]) + (a * set.Center[1])];
                set = new AffineSet(center, g, new Box([.. set.Domain, new Interval(-1, 1)])).Reduce(2, wrapping);
            }

            return set.Hull();
        }

        Box oriented = Rotated(AffineWrapping.Oriented), axis = Rotated(AffineWrapping.Axis);
        Assert.True(oriented[0].Width < 0.2 && oriented[1].Width < 0.2, $"oriented: hull {oriented} after 100 rotations");
        Assert.True(axis[0].Width > 1e3, $"axis: hull {axis} after 100 rotations");
    }

    // Generators near the largest double overflow Qᵀ·G (up to √n·max|G|): the oriented wrap gives way to the axis box
    // instead of throwing (found by review: v = 1.3e308 threw).
    [Theory]
    [InlineData(1.3e308)]
    [InlineData(1.7e308)]
    public void Reduce_Oriented_NearTheLargestDouble_FallsBackToTheAxisBox(double v)
    {
        var set = new AffineSet([0.0, 0.0], new double[,] { { v, v, 0.9 * v }, { v, 0.99 * v, v } }, new Box(new Interval(-1e-200, 1e-200), new Interval(-1e-200, 1e-200), new Interval(-1e-200, 1e-200)));
        Assert.Equal(set.Reduce(2, AffineWrapping.Axis).Hull().ToString(), set.Reduce(2, AffineWrapping.Oriented).Hull().ToString());
    }

    [Fact]
    public void FromBox_HullIsTheBox()
    {
        Box box = Box.FromBounds([0.1, 2, -3], [0.3, 2, 5]);
        AffineSet set = AffineSet.FromBox(box);
        Assert.Equal(2, set.GeneratorCount);
        Box hull = set.Hull();
        Assert.True(box.Select((iv, i) => hull[i].Contains(iv)).All(b => b));
        Assert.Equal(new Interval(2, 2), hull[1]);
    }
}
