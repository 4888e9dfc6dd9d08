using Certus.Cli;

namespace Certus.Verify.Tests.Certification;

/// <summary>Every shipped spec gives its expected verdict through the CLI (the ARCH-COMP results).</summary>
public sealed class ShippedSpecsTests
{
    public static TheoryData<string, int> Expected => new()
    {
        { "acc.yaml", ExitCodes.Ok },
        { "acc-tanh.yaml", ExitCodes.Ok },
        { "tora.yaml", ExitCodes.Ok },
        { "tora-heterogeneous-relu-tanh.yaml", ExitCodes.Ok },
        { "tora-heterogeneous-sigmoid.yaml", ExitCodes.Ok },
        { "single-pendulum.yaml", ExitCodes.Ok },
        { "single-pendulum-2020.yaml", ExitCodes.Violated },
        { "robot-arm.yaml", ExitCodes.Ok },
        { "airplane.yaml", ExitCodes.Violated },
        { "discrete-rotation.yaml", ExitCodes.Ok },
    };

    [Fact]
    public void EveryShippedSpec_HasAnExpectation()
    {
        // Navigation scenarios are not certification specs: tests/Verify.Tests/Navigation/ShippedScenarioTests.cs runs those.
        string[] shipped = [.. Directory.GetFiles(RepositoryPaths.Spec(), "*.yaml").Where(f => !Specs.NavigationSpecReader.IsNavigationSpec(f)).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];
        string[] expected = [.. Expected.Select(row => (string)row[0]).Order(StringComparer.Ordinal)];
        Assert.Equal(expected, shipped);
    }

    [Theory]
    [MemberData(nameof(Expected))]
    public void Certify_GivesTheExpectedVerdict(string spec, int exitCode)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = CertifyCommand.Run(RepositoryPaths.Spec(spec), null, 120, -1, 1024, output, error);
        Assert.True(code == exitCode, $"{spec}: exit {code}, expected {exitCode}\n{output}\n{error}");
    }

    [Fact]
    public void NetworkSpec_OutputBoundTooTight_IsUnsafe_WithAnInputInsideTheBox()
    {
        string path = RepositoryPaths.WriteTemporarySpec(File.ReadAllText(RepositoryPaths.Spec("robot-arm.yaml")).Replace("x <= 1.1", "x <= 0", StringComparison.Ordinal), "robot-tight");
        string json = Path.Combine(Path.GetTempPath(), $"robot-{Guid.NewGuid():N}.json");
        try
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            Assert.Equal(ExitCodes.Violated, CertifyCommand.Run(path, json, 60, -1, 64, output, error));
            using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(json));
            System.Text.Json.JsonElement cx = doc.RootElement.GetProperty("network_counterexamples")[0];
            double[] input = [.. cx.GetProperty("input").EnumerateObject().Select(e => e.Value.GetDouble())];
            Assert.Equal(2, input.Length);
            Assert.All(input, q => Assert.InRange(q, Math.PI / 3, 2 * Math.PI / 3));
            Assert.True(cx.GetProperty("output").GetProperty("x").GetDouble() > 0);
        }
        finally
        {
            File.Delete(path);
            File.Delete(json);
        }
    }
}
