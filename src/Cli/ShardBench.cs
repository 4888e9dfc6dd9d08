using System.Diagnostics;
using System.Globalization;
using Certus.Verify;
using Certus.Verify.Certification;
using Certus.Verify.Certification.Sharding;
using Certus.Verify.Specs;

namespace Certus.Cli;

/// <summary><c>certus bench --suite shard</c>: a sharded run's wall time per shard and for the merge beside the one-machine
/// run (the plain run, and the run over the same top-level partition), one core each, with the figures that must match.</summary>
internal static class ShardBench
{
    internal static int Run(string specPath, int shards, double timeout, int maxCells, TextWriter output, TextWriter error)
    {
        if (shards is < 1 or > 256)
        {
            error.WriteLine($"error: --shards must be 1 to 256, got {shards}.");
            return ExitCodes.BadInput;
        }

        CertificationSpec spec;
        try
        {
            spec = SpecReader.Read(specPath);
        }
        catch (SpecException e)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }

        CertifyOptions Options(int top, int k, int n) => new() { Timeout = TimeSpan.FromSeconds(timeout), Jobs = 1, MaxCells = maxCells, TopCells = top, ShardIndex = k, ShardCount = n };
        string Margin(CertificationResult r) => BenchCommand.Smallest(r.Properties.Select(p => p.Margin)).ToString("R", CultureInfo.InvariantCulture);
        var options = new Dictionary<string, string?>(StringComparer.Ordinal);

        CertificationResult plain = Certifier.Certify(spec, Options(1, 0, 1));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{spec.Name}: one machine, plain:            {plain.Verdict.ToString().ToUpperInvariant()}, {plain.Elapsed.TotalSeconds,7:F2} s, {plain.Cells} cells, min margin {Margin(plain)}"));
        CertificationResult single = Certifier.Certify(spec, Options(shards, 0, 1));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{spec.Name}: one machine, --top-cells {shards}:     {single.Verdict.ToString().ToUpperInvariant()}, {single.Elapsed.TotalSeconds,7:F2} s, {single.Cells} cells, min margin {Margin(single)}"));

        string folder = Directory.CreateTempSubdirectory("certus-bench-shard-").FullName;
        var paths = new List<string>();
        double slowest = 0;
        for (int k = 0; k < shards; k++)
        {
            CertificationResult part = Certifier.Certify(spec, Options(shards, k, shards));
            string path = Path.Combine(folder, $"part-{k}.json");
            File.WriteAllText(path, PartFiles.Serialize(PartFiles.From(part, specPath, options)));
            paths.Add(path);
            slowest = Math.Max(slowest, part.Elapsed.TotalSeconds);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{spec.Name}: shard {k}/{shards} (cells {string.Join(",", part.Share)}): {part.Verdict.ToString().ToUpperInvariant()}, {part.Elapsed.TotalSeconds,7:F2} s, {part.Cells} cells"));
        }

        var clock = Stopwatch.StartNew();
        ShardMergeResult merged;
        try
        {
            merged = ShardMerger.Merge(paths, specPath);
        }
        catch (ShardMergeException e)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.InternalError;
        }

        double mergeSeconds = clock.Elapsed.TotalSeconds;
        double margin = merged.Properties.Min(p => p.Margin);
        bool same = merged.Verdict == single.Verdict && merged.Cells == single.Cells && margin.Equals(single.Properties.Min(p => p.Margin))
            && merged.Properties.Zip(single.Properties).All(z => z.First.Margin.Equals(z.Second.Margin));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{spec.Name}: merge of {shards}:               {merged.Verdict.ToString().ToUpperInvariant()}, {mergeSeconds,7:F2} s, {merged.Cells} cells, min margin {margin.ToString("R", CultureInfo.InvariantCulture)}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{spec.Name}: wall time on {shards} machines = slowest shard + merge = {slowest + mergeSeconds:F2} s against {single.Elapsed.TotalSeconds:F2} s on one (speed-up {single.Elapsed.TotalSeconds / (slowest + mergeSeconds):F2}); verdict, margins and cells {(same ? "equal" : "DIFFER from")} the --top-cells {shards} run"));
        Directory.Delete(folder, recursive: true);
        return same ? ExitCodes.Ok : ExitCodes.InternalError;
    }
}
