using System.Diagnostics;
using System.Text.Json.Nodes;
using Certus.Cli;
using Certus.Core.Numerics;
using Certus.Core.Sets;
using Certus.Reach.ClosedLoop;
using Certus.Verify.Certification.Sharding;
using Certus.Verify.Reports.Documents;
using Certus.Verify.Specs;

namespace Certus.Verify.Tests.Certification;

/// <summary>
/// Sharded certification (#18): the deterministic partition, the parts and their checked merge. What must match
/// exactly: the merged verdict, per-property margins (min over every final cell) and cell count (sum) equal those of a
/// single run with the same top-level partition (<c>--top-cells N</c>), as long as no budget ran out.
/// </summary>
public sealed class ShardTests
{
    private static readonly Box AccInitial = SpecReader.Read(RepositoryPaths.Spec("acc.yaml")).InitialSet;

    // Four ACC parts and the single run over the same partition, made once (in process; each run is about a second).
    private static readonly Lazy<(string Folder, JsonNode Single)> Acc = new(() =>
    {
        string folder = Directory.CreateTempSubdirectory("certus-shard-").FullName;
        for (int k = 0; k < 4; k++)
        {
            var (code, _, err) = Certify(RepositoryPaths.Spec("acc.yaml"), null, new CertifyCommand.ShardRequest(Shard: $"{k}/4", Out: Path.Combine(folder, $"part-{k}.json")));
            Assert.True(code == 0, err);
        }

        string single = Path.Combine(folder, "single.json");
        var (c, _, e) = Certify(RepositoryPaths.Spec("acc.yaml"), single, new CertifyCommand.ShardRequest(TopCells: 4));
        Assert.True(c == 0, e);
        return (folder, JsonNode.Parse(File.ReadAllText(single))!);
    });

    private static (int Code, string Out, string Err) Certify(string spec, string? json, CertifyCommand.ShardRequest request, int maxCells = 16)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = CertifyCommand.Run(spec, json, 120, -1, maxCells, output, error, null, request);
        return (code, output.ToString(), error.ToString());
    }

    private static (int Code, string Out, string Err, JsonNode? Json) Merge(params string[] parts)
    {
        string json = Path.Combine(Path.GetTempPath(), $"certus-merged-{Guid.NewGuid():N}.json");
        using var output = new StringWriter();
        using var error = new StringWriter();
        try
        {
            int code = MergeCommand.Run(parts, json, null, null, output, error);
            return (code, output.ToString(), error.ToString(), File.Exists(json) ? JsonNode.Parse(File.ReadAllText(json)) : null);
        }
        finally
        {
            File.Delete(json);
        }
    }

    private static string Part(int k) => Path.Combine(Acc.Value.Folder, $"part-{k}.json");

    private static string[] Parts() => [.. Enumerable.Range(0, 4).Select(Part)];

    // A copy of part k changed by edit and re-serialized with a valid checksum (so only the merge's checks can catch it).
    private static string Altered(int k, Func<CertifyPartDocument, CertifyPartDocument> edit)
    {
        string path = Path.Combine(Acc.Value.Folder, $"altered-{k}-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, PartFiles.Serialize(edit(PartFiles.Read(Part(k)))));
        return path;
    }

    private static void AssertRefused(string message, params string[] parts)
    {
        var (code, _, err, json) = Merge(parts);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Null(json);
        Assert.Contains(message, err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(4, 4)]
    [InlineData(5, 8)]
    [InlineData(17, 32)]
    public void Partition_IsDeterministicAndTilesTheInitialSetExactly(int minCells, int expected)
    {
        InitialPartition a = InitialPartition.Create(AccInitial, minCells);
        InitialPartition b = InitialPartition.Create(AccInitial, minCells);
        Assert.Equal(expected, a.Cells.Count);
        Assert.Equal(a.Cells.Select(InitialPartition.Key), b.Cells.Select(InitialPartition.Key));
        Assert.Equal(a.Sha256, b.Sha256);
        Assert.True(InitialPartition.Tiles(AccInitial, AccInitial, a.Cells, out string? why), why);
        Assert.All(a.Cells, c => Assert.True(AccInitial.Contains(c)));

        // Point dimensions (g_lead, g_ego) are never split.
        Assert.All(a.Cells, c => Assert.Equal(0, c[2].Width));
    }

    [Fact]
    public void Tiles_RejectsAGapAnOverlapAndAStraddlingCell()
    {
        IReadOnlyList<Box> cells = InitialPartition.Create(AccInitial, 8).Cells;
        Assert.False(InitialPartition.Tiles(AccInitial, AccInitial, [.. cells.Skip(1)], out string? gap));
        Assert.Contains("gap", gap, StringComparison.Ordinal);
        Assert.False(InitialPartition.Tiles(AccInitial, AccInitial, [.. cells, cells[3]], out string? overlap));
        Assert.Contains("overlaps", overlap, StringComparison.Ordinal);
        Box moved = cells[0].With(0, new Interval(cells[0][0].Lo, Math.BitIncrement(cells[0][0].Hi)));
        Assert.False(InitialPartition.Tiles(AccInitial, AccInitial, [moved, .. cells.Skip(1)], out _));
    }

    [Fact]
    public void Tiles_AcceptsAnUnevenBisectionTree()
    {
        IReadOnlyList<Box> two = InitialPartition.Create(AccInitial, 2).Cells;
        IReadOnlyList<Box> four = InitialPartition.Create(AccInitial, 4).Cells;
        Assert.True(InitialPartition.Tiles(AccInitial, AccInitial, [four[0], four[1], two[1]], out string? why), why);
        Assert.True(InitialPartition.Tiles(AccInitial, two[0], [four[1], four[0]], out why), why);
        Assert.False(InitialPartition.Tiles(AccInitial, two[0], [four[0], two[1]], out _));
    }

    [Fact]
    public void Merge_RefusesAPartOfAnotherSpecFile_AndASpecChangedSinceTheParts()
    {
        string variant = RepositoryPaths.WriteTemporarySpec(File.ReadAllText(RepositoryPaths.Spec("acc.yaml")).Replace("horizon: 50", "horizon: 49", StringComparison.Ordinal), "shard-acc");
        try
        {
            string other = Path.Combine(Acc.Value.Folder, $"other-{Guid.NewGuid():N}.json");
            var (c, _, e) = Certify(variant, null, new CertifyCommand.ShardRequest(Shard: "2/4", Out: other));
            Assert.True(c == 0, e);
            AssertRefused("different specs or networks", Part(0), Part(1), other, Part(3));

            using var output = new StringWriter();
            using var error = new StringWriter();
            Assert.Equal(ExitCodes.BadInput, MergeCommand.Run(Parts(), null, null, variant, output, error));
            Assert.Contains("the spec changed since", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(variant);
        }
    }

    [Theory]
    [InlineData(4, 4)]
    [InlineData(3, 4)]
    [InlineData(5, 8)]
    [InlineData(8, 32)]
    public void Shares_AreDisjointCoverEveryCellAndDifferByAtMostOne(int shards, int cells)
    {
        InitialPartition p = InitialPartition.Create(AccInitial, cells);
        IReadOnlyList<int>[] shares = [.. Enumerable.Range(0, shards).Select(k => p.ShareOf(k, shards))];
        Assert.Equal(Enumerable.Range(0, p.Cells.Count), shares.SelectMany(s => s).Order());
        Assert.True(shares.Max(s => s.Count) - shares.Min(s => s.Count) <= 1);
    }

    [Fact]
    public void ShardAuto_ReadsSlurmAndKubernetesEnvironments()
    {
        Assert.Equal(new ShardSelection(2, 4), ShardSelection.TryParse("auto", null, n => n switch { "SLURM_ARRAY_TASK_ID" => "2", "SLURM_ARRAY_TASK_COUNT" => "4", _ => null }, out _));
        Assert.Equal(new ShardSelection(1, 3), ShardSelection.TryParse("auto", 3, n => n == "JOB_COMPLETION_INDEX" ? "1" : null, out _));
        Assert.Equal(new ShardSelection(1, 5), ShardSelection.TryParse("auto", null, n => n switch { "JOB_COMPLETION_INDEX" => "1", "CERTUS_SHARD_COUNT" => "5", _ => null }, out _));
        Assert.Null(ShardSelection.TryParse("auto", null, n => n == "JOB_COMPLETION_INDEX" ? "1" : null, out string? noCount));
        Assert.Contains("--shard-count", noCount, StringComparison.Ordinal);
        Assert.Null(ShardSelection.TryParse("auto", null, _ => null, out _));
        Assert.Null(ShardSelection.TryParse("4/4", null, null, out _));
        Assert.Null(ShardSelection.TryParse("1-4", null, null, out _));
        Assert.Equal(new ShardSelection(3, 4), ShardSelection.TryParse("3/4", null, null, out _));
    }

    [Fact]
    public void Merge_OfFourShards_EqualsTheSingleRunOverTheSamePartition()
    {
        var (code, output, err, json) = Merge(Parts());
        Assert.True(code == ExitCodes.Ok, err);
        JsonNode single = Acc.Value.Single;
        Assert.Equal("safe", json!["verdict"]!.GetValue<string>());
        Assert.Equal(single["verdict"]!.GetValue<string>(), json["verdict"]!.GetValue<string>());
        Assert.Equal(single["cells"]!.GetValue<int>(), json["cells"]!.GetValue<int>());
        Assert.Equal(single["properties"]![0]!["margin"]!.GetValue<double>(), json["properties"]![0]!["margin"]!.GetValue<double>());
        Assert.Contains("recomputed from", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Part_RecordsExactBoundsAndItsShare()
    {
        CertifyPartDocument p = PartFiles.Read(Part(1));
        InitialPartition partition = InitialPartition.Create(AccInitial, 4);
        Assert.Equal(1, p.Shard);
        Assert.Equal(4, p.Partition.Shards);
        Assert.Equal(partition.Sha256, p.Partition.CellsSha256);
        TopCellDocument top = Assert.Single(p.TopCells);
        Assert.Equal(1, top.Index);
        Assert.Equal(InitialPartition.Key(partition.Cells[1]), InitialPartition.Key(PartFiles.ToBox(top.Bounds)!));
        Assert.Equal(64, p.Checksum!.Length);
    }

    [Fact]
    public void Merge_RefusesAMissingShard() => AssertRefused("missing part(s) for shard(s) 2 of 4", Part(0), Part(1), Part(3));

    [Fact]
    public void Merge_RefusesATruncatedPart()
    {
        string path = Path.Combine(Acc.Value.Folder, $"truncated-{Guid.NewGuid():N}.json");
        string text = File.ReadAllText(Part(2));
        File.WriteAllText(path, text[..(text.Length / 2)]);
        AssertRefused($"{path}: not valid JSON", Part(0), Part(1), path, Part(3));
    }

    [Fact]
    public void Merge_RefusesATamperedPart()
    {
        string path = Path.Combine(Acc.Value.Folder, $"tampered-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, File.ReadAllText(Part(2)).Replace("\"verdict\": \"safe\"", "\"verdict\": \"unsafe\"", StringComparison.Ordinal).Replace("\"proved\": false", "\"proved\": true", StringComparison.Ordinal).Replace("\"cells\": 1,", "\"cells\": 1 ,", StringComparison.Ordinal));
        AssertRefused("the file was changed after it was written", Part(0), Part(1), path, Part(3));
    }

    [Fact]
    public void Merge_RefusesAPartOfAnotherToolVersion() =>
        AssertRefused("written by certus 9.9.9", Part(0), Part(1), Altered(2, d => d with { ToolVersion = "9.9.9" }), Part(3));

    [Fact]
    public void Merge_RefusesAPartOfAnotherSpec() =>
        AssertRefused("different specs or networks", Part(0), Part(1), Altered(2, d => d with { Inputs = [new InputFileHash("spec", d.Spec, new string('0', 64)), d.Inputs[1]] }), Part(3));

    [Fact]
    public void Merge_AcceptsAnIdenticalDuplicate_AndRefusesADisagreeingOne()
    {
        var (code, output, _, _) = Merge([.. Parts(), Altered(2, d => d with { Seconds = d.Seconds + 1 })]);
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("identical duplicate", output, StringComparison.Ordinal);
        string disagreeing = Altered(2, d => d with
        {
            TopCells = [.. d.TopCells.Select(t => t with { Leaves = [.. t.Leaves.Select(l => l with { Outcomes = [.. l.Outcomes.Select(o => o with { Margin = o.Margin.Value + 1 })] })] })],
        });
        AssertRefused("disagree", [.. Parts(), disagreeing]);
    }

    [Fact]
    public void Merge_RefusesCellsThatDoNotTileTheShare()
    {
        // A final cell narrowed by one ulp: a gap, though the part is otherwise consistent.
        string gap = Altered(1, d => d with
        {
            TopCells = [.. d.TopCells.Select(t => t with { Leaves = [.. t.Leaves.Select(l => l with { Bounds = [[l.Bounds[0][0], Math.BitDecrement(l.Bounds[0][1])], .. l.Bounds.Skip(1)] })] })],
        });
        AssertRefused("do not tile it exactly", Part(0), gap, Part(2), Part(3));

        // Another shard's cell: not its share.
        string wrong = Altered(1, d => d with { TopCells = PartFiles.Read(Part(2)).TopCells });
        AssertRefused("its share is [1]", Part(0), wrong, Part(2), Part(3));
    }

    [Fact]
    public void Merge_RefusesAPartitionThatIsNotTheDeterministicOne()
    {
        string[] parts = [.. Enumerable.Range(0, 4).Select(k => Altered(k, d => d with
        {
            Partition = d.Partition with { Cells = [.. d.Partition.Cells.Reverse()], CellsSha256 = InitialPartition.HashOf(d.Partition.Cells.Reverse().Select(c => PartFiles.ToBox(c)!)) },
        }))];
        AssertRefused("not the deterministic partition", parts);
    }

    [Fact]
    public void Shard_OfANetworkSpecOrWithoutOut_IsBadInput()
    {
        Assert.Equal(ExitCodes.BadInput, Certify(RepositoryPaths.Spec("acc.yaml"), null, new CertifyCommand.ShardRequest(Shard: "0/4")).Code);
        var (code, _, err) = Certify(RepositoryPaths.Spec("acc.yaml"), null, new CertifyCommand.ShardRequest(Shard: "5/4", Out: "x.json"));
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("0 <= K < N", err, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_OfAnUnsafeSpec_IsUnsafeWithTheCounterexample()
    {
        string folder = Directory.CreateTempSubdirectory("certus-shard-unsafe-").FullName;
        string[] parts = [.. Enumerable.Range(0, 2).Select(k => Path.Combine(folder, $"part-{k}.json"))];
        for (int k = 0; k < 2; k++)
        {
            var (c, _, e) = Certify(RepositoryPaths.Spec("single-pendulum-2020.yaml"), null, new CertifyCommand.ShardRequest(Shard: $"{k}/2", Out: parts[k]), maxCells: 4);
            Assert.True(c == 0, e);
        }

        var (code, _, _, json) = Merge(parts);
        Assert.Equal(ExitCodes.Violated, code);
        Assert.Equal("unsafe", json!["verdict"]!.GetValue<string>());
        Assert.True(json["counterexamples"]!.AsArray().Count >= 1);
    }

    // Four separate processes, as on a cluster: the merge equals the single run (verdict, margin, cell count).
    [Fact]
    public void FourProcesses_MergedEqualTheSingleMachineRun()
    {
        string certus = Path.Combine(AppContext.BaseDirectory, "certus.dll");
        string folder = Directory.CreateTempSubdirectory("certus-shard-proc-").FullName;
        Process[] shards = [.. Enumerable.Range(0, 4).Select(k =>
        {
            var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string a in new[] { certus, "certify", RepositoryPaths.Spec("acc.yaml"), "--shard", $"{k}/4", "--out", Path.Combine(folder, $"part-{k}.json"), "--jobs", "1", "--max-cells", "16", "--timeout", "120" })
            {
                start.ArgumentList.Add(a);
            }

            start.Environment["CI"] = "1";
            return Process.Start(start)!;
        })];
        foreach (Process p in shards)
        {
            string err = p.StandardError.ReadToEnd();
            p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, err);
            p.Dispose();
        }

        var (code, _, mergeErr, json) = Merge([.. Enumerable.Range(0, 4).Select(k => Path.Combine(folder, $"part-{k}.json"))]);
        Assert.True(code == ExitCodes.Ok, mergeErr);
        JsonNode single = Acc.Value.Single;
        Assert.Equal(single["verdict"]!.GetValue<string>(), json!["verdict"]!.GetValue<string>());
        Assert.Equal(single["cells"]!.GetValue<int>(), json["cells"]!.GetValue<int>());
        Assert.Equal(single["properties"]![0]!["margin"]!.GetValue<double>(), json["properties"]![0]!["margin"]!.GetValue<double>());
        Directory.Delete(folder, recursive: true);
    }
}
