using Certus.Core.Systems;
using Certus.Reach.ClosedLoop;
using Certus.Verify.Certification;
using Certus.Cli;
using Certus.Verify.Specs;

namespace Certus.Verify.Tests.Certification;

/// <summary>
/// Soundness at the edges: an empty or partly undefined enclosure is never a proof (nor a validated violation), and
/// the closed sets of the spec format are decided exactly at their boundary by the proof and the falsifier alike.
/// </summary>
public sealed class BoundarySemanticsTests
{
    // A two-state loop whose states barely move (x drifts by the tiny control, y is constant): every property below is
    // decided by the initial set, so the expected verdict is known by hand.
    private const string Loop = """
        name: edge
        plant:
          states: [x, y]
          inputs: [u]
          dynamics:
            x: DRIFT
            y: 0
        controller:
          network: networks/robot_arm/robot_arm_tanh.json
          inputs: [INPUTS]
          outputs: { u: "out[0]" }
          period: 0.1
        initial: { x: [0, 1], y: 0 }
        horizon: 2
        properties:
          - name: p
            PROPERTY
        """;

    private static string Spec(string property, string inputs = "x, y", string drift = "0.000001*u") =>
        Loop.Replace("PROPERTY", property, StringComparison.Ordinal).Replace("INPUTS", inputs, StringComparison.Ordinal).Replace("DRIFT", drift, StringComparison.Ordinal);

    internal static (int Code, string Output) Certify(string yaml, int maxCells = 64)
    {
        string path = RepositoryPaths.WriteTemporarySpec(yaml, "edge");
        try
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            int code = CertifyCommand.Run(path, null, 60, -1, maxCells, output, error);
            return (code, output + error.ToString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    // The proof alone (no falsification), so that a wrong proof cannot hide behind a counterexample found first.
    private static ClosedLoopReachResult Prove(string yaml, int maxCells = 64)
    {
        string path = RepositoryPaths.WriteTemporarySpec(yaml, "edge");
        try
        {
            CertificationSpec spec = SpecReader.Read(path);
            return new ClosedLoopReachability { MaxCells = maxCells, Separator = new LinearProgramSeparator() }.Analyze(spec.ToReachProblem());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void PowerWithAZeroBase_IsNeverProvedFromAnEmptyEnclosure()
    {
        // x = 0.7 violates y^1.5 + (x - 0.7)^2 >= 1e-12 (y = 0); an empty enclosure of 0^1.5 once proved it with margin +inf.
        string yaml = Spec("always: y^1.5 + (x - 0.7)^2 >= 1e-12");
        Assert.False(Prove(yaml).Proved);
        Assert.NotEqual(ExitCodes.Ok, Certify(yaml).Code);
    }

    [Fact]
    public void PowerWithAZeroBase_InANetworkSpec_IsNotSafe()
    {
        string yaml = """
            name: pow-net
            network: networks/robot_arm/robot_arm_tanh.json
            inputs: { a: [0, 1], b: 0 }
            outputs: [x, y]
            properties:
              - name: pow
                require: b^1.5 + (a - 0.7)^2 >= 1e-12
            """;
        Assert.NotEqual(ExitCodes.Ok, Certify(yaml, maxCells: 8).Code);
    }

    [Fact]
    public void ControllerInputOutsideItsDomain_IsUnknownAndNamed()
    {
        // sqrt(x - 0.5) is undefined for x < 0.5, half of the initial set: the loop is not defined there.
        string yaml = Spec("always: x <= 2", inputs: "sqrt(x - 0.5), y");
        ClosedLoopReachResult r = Prove(yaml, maxCells: 8);
        Assert.False(r.Proved);
        CellResult undefined = Assert.Single(r.Cells, c => c.Cell[0].Lo == 0);
        Assert.Contains("sqrt(x - 0.5)", undefined.Failure?.Message, StringComparison.Ordinal);
        Assert.Contains("undefined", undefined.Failure?.Message, StringComparison.Ordinal);
        // Cells inside the domain are proved: only the undefined part is UNKNOWN.
        Assert.Contains(r.Cells, c => c.Proved && c.Cell[0].Lo >= 0.5);
        Assert.Equal(ExitCodes.Unknown, Certify(yaml, maxCells: 8).Code);
    }

    [Theory]
    [InlineData("always: log(x) >= -1000")]
    [InlineData("always: 1 / (x - 0.5) <= 1e300")]
    [InlineData("always: sqrt(x - 0.25) >= -1")]
    public void PropertyUndefinedOnPartOfTheSet_IsNeverSafe(string property)
    {
        string yaml = Spec(property);
        ClosedLoopReachResult r = Prove(yaml, maxCells: 8);
        Assert.False(r.Proved);
        Assert.Contains(r.Cells, c => c.Outcomes[0].Reason is { } why && why.Contains("undefined", StringComparison.Ordinal));
        Assert.NotEqual(ExitCodes.Ok, Certify(yaml, maxCells: 8).Code);
    }

    [Fact]
    public void PropertyUndefinedEverywhere_IsNeverAValidatedViolation()
    {
        // sqrt(-1 - x^2) has no real value anywhere; set semantics gave an empty margin whose upper end (−∞) "confirmed" a violation.
        (int code, string output) = Certify(Spec("always: sqrt(-1 - x^2) >= 0"), maxCells: 4);
        Assert.Equal(ExitCodes.Unknown, code);
        Assert.DoesNotContain("(validated)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void AvoidSet_IsClosed_ItsBoundaryIsUnsafe()
    {
        // avoid x >= 1 with x0 in [0, 1] and x decreasing: only x0 = 1 at t = 0 is unsafe, on the boundary.
        string yaml = Spec("avoid: [x >= 1]", drift: "-0.5 + 0.000001*u");
        ClosedLoopReachResult r = Prove(yaml, maxCells: 16);
        Assert.False(r.Proved);
        (int code, string output) = Certify(yaml, maxCells: 16);
        Assert.Equal(ExitCodes.Violated, code);
        Assert.Contains("x0 = (1, 0)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void AvoidSet_StrictlyOutside_IsSafe()
    {
        string yaml = Spec("avoid: [x >= 1.001]", drift: "-0.5 + 0.000001*u");
        Assert.True(Prove(yaml, maxCells: 16).Proved);
        Assert.Equal(ExitCodes.Ok, Certify(yaml, maxCells: 16).Code);
    }

    [Fact]
    public void AlwaysSet_IsClosed_ItsBoundaryIsSafe()
    {
        // always x <= 1 with x0 in [0, 1] and x decreasing: x0 = 1 lies on the boundary of the closed safe set.
        string yaml = Spec("always: x <= 1", drift: "-0.5 + 0.000001*u");
        Assert.True(Prove(yaml, maxCells: 16).Proved);
        Assert.Equal(ExitCodes.Ok, Certify(yaml, maxCells: 16).Code);
    }

    [Fact]
    public void AlwaysSet_JustOutside_IsUnsafe()
    {
        string yaml = Spec("always: x <= 0.999", drift: "-0.5 + 0.000001*u");
        Assert.Equal(ExitCodes.Violated, Certify(yaml, maxCells: 16).Code);
    }

    [Fact]
    public void AtEndGoal_IsClosed_ItsBoundaryCounts()
    {
        // x(0.2) = x0 - 0.1 (up to the tiny control) lies in [-0.1, 0.9]: at_end x <= 0.9000001 holds, x <= 0.8999 does not.
        Assert.Equal(ExitCodes.Ok, Certify(Spec("at_end: x <= 0.9001", drift: "-0.5"), maxCells: 16).Code);
        Assert.Equal(ExitCodes.Violated, Certify(Spec("at_end: x <= 0.8999", drift: "-0.5"), maxCells: 16).Code);
    }

    [Fact]
    public void PropertyKinds_DecideTheBoundaryAsDocumented()
    {
        var always = new StateProperty("a", PropertyKind.Always, Core.Expressions.Expr.Var("x"));
        var avoid = StateProperty.Avoid("b", [Core.Expressions.Expr.Var("x")]);
        Assert.True(always.IsProvedBy(0));
        Assert.False(always.IsViolatedBy(0));
        Assert.True(always.IsViolatedBy(-double.Epsilon));
        Assert.False(avoid.IsProvedBy(0));
        Assert.True(avoid.IsProvedBy(double.Epsilon));
        Assert.True(avoid.IsViolatedBy(0));
        Assert.False(always.IsProvedBy(double.NaN));
        Assert.False(avoid.IsProvedBy(double.NaN));
        Assert.False(always.IsViolatedBy(double.NaN));
    }
}

/// <summary>A decimal control period is enclosed, not rounded to its nearest double.</summary>
public sealed class DecimalPeriodTests
{
    private static CertificationSpec Read(string period, string dynamics, int horizon)
    {
        string yaml = $$"""
            name: clock
            plant:
              states: [x, y]
              inputs: [u]
              dynamics:
                x: {{dynamics}}
                y: 0.000001*u
            controller:
              network: networks/robot_arm/robot_arm_tanh.json
              inputs: [x, y]
              outputs: { u: "out[0]" }
              period: {{period}}
            initial: { x: 1, y: 0 }
            horizon: {{horizon}}
            properties:
              - always: y <= 1
            """;
        string path = RepositoryPaths.WriteTemporarySpec(yaml, "period");
        try
        {
            return SpecReader.Read(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TimeScale_EnclosesTheExactRatioOfTheDecimalToItsDouble()
    {
        CertificationSpec spec = Read("0.1", "1", 10);
        Core.Numerics.Interval c = spec.ToReachProblem().TimeScale;
        // The double nearest 0.1 is 0.1000000000000000055511151231257827..., so the exact ratio is just below 1.
        Assert.True(c.Lo < 1 && c.Hi >= 1 - 1e-16 && c.Width < 1e-15, $"time scale {c}");
        Assert.Equal(0.1, spec.Controller.Period);
        Assert.True(spec.Controller.PeriodEnclosure.Width > 0);
    }

    [Fact]
    public void ExactPeriod_LeavesThePlantAsItIs()
    {
        ClosedLoopReachProblem p = Read("0.25", "1 - x", 4).ToReachProblem();
        Assert.Same(p.System, p.FlowSystem);
        Assert.Equal(1, p.TimeScale.Lo);
        Assert.Equal(1, p.TimeScale.Hi);
    }

    [Fact]
    public void ReachSet_ContainsTheExactStateOfTheRealPeriod()
    {
        // x' = t sampled every 0.1 s for 30 periods: the exact state at t = 3 s is 1 + 3²/2 = 5.5. The engine steps with the
        // double nearest 0.1; in its time the plant is rescaled, so the end set must contain 5.5 (and be tight).
        ClosedLoopReachProblem p = Read("0.1", "t", 30).ToReachProblem();
        Assert.NotSame(p.System, p.FlowSystem);
        CellResult cell = new ClosedLoopReachability().AnalyzeCell(p, p.InitialSet);
        Assert.NotNull(cell.FinalSet);
        Assert.True(cell.FinalSet![0].Contains(5.5), $"end set {cell.FinalSet[0]} misses 5.5");
        Assert.True(cell.FinalSet[0].Width < 1e-9, $"end set {cell.FinalSet[0]} too wide");
        Assert.True(p.RealTime(Core.Numerics.Interval.Point(p.EndTime)).Contains(3));
    }
}

/// <summary>A cell's proof stops at the next period boundary once the time budget is spent or the run is cancelled.</summary>
public sealed class CellInterruptionTests
{
    private static ClosedLoopReachProblem Problem(string file = "single-pendulum.yaml", string horizon = "horizon: 20")
    {
        string yaml = File.ReadAllText(RepositoryPaths.Spec(file)).Replace(horizon, "horizon: 100000", StringComparison.Ordinal);
        string path = RepositoryPaths.WriteTemporarySpec(yaml, "interrupt");
        try
        {
            return SpecReader.Read(path).ToReachProblem();
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void PassedDeadline_StopsTheCellWithinItsFirstPeriod()
    {
        // The deadline is checked between the flow's steps too (a hard --timeout), not only between periods.
        ClosedLoopReachProblem p = Problem();
        CellResult r = new ClosedLoopReachability().AnalyzeCell(p, p.InitialSet, 0, System.Diagnostics.Stopwatch.GetTimestamp() - 1, CancellationToken.None);
        CellInterrupted stop = Assert.IsType<CellInterrupted>(r.Failure);
        Assert.Equal(1, stop.Period);
        Assert.False(stop.Cancelled);
        Assert.False(stop.SplittingMayHelp);
        Assert.Contains("time budget exhausted", stop.Message, StringComparison.Ordinal);
        Assert.All(r.Outcomes, o => Assert.Equal(PropertyStatus.Undecided, o.Status));
        Assert.Empty(r.Tube);
    }

    [Fact]
    public void Cancellation_StopsTheCellAndIsNotSplit()
    {
        ClosedLoopReachProblem p = Problem();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        CellResult r = new ClosedLoopReachability().AnalyzeCell(p, p.InitialSet, 0, null, cancelled.Token);
        CellInterrupted stop = Assert.IsType<CellInterrupted>(r.Failure);
        Assert.True(stop.Cancelled);
        Assert.Equal(1, stop.Period); // the flow stops within the first period, not at its end
        Assert.Empty(r.Tube);
    }
}

/// <summary>Cases found in review: a jump inside a mean-value form, and windows whose ends are not doubles.</summary>
public sealed class ReviewRegressionTests
{
    private static (int Code, string Output) Certify(string yaml) => BoundarySemanticsTests.Certify(yaml, maxCells: 16);

    [Fact]
    public void Atan2AcrossItsBranchCut_IsNeverLinearisedInTheAffineMode()
    {
        // From (-1.5, 0.3, 0) the control is atan2(-1e-12, -1.5) ≈ -π, so v(0.125) < 0; a mean-value form across the cut
        // once proved v >= 0 (the falsifier misses the 2e-6-wide band).
        const string yaml = """
            name: atan2-cut
            plant:
              states: [x, y, v]
              inputs: [u]
              dynamics: { x: 0, y: 0, v: u }
            controller:
              network: networks/identity/identity1.json
              inputs: ["atan2((y - 0.3)^2 - 1e-12, x)"]
              outputs: { u: "out[0]" }
              period: 0.125
            initial: { x: [-2, -1], y: [0, 1], v: 0 }
            horizon: 1
            properties:
              - always: [v >= 0]
            """;
        Assert.NotEqual(ExitCodes.Ok, Certify(yaml).Code);
    }

    private const string Clock = """
        name: window
        plant:
          states: [x]
          inputs: [u]
          dynamics: { x: 1 + 0*u }
        controller:
          network: networks/identity/identity1.json
          inputs: [x]
          outputs: { u: "out[0]" }
          period: 0.5
        initial: { x: START }
        horizon: 8
        properties:
          - PROPERTY
            during: [0, 2 + sin(1e16)]
        """;

    [Fact]
    public void Eventually_ReachedOnlyAfterTheExactWindowEnd_IsNotSafe()
    {
        // The window ends at 2 + sin(1e16) ≈ 2.7797, enclosed only as [1, 3]; x reaches 2.8 at t = 2.8, after it.
        string yaml = Clock.Replace("START", "0", StringComparison.Ordinal).Replace("PROPERTY", "eventually: [x >= 2.8]", StringComparison.Ordinal);
        Assert.NotEqual(ExitCodes.Ok, Certify(yaml).Code);
    }

    [Fact]
    public void Always_ViolatedOnlyAfterTheExactWindowEnd_IsNeverAValidatedViolation()
    {
        // Inside the exact window x <= 2.79 < 2.85; a violation seen inside the outer hull [0, 3] only is not one.
        string yaml = Clock.Replace("START", "[0, 0.01]", StringComparison.Ordinal).Replace("PROPERTY", "always: [x <= 2.85]", StringComparison.Ordinal);
        (int code, string output) = Certify(yaml);
        Assert.NotEqual(ExitCodes.Violated, code);
        Assert.DoesNotContain("(validated)", output, StringComparison.Ordinal);
    }
}
