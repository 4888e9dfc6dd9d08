using Certus.Testing;
using FsCheck;
using FsCheck.Xunit;
using Xunit.Abstractions;

namespace ControllerTests;

/// <summary>
/// Controller properties of the ACC benchmark, checked on every build: random initial states of the spec's set,
/// simulated in closed loop, the spec's safety property checked along each trajectory; a failure is shrunk to a
/// minimal counterexample and reported with its trajectory and the seed that replays it.
/// </summary>
public sealed class AccControllerTests(ITestOutputHelper output)
{
    /// <summary>specs/acc.yaml of the repository (a copy of this project elsewhere: point at your own spec files).</summary>
    private static readonly string Acc = SpecFiles.Find("specs/acc.yaml");

    /// <summary>The same loop with a tightened safety distance (falsifiable on purpose).</summary>
    private static readonly string AccTight = SpecFiles.Find("samples/ControllerTests/specs/acc-tight.yaml");

    /// <summary>One line: 1000 runs with a fixed seed (reproducible in CI); throws with the report when a run fails.</summary>
    [Fact]
    public void Acc_KeepsTheSafeDistance()
    {
        ControllerCheckResult result = ControllerProperties.AssertHolds(Acc, runs: 1000, seed: 12345);
        output.WriteLine(result.Report);
    }

    /// <summary>The same property in FsCheck.Xunit's runner (FsCheck's own seeds, shrinking with the same shrinker).
    /// A failure found once can be pinned with Replay = "(seed,gamma)" (gamma odd), as FsCheck prints it.</summary>
    [Property(MaxTest = 300, Replay = "(12345,67891)")]
    public Property Acc_KeepsTheSafeDistance_FsCheck() => ControllerProperties.FromSpec(Acc);

    /// <summary>Properties written in code over the spec's loop: the ego car keeps a speed between 20 and 31 m/s during
    /// the last second, and never closes in below 20 m.</summary>
    [Fact]
    public void Acc_SpeedAndGap_WrittenInCode()
    {
        ControllerSuite suite = ControllerSuite.FromSpec(Acc);
        ControllerSuite custom = suite.With(
            TrajectoryProperties.During(suite.Spec, "v_ego >= 20", 4, 5),
            TrajectoryProperties.During(suite.Spec, "v_ego <= 31", 4, 5),
            TrajectoryProperties.Always(suite.Spec, "x_lead - x_ego >= 20"));
        custom.Check(new ControllerCheckOptions { Runs = 500, Seed = 7 }).ThrowIfFailed();
    }

    /// <summary>Demonstrates a failure and its shrunk counterexample; kept out of normal runs with
    /// <c>dotnet test --filter "Category!=DemonstratesFailure"</c>.</summary>
    [Fact]
    [Trait("Category", "DemonstratesFailure")]
    public void AccTight_IsFalsified_AndShrunk() => ControllerProperties.AssertHolds(AccTight, runs: 1000, seed: 12345);
}
