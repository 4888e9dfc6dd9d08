using System.Globalization;
using Certus.Core.Sets;
using Certus.Core.Systems;
using Certus.Reach.Flow;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit.Abstractions;

namespace Certus.Reach.Tests.Flow;

/// <summary>
/// Random small systems: every simulated trajectory (corners and uniform samples of X₀ × V) lies in the end box and in
/// every tube segment at every simulated time. One miss fails. Simulated points are inflated by
/// <see cref="FlowTestSupport.SimulationTolerance"/> (1e-9 relative) only to absorb the RK4 reference's own error.
/// </summary>
public sealed class FlowSoundnessPropertyTests(ITestOutputHelper output)
{
    private const int Trajectories = 2000;
    private const int Substeps = 400;

    public sealed record Case(string[] States, string[] Rhs, bool HasInput, Box X0, Box? V, double T, IntervalTaylorFlow Algorithm)
    {
        public OdeSystem System() => FlowTestSupport.System(States, HasInput ? ["u"] : [], Rhs);

        public override string ToString() =>
            $"{string.Join("; ", States.Zip(Rhs, (s, f) => $"{s}' = {f}"))} from X0 = {X0}, V = {V?.ToString() ?? "none"}, T = {T.ToString("R", CultureInfo.InvariantCulture)}, {Algorithm.Name}";
    }

    public static class Arbitraries
    {
        private static Gen<double> Decimal(int lo, int hi) => Gen.Choose(lo, hi).Select(i => i / 100.0);

        private static string Text(double c) => c.ToString("0.00", CultureInfo.InvariantCulture);

        private static Gen<IntervalTaylorFlow> Algorithms =>
            from form in Gen.Elements(TaylorEnclosureForm.Direct, TaylorEnclosureForm.MeanValue, TaylorEnclosureForm.Lohner, TaylorEnclosureForm.Doubleton)
            from order in Gen.Choose(2, 7)
            from steps in Gen.Choose(1, 12)
            from adaptive in Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true)))
            select new IntervalTaylorFlow
            {
                Form = form,
                Order = order,
                Steps = steps,
                StepControl = adaptive ? StepSizeControl.Adaptive : StepSizeControl.Fixed,
                RemainderTolerance = 1e-7,
            };

        private static Gen<Box> Boxes(int dimension, int centre, int radius) =>
            from c in Gen.ArrayOf(Decimal(-centre, centre), dimension)
            from r in Gen.ArrayOf(Gen.Frequency((1, Gen.Constant(0.0)), (6, Decimal(0, radius))), dimension)
            select Box.FromBounds([.. c.Zip(r, (a, b) => a - b)], [.. c.Zip(r, (a, b) => a + b)]);

        /// <summary>x' = A x (+ b u), entries of A and b in [−2, 2], two or three states.</summary>
        public static class Linear
        {
            public static Arbitrary<Case> Cases() =>
            (from n in Gen.Choose(2, 3)
             from a in Gen.ArrayOf(Decimal(-200, 200), n * n)
             from b in Gen.ArrayOf(Decimal(-200, 200), n)
             from hasInput in Gen.Elements(false, true)
             from x0 in Boxes(n, 100, 50)
             from v in Boxes(1, 100, 50)
             from t in Decimal(5, 50)
             from algorithm in Algorithms
             let states = Enumerable.Range(1, n).Select(i => $"x{i}").ToArray()
             let rhs = Enumerable.Range(0, n).Select(i =>
                 string.Join(" + ", Enumerable.Range(0, n).Select(j => $"({Text(a[(i * n) + j])})*x{j + 1}")) + (hasInput ? $" + ({Text(b[i])})*u" : string.Empty)).ToArray()
             select new Case(states, rhs, hasInput, x0, hasInput ? v : null, t, algorithm))
            .ToArbitrary();
        }

        /// <summary>Two states with polynomial right-hand sides of degree 2 (optionally a held input in a product).</summary>
        public static class Quadratic
        {
            public static Arbitrary<Case> Cases() =>
            (from c in Gen.ArrayOf(Decimal(-100, 100), 14)
             from hasInput in Gen.Elements(false, true)
             from x0 in Boxes(2, 50, 20)
             from v in Boxes(1, 50, 20)
             from t in Decimal(5, 50)
             from algorithm in Algorithms
             let rhs = new[] { 0, 7 }.Select(o =>
                 $"({Text(c[o])}) + ({Text(c[o + 1])})*x + ({Text(c[o + 2])})*y + ({Text(c[o + 3] / 2)})*x^2 + ({Text(c[o + 4] / 2)})*x*y + ({Text(c[o + 5] / 2)})*y^2"
                 + (hasInput ? $" + ({Text(c[o + 6])})*u*x" : string.Empty)).ToArray()
             select new Case(["x", "y"], rhs, hasInput, x0, hasInput ? v : null, t, algorithm))
            .ToArbitrary();
        }
    }

    [Property(Arbitrary = [typeof(Arbitraries.Linear)], MaxTest = 30, Replay = "(271828,1829)")]
    public void LinearSystems_EverySimulatedStateIsEnclosed(Case c) => Check(c);

    [Property(Arbitrary = [typeof(Arbitraries.Quadratic)], MaxTest = 30, Replay = "(161803,3989)")]
    public void QuadraticSystems_EverySimulatedStateIsEnclosed(Case c) => Check(c);

    private void Check(Case c)
    {
        OdeSystem system = c.System();
        var problem = new FlowProblem(system, c.X0, c.V, 0.25, c.T);
        if (!c.Algorithm.TryEnclose(problem, out FlowEnclosure? e, out FlowFailure? failure))
        {
            output.WriteLine($"UNKNOWN ({failure.Reason}) for {c}");
            return;
        }

        int[][] table = FlowTestSupport.SegmentTable(e.Tube, problem.StartTime, c.T, Substeps);
        VectorField field = system.Compile().Field;
        var random = new Random(c.ToString().Aggregate(17, (h, ch) => unchecked((h * 31) + ch)));
        output.WriteLine($"{c}: end {e.End} in {e.Statistics.Steps} steps");
        foreach ((double[] x0, double[] v) in FlowTestSupport.Samples(c.X0, c.V, random, Trajectories))
        {
            double[] end = FlowTestSupport.Simulate(field, problem.StartTime, c.T, x0, v, Substeps, (k, s, x) =>
            {
                foreach (int i in table[k])
                {
                    FlowTestSupport.AssertInside(e.Tube[i].Enclosure, x, () => $"{e.Tube[i]} misses ({string.Join(", ", x)}) at offset {s} from x0 = ({string.Join(", ", x0)}), v = ({string.Join(", ", v)}) for {c}.");
                }
            });
            FlowTestSupport.AssertInside(e.End, end, () => $"The end box {e.End} misses ({string.Join(", ", end)}) from x0 = ({string.Join(", ", x0)}), v = ({string.Join(", ", v)}) for {c}.");
        }
    }
}
