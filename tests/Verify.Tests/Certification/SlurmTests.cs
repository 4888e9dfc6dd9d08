using System.Text.Json.Nodes;
using Certus.Cli;

namespace Certus.Verify.Tests.Certification;

/// <summary>
/// The Slurm tier: <c>certify --slurm 4</c> on a real (one-node) cluster, as <c>scripts/slurm-local.sh start</c> sets it
/// up; <c>./test</c> runs this tier only after that succeeded. The merged verdict, margin and cell count must equal the
/// single-machine run over the same top-level partition.
/// </summary>
[Trait("Category", "Slurm")]
public sealed class SlurmTests
{
    // TORA: 100 final cells, 24-26 per shard in uneven bisection trees; about 10 s per shard, two at a time on 2 cores.
    private static (int Code, string Out, string Err) Certify(string? json, CertifyCommand.ShardRequest request, int jobs = 1)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = CertifyCommand.Run(RepositoryPaths.Spec("tora.yaml"), json, 200, jobs, 1024, output, error, null, request);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void SlurmArrayOfFourToraShards_MergesToTheSingleMachineVerdictMarginsAndCells()
    {
        string folder = Path.Combine(Directory.CreateTempSubdirectory("certus-slurm-").FullName, "run");
        var (code, output, error) = Certify(null, new CertifyCommand.ShardRequest(Out: folder, Slurm: 4));
        Assert.True(code == ExitCodes.Ok, error + output);
        Assert.Contains("merge-job-id:", output, StringComparison.Ordinal);
        Assert.Contains("--array=0-3", File.ReadAllText(Path.Combine(folder, "shards.sbatch")), StringComparison.Ordinal);

        string verdict = Path.Combine(folder, "verdict.json");
        string exit = Path.Combine(folder, "merge.exit");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!File.Exists(exit) && clock.Elapsed < TimeSpan.FromMinutes(8))
        {
            Thread.Sleep(500);
        }

        Assert.True(File.Exists(exit), $"the merge job did not finish in 8 minutes (squeue shows what waits); logs in {folder}");
        Thread.Sleep(200);
        Assert.True(File.Exists(verdict), File.ReadAllText(Path.Combine(folder, "merge.log")));
        JsonNode merged = JsonNode.Parse(File.ReadAllText(verdict))!;

        string single = Path.Combine(folder, "single.json");
        Assert.Equal(ExitCodes.Ok, Certify(single, new CertifyCommand.ShardRequest(TopCells: 4), jobs: -1).Code);
        JsonNode one = JsonNode.Parse(File.ReadAllText(single))!;
        Assert.Equal(one["verdict"]!.GetValue<string>(), merged["verdict"]!.GetValue<string>());
        Assert.Equal(one["cells"]!.GetValue<int>(), merged["cells"]!.GetValue<int>());
        Assert.Equal("safe", merged["verdict"]!.GetValue<string>());
        Assert.Equal(16, merged["cells"]!.GetValue<int>()); // TORA from four top-level cells, split by sensitivity
        JsonArray a = one["properties"]!.AsArray(), b = merged["properties"]!.AsArray();
        Assert.Equal(a.Count, b.Count);
        for (int i = 0; i < a.Count; i++)
        {
            Assert.Equal(a[i]!["margin"]!.GetValue<double>(), b[i]!["margin"]!.GetValue<double>());
        }

        Assert.Contains("exit code 0", File.ReadAllText(exit), StringComparison.Ordinal);
    }
}
