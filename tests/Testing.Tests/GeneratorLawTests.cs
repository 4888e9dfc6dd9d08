using Certus.Core.Sets;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Interval = Certus.Core.Numerics.Interval;

namespace Certus.Testing.Tests;

/// <summary>Laws of the generators and shrinkers: generated states lie in their set, disturbance sequences in their box
/// (one row per period), and every shrink candidate stays in the set and moves toward its centre.</summary>
public sealed class GeneratorLawTests(DeadZoneSpecs specs) : IClassFixture<DeadZoneSpecs>
{
    public static class Arbitraries
    {
        private static Gen<Interval> Intervals() =>
            from lo in Gen.Choose(-1000, 1000)
            from width in Gen.Frequency((1, Gen.Constant(0)), (6, Gen.Choose(1, 2000)))
            from scale in Gen.Elements(1e-3, 1.0, 1e3)
            select new Interval(lo * scale / 7, (lo + width) * scale / 7);

        public static Arbitrary<Box> Boxes() => Gen.Choose(1, 6).SelectMany(n => Gen.ArrayOf(Intervals(), n)).Select(c => new Box(c)).ToArbitrary();
    }

    private static T[] Draw<T>(Gen<T> gen, int count, ulong seed) => gen.Sample(10, new Rnd(seed, 0x9E3779B97F4A7C15UL | 1), count);

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 200, Replay = "(20251,7)")]
    public void StatesIn_LieInTheBox(Box box, int seed)
    {
        foreach (double[] x in Draw(ControllerGen.StatesIn(box), 50, (ulong)seed))
        {
            Assert.Equal(box.Dimension, x.Length);
            Assert.True(box.Contains(x), $"{string.Join(", ", x)} not in {box}");
        }
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 200, Replay = "(20252,9)")]
    public void DisturbanceSequences_HoldOneValueOfTheBoxPerPeriod(Box box, PositiveInt periods)
    {
        int k = Math.Min(periods.Get, 60);
        foreach (double[] d in Draw(ControllerGen.DisturbanceSequences(box, k), 10, (ulong)k))
        {
            Assert.Equal(k * box.Dimension, d.Length);
            for (int p = 0; p < k; p++)
            {
                Assert.True(box.Contains(d.AsSpan(p * box.Dimension, box.Dimension).ToArray()));
            }
        }
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 300, Replay = "(20253,11)")]
    public void CoordinateShrinks_StayInTheInterval_AndMoveTowardItsCentre(Box box, int seed)
    {
        Interval i = box[0];
        double centre = i.Lo + ((i.Hi - i.Lo) / 2);
        foreach (double x in Draw(ControllerGen.ValuesIn(i), 5, (ulong)seed))
        {
            double[] candidates = [.. CaseShrinker.CoordinateCandidates(i.Lo, i.Hi, x)];
            Assert.Equal(candidates.Length, candidates.Distinct().Count());
            Assert.All(candidates, v =>
            {
                Assert.InRange(v, i.Lo, i.Hi);
                Assert.True(Math.Abs(v - centre) < Math.Abs(x - centre));
            });
        }
    }

    [Fact]
    public void CaseShrinks_StayInTheInitialSetAndTheDisturbanceBox()
    {
        ControllerSuite suite = ControllerSuite.FromSpec(specs.Disturbed);
        Gen<ClosedLoopCase> cases = ControllerGen.Cases(suite);
        foreach (ClosedLoopCase c in Draw(cases, 40, 17))
        {
            Assert.True(suite.InitialSet.Contains(c.InitialState));
            Assert.Equal(suite.Spec.Horizon, c.Periods);
            CaseOutcome outcome = suite.Evaluate(c);
            foreach (ClosedLoopCase s in CaseShrinker.Candidates(suite, c, outcome))
            {
                Assert.True(suite.InitialSet.Contains(s.InitialState), $"{s} leaves {suite.InitialSet}");
                Assert.InRange(s.Periods, 1, c.Periods);
                Assert.Equal(s.Periods, s.Disturbances.Count);
                Assert.All(s.Disturbances, w => Assert.InRange(w, -0.1, 0.1));
                Assert.NotEqual(c, s);
            }
        }
    }

    [Fact]
    public void InitialStates_AreTheDoublesInsideTheWrittenSet()
    {
        // acc.yaml writes v_lead in [32, 32.2]: 32.2 is not a double; the generator stays inside the written decimals.
        ControllerSuite suite = ControllerSuite.FromSpec(RepositoryPaths.Spec("acc.yaml"));
        foreach (double[] x in Draw(ControllerGen.InitialStates(suite), 500, 3))
        {
            Assert.True(suite.Spec.InnerInitialSet!.Contains(x));
            Assert.InRange((decimal)x[1], 32m, 32.2m);
            Assert.Equal(0, x[2]);
        }
    }

    [Theory]
    [InlineData(0.77123, 0.5, 2, 0.77)]
    [InlineData(0.7789, 0.5, 2, 0.77)]
    [InlineData(0.2211, 0.5, 2, 0.23)]
    [InlineData(0.2211, 0.5, 1, 0.3)]
    [InlineData(-12.345, 0, 3, -12.3)]
    [InlineData(105.5, 100, 2, 100)]
    [InlineData(0.5, 0.5, 1, 0.5)]
    public void RoundToward_KeepsFewerDigits_OnTheSideOfTheTarget(double x, double target, int digits, double expected) =>
        Assert.Equal(expected, CaseShrinker.RoundToward(x, target, digits));
}
