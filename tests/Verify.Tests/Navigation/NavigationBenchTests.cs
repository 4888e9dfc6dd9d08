using System.Text.Json;
using Certus.Cli;
using Certus.Verify.Navigation;

namespace Certus.Verify.Tests.Navigation;

public sealed class NavigationBenchTests
{
    [Fact]
    public void NavigationSuite_PrintsOneRowPerPolicyAndN_AndTheScalingExponent()
    {
        string json = Path.Combine(Path.GetTempPath(), $"navbench-{Guid.NewGuid():N}.json");
        try
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            int code = BenchCommand.Run(
                new BenchCommand.Request { Suite = "navigation", Scenario = RepositoryPaths.Spec("nav-circle-16.yaml"), Policies = "go-to-goal,orca", Agents = "4,8", Seeds = 2, Scaling = "16,64", TimeLimit = 20, Json = json },
                output,
                error);
            Assert.True(code == ExitCodes.Ok, error.ToString());
            using var doc = JsonDocument.Parse(File.ReadAllText(json));
            JsonElement rows = doc.RootElement.GetProperty("navigation");
            Assert.Equal(4, rows.GetArrayLength());
            Assert.All(rows.EnumerateArray(), r => Assert.Equal(2, r.GetProperty("seeds").GetInt32()));
            JsonElement scaling = doc.RootElement.GetProperty("scaling");
            Assert.Equal(2, scaling.GetArrayLength());
            Assert.Contains("exponent", output.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(json);
        }
    }

    [Fact]
    public void Slope_OfAPowerLaw_IsItsExponent()
    {
        double[] n = [64, 256, 1024];
        Assert.Equal(1.5, NavigationBench.Slope([.. n.Select(v => Math.Log(v))], [.. n.Select(v => Math.Log(3 * Math.Pow(v, 1.5)))]), 12);
    }

    [Theory]
    [InlineData("teleport", "4", "unknown policy 'teleport'")]
    [InlineData("orca", "0", "--agents and --scaling take")]
    public void BadArguments_AreBadInput(string policies, string agents, string expected)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.Equal(ExitCodes.BadInput, BenchCommand.Run(new BenchCommand.Request { Suite = "navigation", Scenario = RepositoryPaths.Spec("nav-circle-16.yaml"), Policies = policies, Agents = agents, Seeds = 1, Scaling = "" }, output, error));
        Assert.Contains(expected, error.ToString(), StringComparison.Ordinal);
    }
}
