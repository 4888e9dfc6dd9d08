using System.CommandLine;
using System.Text.Json;
using Certus.Cli;

namespace Certus.Verify.Tests.Testing;

/// <summary>The <c>test</c> verb: exit codes, the summary lines, the shrunk counterexample, JSON, bad input.</summary>
public sealed class TestCommandTests
{
    private static (int Code, string Out, string Err, JsonDocument? Json) Run(string spec, int runs, int? seed)
    {
        string json = Path.Combine(Path.GetTempPath(), $"certus-test-{Guid.NewGuid():N}.json");
        using var output = new StringWriter();
        using var error = new StringWriter();
        try
        {
            int code = TestCommand.Run(spec, runs, seed, json, -1, output, error);
            JsonDocument? doc = File.Exists(json) ? JsonDocument.Parse(File.ReadAllText(json)) : null;
            return (code, output.ToString(), error.ToString(), doc);
        }
        finally
        {
            File.Delete(json);
        }
    }

    private static string LastLine(string text) => text.TrimEnd().Split('\n')[^1].TrimEnd('\r');

    [Fact]
    public void PassingSpec_Exit0_WithTheSummaryLines()
    {
        var (code, output, error, json) = Run(RepositoryPaths.Spec("acc.yaml"), 300, 12345);
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("acc.yaml: 300 runs, 0 failed (seed 12345)", output, StringComparison.Ordinal);
        Assert.Equal("1 passed, 0 failed", LastLine(output));
        Assert.Contains("300/300 runs, 0 failed", error, StringComparison.Ordinal);
        JsonElement root = json!.RootElement;
        Assert.True(root.GetProperty("passed").GetBoolean());
        Assert.Equal(12345, root.GetProperty("seed").GetInt32());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("counterexample").ValueKind);
    }

    [Fact]
    public void FalsifiableSpec_Exit1_PrintsTheShrunkCounterexample()
    {
        var (code, output, _, json) = Run(RepositoryPaths.Spec("single-pendulum-2020.yaml"), 500, 12345);
        Assert.Equal(ExitCodes.Violated, code);
        Assert.Matches(@"single-pendulum-2020\.yaml: 500 runs, [1-9]\d* failed \(seed 12345\)", output);
        Assert.Contains("shrunk (", output, StringComparison.Ordinal);
        Assert.Contains("x1 in [0, 1]: x1 <= 1", output, StringComparison.Ordinal);
        Assert.Matches(@"\n\s+t\s+x1\s+x2\s+margin", output);
        Assert.Contains("--seed 12345", output, StringComparison.Ordinal);
        Assert.Equal("1 passed, 1 failed", LastLine(output));
        JsonElement cx = json!.RootElement.GetProperty("counterexample");
        JsonElement shrunk = cx.GetProperty("shrunk");
        Assert.True(shrunk.GetProperty("margin").GetDouble() < 0);
        Assert.True(shrunk.GetProperty("periods").GetInt32() <= 20);
        Assert.InRange(shrunk.GetProperty("initial_state").GetProperty("x1").GetDouble(), 1.0, 1.2);
        Assert.True(json.RootElement.GetProperty("trace").GetArrayLength() >= 2);
    }

    [Fact]
    public void MissingFile_Exit3_NamesTheFile()
    {
        var (code, output, error, _) = Run("specs/no-such-spec.yaml", 10, 1);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("no-such-spec.yaml", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.Empty(output);
    }

    [Fact]
    public void MalformedSpec_Exit3_WithLineAndField()
    {
        string path = RepositoryPaths.WriteTemporarySpec("name: broken\nplant:\n  states: [x]\n  dynamics: { x: y }\n", "test-broken");
        try
        {
            var (code, output, error, _) = Run(path, 10, 1);
            Assert.Equal(ExitCodes.BadInput, code);
            Assert.Contains(":4: plant.dynamics.x: unknown variable 'y'", error, StringComparison.Ordinal);
            Assert.Empty(output);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void NetworkOnlySpec_OrZeroRuns_Exit3()
    {
        var (code, _, error, _) = Run(RepositoryPaths.Spec("robot-arm.yaml"), 10, 1);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("robot-arm.yaml", error, StringComparison.Ordinal);
        Assert.Contains("network-only", error, StringComparison.Ordinal);
        (code, _, error, _) = Run(RepositoryPaths.Spec("acc.yaml"), 0, 1);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--runs", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Verb_IsRegistered_InTheRootCommand()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        ParseResult parse = Program.CreateRootCommand().Parse(["test", RepositoryPaths.Spec("acc.yaml"), "--runs", "40", "--seed", "5"]);
        Assert.Empty(parse.Errors);
        int code = parse.Invoke(new InvocationConfiguration { Output = output, Error = error });
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("acc.yaml: 40 runs, 0 failed (seed 5)", output.ToString(), StringComparison.Ordinal);
    }
}
