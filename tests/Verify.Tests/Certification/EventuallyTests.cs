using Certus.Cli;

namespace Certus.Verify.Tests.Certification;

/// <summary>Goals reached at some time of a window.</summary>
public sealed class EventuallyTests
{
    private static int Certify(string yaml)
    {
        string path = RepositoryPaths.WriteTemporarySpec(yaml, "eventually");
        try
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            return CertifyCommand.Run(path, null, 60, -1, 64, output, error);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static readonly string Tora = File.ReadAllText(RepositoryPaths.Spec("tora-heterogeneous-relu-tanh.yaml"));

    [Fact]
    public void TargetReachedWithinTheLastSecond_IsProved()
    {
        string spec = Tora.Replace("    at_end: [x1 >= -0.1, x1 <= 0.2, x2 >= -0.9, x2 <= -0.6]",
            "    eventually: [x1 >= -0.1, x1 <= 0.2, x2 >= -0.9, x2 <= -0.6]\n    during: [4, 5]", StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, Certify(spec));
    }

    // A goal no run reaches is refuted: falsification minimises a run's largest margin over the window, and the
    // validated enclosure of that run lies outside the goal over the whole window.
    [Fact]
    public void UnreachableGoal_IsUnsafe()
    {
        string spec = Tora.Replace("    at_end: [x1 >= -0.1, x1 <= 0.2, x2 >= -0.9, x2 <= -0.6]",
            "    eventually: x1 >= 10", StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Violated, Certify(spec));
    }

    // x⁺ = x/2 (discrete) and dx/dt = −x (ODE) from x ∈ [1, 2]: after 3 steps x ∈ [1/8, 1/4]; at t = 1, x ∈ [e⁻¹, 2e⁻¹].
    [Theory]
    [InlineData(true, "x <= 0.3", ExitCodes.Ok)]             // every run gets there by step 3
    [InlineData(true, "x <= 0.2", ExitCodes.Violated)]       // the run from x = 2 ends at 0.25
    [InlineData(true, "x <= 0.1", ExitCodes.Violated)]       // no run gets there
    [InlineData(false, "x <= 0.8", ExitCodes.Ok)]
    [InlineData(false, "x <= 0.5", ExitCodes.Violated)]      // from x = 2: 2/e = 0.74 at the end
    public void GoalReachedByEveryRunOrNot(bool discrete, string goal, int expected)
    {
        string spec = $$"""
            plant:
              states: [x, y]
              inputs: [u1, u2]
              {{(discrete ? "update" : "dynamics")}}:
                x: {{(discrete ? "0.5 * x + 0 * u1" : "-x + 0 * u1")}}
                y: {{(discrete ? "y" : "0")}} + 0 * u2
            controller:
              network: {{RepositoryPaths.Spec("networks", "discrete", "rotation_relu.json")}}
              inputs: [x, y]
              outputs: { u1: "out[0]", u2: "out[1]" }
              period: {{(discrete ? "1" : "0.1")}}
            initial: { x: [1, 2], y: 0 }
            horizon: {{(discrete ? 3 : 10)}}
            properties:
              - eventually: [{{goal}}]
            """;
        Assert.Equal(expected, Certify(spec));
    }
}
