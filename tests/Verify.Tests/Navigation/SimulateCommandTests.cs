using System.Text.Json;
using Certus.Cli;

namespace Certus.Verify.Tests.Navigation;

public sealed class SimulateCommandTests
{
    private static (int Code, string Output, string Error) Simulate(string spec, string? policy = null, int? agents = null, string? outDir = null, string? json = null, double? limit = null, bool gif = true)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = SimulateCommand.Run(new SimulateCommand.Request(spec, policy, agents, null, limit, null, outDir, gif, json, -1), output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void Orca_OnTheShippedCircle_IsSafeAndArrives_AndWritesEveryOutput()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"sim-{Guid.NewGuid():N}");
        try
        {
            var (code, output, error) = Simulate(RepositoryPaths.Spec("nav-circle-16.yaml"), "orca", outDir: dir);
            Assert.True(code == ExitCodes.Ok, output + error);
            Assert.Contains("safety rate      100.0 %", output, StringComparison.Ordinal);
            Assert.Contains("success rate     100.0 %", output, StringComparison.Ordinal);
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "metrics.json")));
            Assert.Equal("orca", doc.RootElement.GetProperty("policy").GetString());
            Assert.Equal(1.0, doc.RootElement.GetProperty("metrics").GetProperty("safety_rate").GetDouble());
            Assert.Equal(16, doc.RootElement.GetProperty("per_agent").GetArrayLength());
            string[] csv = File.ReadAllLines(Path.Combine(dir, "agents.csv"));
            Assert.Equal(17, csv.Length);
            Assert.StartsWith("agent,collided,", csv[0], StringComparison.Ordinal);
            Assert.True(new FileInfo(Path.Combine(dir, "trajectories.png")).Length > 10_000);
            Assert.Contains("<svg", File.ReadAllText(Path.Combine(dir, "trajectories.svg")), StringComparison.Ordinal);
            var gif = GifDecoder.Decode(File.ReadAllBytes(Path.Combine(dir, "animation.gif")));
            Assert.InRange(gif.Frames.Count, 20, 161);

            // The last frame shows every agent near its goal: the pixels there are not background.
            Assert.Contains(gif.Frames[^1].Indices, i => i != gif.Frames[^1].Indices[0]);
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, true);
            }
        }
    }

    [Fact]
    public void GoToGoal_Collides_ExitOne()
    {
        var (code, output, _) = Simulate(RepositoryPaths.Spec("nav-circle-16.yaml"), "go-to-goal");
        Assert.Equal(ExitCodes.Violated, code);
        Assert.Contains("safety rate      0.0 %", output, StringComparison.Ordinal);
    }

    [Fact]
    public void SafeButNotArrived_ExitTwo()
    {
        var (code, output, _) = Simulate(RepositoryPaths.Spec("nav-circle-16.yaml"), "orca", limit: 1.0);
        Assert.Equal(ExitCodes.Unknown, code);
        Assert.Contains("goal rate        0.0 %", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_HasTheMetrics()
    {
        string json = Path.Combine(Path.GetTempPath(), $"sim-{Guid.NewGuid():N}.json");
        try
        {
            Simulate(RepositoryPaths.Spec("nav-circle-16.yaml"), "cbf-rh", agents: 8, json: json);
            using var doc = JsonDocument.Parse(File.ReadAllText(json));
            Assert.Equal(8, doc.RootElement.GetProperty("agents").GetInt32());
            Assert.True(doc.RootElement.GetProperty("metrics").GetProperty("policy_ms_per_step_median").GetDouble() > 0);
        }
        finally
        {
            File.Delete(json);
        }
    }

    [Theory]
    [InlineData("acc.yaml", null, null, "is a certification spec")]
    [InlineData("nav-circle-16.yaml", "teleport", null, "unknown policy 'teleport'")]
    [InlineData("nav-circle-16.yaml", null, 0, "--agents must be between 1 and 100000")]
    [InlineData("nope.yaml", null, null, "cannot read the scenario file")]
    [InlineData("nav-circle-16.yaml", "madpinn", null, "madpinn")]
    public void BadInput_ExitThree_WithAMessage(string spec, string? policy, int? agents, string expected)
    {
        var (code, _, error) = Simulate(RepositoryPaths.Spec(spec), policy, agents);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Certify_OnANavigationScenario_PointsToSimulate()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.Equal(ExitCodes.BadInput, CertifyCommand.Run(RepositoryPaths.Spec("nav-circle-16.yaml"), null, 10, -1, 16, output, error));
        Assert.Contains("./verify simulate", error.ToString(), StringComparison.Ordinal);
    }
}
