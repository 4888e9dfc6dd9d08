using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;
using Xunit.Abstractions;

namespace Certus.Testing.Tests;

/// <summary>The property-testing API end to end: properties that hold, a planted violation found and shrunk to the
/// boundary of its region, replay by seed, and the FsCheck entry points.</summary>
public sealed class ControllerPropertiesTests(DeadZoneSpecs specs, ITestOutputHelper output) : IClassFixture<DeadZoneSpecs>
{
    private static Config Quiet(int maxTest, ulong seed) => Config.QuickThrowOnFailure
        .WithMaxTest(maxTest)
        .WithQuietOnSuccess(true)
        .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed, 1442695040888963407UL), FSharpOption<int>.None)));

    [Fact]
    public void Acc_IsNotFalsified_In10000Runs()
    {
        var clock = Stopwatch.StartNew();
        ControllerCheckResult result = ControllerProperties.Check(RepositoryPaths.Spec("acc.yaml"), runs: 10_000, seed: 2024);
        output.WriteLine($"{result.SummaryLine} in {clock.Elapsed.TotalSeconds:F2} s ({10_000 / clock.Elapsed.TotalSeconds:F0} runs/s)");
        Assert.True(result.Passed, result.Report);
        Assert.Equal(10_000, result.Runs);
        Assert.Equal(0, result.Failed);
        Assert.Null(result.Counterexample);
        Assert.Null(result.ShrunkCounterexample);
        Assert.Equal("acc.yaml: 10000 runs, 0 failed (seed 2024)", result.SummaryLine);
    }

    [Fact]
    public void SafeLoop_FsCheckProperty_Holds_In10000Tests()
    {
        var clock = Stopwatch.StartNew();
        Check.One(Quiet(10_000, 77), ControllerProperties.FromSpec(specs.Safe));
        output.WriteLine($"10000 FsCheck tests in {clock.Elapsed.TotalSeconds:F2} s");
    }

    [Fact]
    public void PlantedDeadZone_IsFound_AndShrunkToTheCornerOfItsRegion()
    {
        ControllerCheckResult result = ControllerProperties.Check(specs.Planted, runs: 1000, seed: 11);
        output.WriteLine(result.Report);
        Assert.False(result.Passed);
        Assert.True(result.Failed > 0);
        ClosedLoopCase found = result.Counterexample!;
        Assert.All(found.InitialState, x => Assert.InRange(x, DeadZoneSpecs.Corner, 1));

        // The violating initial states are [0.77, 1]²; the set is [0, 1]² (width 1). The shrunk state lies in the region
        // and within 10 % of the set width from its boundary, at the corner nearest the centre of the set.
        ClosedLoopCase shrunk = result.ShrunkCounterexample!;
        Assert.All(shrunk.InitialState, x => Assert.InRange(x, DeadZoneSpecs.Corner, DeadZoneSpecs.Corner + 0.1));
        Assert.False(result.Shrink!.Outcome.Passed);

        // The shortest horizon that still fails: x1 = 0.77 + t reaches 1.5 after about 0.73 s, in period 7 (or 8
        // when the shrunk state sits on the gate, where sign(0) = 0 leaves half the control for one period).
        Assert.InRange(shrunk.Periods, 8, 9);
        Assert.True(ControllerSuite.FromSpec(specs.Planted).Evaluate(shrunk.Truncate(shrunk.Periods - 1)).Passed);
        Assert.Contains("margin", result.Report, StringComparison.Ordinal);
        Assert.Contains($"--seed 11", result.Report, StringComparison.Ordinal);
        Assert.Contains("x1 bounded", result.Report, StringComparison.Ordinal);
    }

    [Fact]
    public void PlantedDeadZone_FsCheckRunner_ShrinksWithTheSameShrinker()
    {
        ControllerSuite suite = ControllerSuite.FromSpec(specs.Planted);
        ClosedLoopCase? lastFailing = null;
        Property property = Prop.ForAll(suite.Arbitrary, c =>
        {
            bool passed = suite.Evaluate(c).Passed;
            if (!passed)
            {
                lastFailing = c; // FsCheck shrinks greedily: the last failing case it tries is the one it reports
            }

            return passed;
        });
        Exception e = Assert.ThrowsAny<Exception>(() => Check.One(Quiet(2000, 5), property));
        output.WriteLine(e.Message);
        Assert.NotNull(lastFailing);
        Assert.All(lastFailing!.InitialState, x => Assert.InRange(x, DeadZoneSpecs.Corner, DeadZoneSpecs.Corner + 0.1));
        Assert.InRange(lastFailing.Periods, 8, 9);
    }

    [Fact]
    public void FromSpec_OnThePlantedLoop_FailsWithTheTrajectoryInTheMessage()
    {
        Exception e = Assert.ThrowsAny<Exception>(() => Check.One(Quiet(2000, 9), ControllerProperties.FromSpec(specs.Planted)));
        Assert.Contains("x1 bounded", e.Message, StringComparison.Ordinal);
        Assert.Contains("margin", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_WithThePrintedSeed_GivesTheSameCounterexample()
    {
        ControllerCheckResult first = ControllerProperties.Check(specs.Planted, runs: 1000, seed: 424242);
        Assert.False(first.Passed);
        ControllerCheckResult again = ControllerProperties.Check(specs.Planted, runs: 1000, seed: 424242);
        ControllerCheckResult replay = ControllerProperties.Check(specs.Planted, runs: first.FirstFailingRun!.Value + 1, seed: first.Seed);
        ControllerCheckResult oneThread = ControllerSuite.FromSpec(specs.Planted).Check(new ControllerCheckOptions { Runs = 1000, Seed = 424242, Jobs = 1 });
        foreach (ControllerCheckResult r in (ControllerCheckResult[])[again, replay, oneThread])
        {
            Assert.Equal(first.FirstFailingRun, r.FirstFailingRun);
            Assert.Equal(first.Counterexample, r.Counterexample);
            Assert.Equal(first.ShrunkCounterexample, r.ShrunkCounterexample);
        }

        Assert.Equal(first.Report, again.Report);
        Assert.Contains($"--runs {first.FirstFailingRun + 1} --seed 424242", first.Report, StringComparison.Ordinal);
        Assert.NotEqual(first.Counterexample, ControllerProperties.Check(specs.Planted, runs: 1000, seed: 1).Counterexample);
    }

    [Fact]
    public void AssertHolds_ThrowsWithTheReport_OrReturnsThePassingResult()
    {
        var e = Assert.Throws<ControllerPropertyException>(() => ControllerProperties.AssertHolds(specs.Planted, runs: 500, seed: 3));
        Assert.Equal(e.Result!.Report, e.Message);
        Assert.Contains("shrunk", e.Message, StringComparison.Ordinal);
        Assert.True(ControllerProperties.AssertHolds(specs.Safe, runs: 200, seed: 3).Passed);
    }

    [Fact]
    public void Disturbances_AreShrunkToTheCentreOfTheirBox()
    {
        ControllerCheckResult result = ControllerProperties.Check(specs.Disturbed, runs: 1000, seed: 21);
        Assert.False(result.Passed);
        ClosedLoopCase shrunk = result.ShrunkCounterexample!;
        Assert.Equal(shrunk.Periods, shrunk.Disturbances.Count);
        Assert.Contains(result.Counterexample!.Disturbances, w => w != 0);
        Assert.All(shrunk.Disturbances, w => Assert.Equal(0, w));
        Assert.All(shrunk.InitialState, x => Assert.InRange(x, DeadZoneSpecs.Corner - 0.1, DeadZoneSpecs.Corner + 0.1));
    }

    [Fact]
    public void PropertiesWrittenInCode_Always_During_Eventually_ReachAvoid()
    {
        ControllerSuite suite = ControllerSuite.FromSpec(specs.Safe);
        var spec = suite.Spec;

        // x' = -x: x(t) = x0 e^-t, so x1 <= 0.4 during [0.95, 1] always holds; x1 <= 0.2 eventually fails for x1(0) > 0.2e.
        Assert.True(suite.With(TrajectoryProperties.During(spec, "x1 <= 0.4", 0.95, 1.0)).Check(new ControllerCheckOptions { Runs = 500, Seed = 1 }).Passed);
        Assert.True(suite.With(TrajectoryProperties.ReachAvoid(spec, ["x1 >= 1.2"], ["x1 <= 0.4", "x2 <= 0.4"], 0.9, 1.0)).Check(new ControllerCheckOptions { Runs = 500, Seed = 1 }).Passed);
        Assert.True(suite.With(TrajectoryProperties.AtEnd(spec, "x1 + x2 <= 0.74")).Check(new ControllerCheckOptions { Runs = 500, Seed = 1 }).Passed);

        ControllerCheckResult eventually = suite.With(TrajectoryProperties.Eventually(spec, ["x1 <= 0.2"])).Check(new ControllerCheckOptions { Runs = 500, Seed = 1 });
        output.WriteLine(eventually.Report);
        Assert.False(eventually.Passed);
        ClosedLoopCase shrunk = eventually.ShrunkCounterexample!;
        Assert.Equal(spec.Horizon, shrunk.Periods); // an eventually window cannot be cut short
        Assert.InRange(shrunk.InitialState[0], 0.2 * Math.E, (0.2 * Math.E) + 0.1);

        ControllerCheckResult always = suite.With(TrajectoryProperties.Always(spec, "x1 <= 0.9", "x1 below 0.9")).Check(new ControllerCheckOptions { Runs = 500, Seed = 1 });
        Assert.False(always.Passed);
        Assert.Equal(1, always.ShrunkCounterexample!.Periods); // violated at t = 0 already
        Assert.InRange(always.ShrunkCounterexample.InitialState[0], 0.9, 1.0);
        Assert.Throws<ArgumentException>(() => TrajectoryProperties.Always(spec, "x3 <= 1"));
        Assert.Throws<ArgumentException>(() => TrajectoryProperties.Always(spec, "x1 = 1"));
        Assert.Throws<ArgumentException>(() => TrajectoryProperties.During(spec, "x1 <= 1", 0.5, 3));
    }
}
