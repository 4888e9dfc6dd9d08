using System.Text.Json.Nodes;
using Certus.Cli;
using Certus.Verify.Certification.Sharding;

namespace Certus.Verify.Tests.Certification;

/// <summary>The certify suite of bench split over shards, and a merge that checks the parts before it prints the table.</summary>
public sealed class BenchShardTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"certus-bench-shard-{Guid.NewGuid():N}");

    public BenchShardTests()
    {
        Directory.CreateDirectory(_dir);
        foreach (string spec in (string[])["robot-arm.yaml", "single-pendulum.yaml", "tora-heterogeneous-sigmoid.yaml"])
        {
            File.WriteAllText(Path.Combine(_dir, spec), File.ReadAllText(RepositoryPaths.Spec(spec)).Replace("network: networks/", $"network: {RepositoryPaths.Spec("networks")}/", StringComparison.Ordinal));
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Part(int k, int n)
    {
        string json = Path.Combine(_dir, $"part-{k}.json");
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = BenchCommand.Run(new BenchCommand.Request { Suite = "certify", Specs = _dir, Timeout = 60, MaxCells = 64, Json = json, InProcess = true, Shard = new ShardSelection(k, n) }, output, error);
        Assert.True(code == ExitCodes.Ok, error.ToString());
        return json;
    }

    private static (int Code, string Output) Merge(params string[] parts)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = BenchCommand.Merge(parts, null, output, error);
        return (code, output + error.ToString());
    }

    [Fact]
    public void TwoShards_MergeToTheWholeRunsRows()
    {
        string whole = Path.Combine(_dir, "whole.json");
        using (var o = new StringWriter())
        using (var e = new StringWriter())
        {
            Assert.Equal(ExitCodes.Ok, BenchCommand.Run(new BenchCommand.Request { Suite = "certify", Specs = _dir, Timeout = 60, MaxCells = 64, Json = whole, InProcess = true }, o, e));
        }

        string a = Part(0, 2), b = Part(1, 2);
        Assert.Equal(2, JsonNode.Parse(File.ReadAllText(a))!["certify"]!.AsArray().Count);
        Assert.Single(JsonNode.Parse(File.ReadAllText(b))!["certify"]!.AsArray());
        string merged = Path.Combine(_dir, "merged.json");
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.True(BenchCommand.Merge([b, a], merged, output, error) == ExitCodes.Ok, error.ToString());
        JsonArray expected = JsonNode.Parse(File.ReadAllText(whole))!["certify"]!.AsArray(), got = JsonNode.Parse(File.ReadAllText(merged))!["certify"]!.AsArray();
        Assert.Equal(expected.Select(r => (r!["spec"]!.GetValue<string>(), r["verdict"]!.GetValue<string>(), r["margin"]!.GetValue<double>(), r["cells"]!.GetValue<int>())),
            got.Select(r => (r!["spec"]!.GetValue<string>(), r["verdict"]!.GetValue<string>(), r["margin"]!.GetValue<double>(), r["cells"]!.GetValue<int>())));
        Assert.Contains("merged 2 shard(s): 3 spec(s)", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void BadParts_AreRefused_NamingTheProblem()
    {
        string a = Part(0, 2), b = Part(1, 2);
        Assert.Equal(ExitCodes.BadInput, Merge(a).Code);
        Assert.Contains("no part for shard 1/2", Merge(a).Output, StringComparison.Ordinal);

        string truncated = Path.Combine(_dir, "truncated.json");
        File.WriteAllText(truncated, File.ReadAllText(b)[..100]);
        Assert.Contains("cannot read a bench part", Merge(a, truncated).Output, StringComparison.Ordinal);

        // Another run of shard 1 that disagrees with the first (a tampered margin).
        JsonNode other = JsonNode.Parse(File.ReadAllText(b))!;
        other["certify"]![0]!["margin"] = 123.0;
        string disagree = Path.Combine(_dir, "disagree.json");
        File.WriteAllText(disagree, other.ToJsonString());
        Assert.Contains("disagrees", Merge(a, b, disagree).Output, StringComparison.Ordinal);

        // A part from a run over other spec contents.
        File.AppendAllText(Path.Combine(_dir, "robot-arm.yaml"), "\n# changed\n");
        string changed = Part(1, 2);
        (int code, string output) = Merge(a, changed);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("from another run", output, StringComparison.Ordinal);
    }
}
