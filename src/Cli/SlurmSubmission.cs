using System.Diagnostics;
using System.Globalization;
using Certus.Verify;

namespace Certus.Cli;

/// <summary><c>certify SPEC --slurm N</c>: writes an sbatch job array of N shards and a merge job that depends on it, and submits both.</summary>
internal static class SlurmSubmission
{
    internal static int Run(string specPath, int shards, CertifyCommand.ShardRequest request, double? timeout, int jobs, int maxCells, TextWriter output, TextWriter error)
    {
        if (shards is < 1 or > 10000)
        {
            error.WriteLine($"error: --slurm must be 1 to 10000 shards, got {shards}.");
            return ExitCodes.BadInput;
        }

        if (!File.Exists(specPath))
        {
            error.WriteLine($"error: {specPath}: no such spec file.");
            return ExitCodes.BadInput;
        }

        if (request.SlurmPartition is { } p && (p.Length == 0 || p.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ','))))
        {
            error.WriteLine($"error: --partition '{p}' is not a Slurm partition name.");
            return ExitCodes.BadInput;
        }

        string spec = Path.GetFullPath(specPath);
        string name = Path.GetFileNameWithoutExtension(spec);
        string dir = Path.GetFullPath(request.Out ?? $"slurm-{name}-{DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}");
        string certus = Path.Combine(AppContext.BaseDirectory, "certus.dll");
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        string Quote(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
        string common = $"--max-cells {maxCells.ToString(CultureInfo.InvariantCulture)} --jobs {jobs.ToString(CultureInfo.InvariantCulture)}"
            + (timeout is { } t ? $" --timeout {t.ToString("R", CultureInfo.InvariantCulture)}" : string.Empty)
            + (request.TopCells > 1 ? $" --top-cells {request.TopCells.ToString(CultureInfo.InvariantCulture)}" : string.Empty);
        string partitionLine = request.SlurmPartition is { } part ? $"#SBATCH --partition={part}\n" : string.Empty;
        string shardScript = $"""
            #!/bin/bash
            #SBATCH --job-name=certus-{name}
            #SBATCH --array=0-{shards - 1}
            #SBATCH --output={dir}/shard-%a.log
            #SBATCH --chdir={Directory.GetCurrentDirectory()}
            {partitionLine}# One shard of a deterministic partition of the initial set; it exits 0 once its part is written.
            exec {Quote(dotnet)} {Quote(certus)} certify {Quote(spec)} --shard auto --shard-count {shards} --out {Quote(dir)}/part-$SLURM_ARRAY_TASK_ID.json {common}

            """;
        string mergeScript = $"""
            #!/bin/bash
            #SBATCH --job-name=certus-{name}-merge
            #SBATCH --output={dir}/merge.log
            #SBATCH --chdir={Directory.GetCurrentDirectory()}
            {partitionLine}# Runs after every shard succeeded (afterok); checks the parts and writes the verdict.
            {Quote(dotnet)} {Quote(certus)} certify merge {Quote(dir)}/part-*.json --spec {Quote(spec)} --json {Quote(dir)}/verdict.json --report {Quote(dir)}
            echo "exit code $?" > {Quote(dir)}/merge.exit

            """;
        try
        {
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "shards.sbatch"), shardScript);
            File.WriteAllText(Path.Combine(dir, "merge.sbatch"), mergeScript);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: cannot write the job scripts to {dir}: {e.Message}");
            return ExitCodes.BadInput;
        }

        string? arrayId = Submit(error, Path.Combine(dir, "shards.sbatch"));
        if (arrayId is null)
        {
            return ExitCodes.BadInput;
        }

        string? mergeId = Submit(error, "--dependency=afterok:" + arrayId, Path.Combine(dir, "merge.sbatch"));
        if (mergeId is null)
        {
            return ExitCodes.BadInput;
        }

        output.WriteLine($"submitted job array {arrayId} ({shards} shards of {name}) and merge job {mergeId} (after all shards succeed)");
        output.WriteLine($"parts: {dir}/part-*.json; verdict: {dir}/verdict.json and {dir}/report.md (log {dir}/merge.log)");
        output.WriteLine($"array-job-id: {arrayId}");
        output.WriteLine($"merge-job-id: {mergeId}");
        output.WriteLine($"folder: {dir}");
        return ExitCodes.Ok;
    }

    private static string? Submit(TextWriter error, params string[] args)
    {
        var start = new ProcessStartInfo("sbatch") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("--parsable");
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        try
        {
            using Process process = Process.Start(start)!;
            string stdout = process.StandardOutput.ReadToEnd();
            string stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            string id = stdout.Trim().Split(';')[0];
            if (process.ExitCode != 0 || id.Length == 0 || !id.All(char.IsAsciiDigit))
            {
                error.WriteLine($"error: sbatch {string.Join(' ', args)} failed (exit {process.ExitCode}): {stderr.Trim()} {stdout.Trim()}");
                return null;
            }

            return id;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            error.WriteLine($"error: cannot run sbatch ({e.Message}): is Slurm installed here? (scripts/slurm-local.sh start sets up a one-node cluster)");
            return null;
        }
    }
}
