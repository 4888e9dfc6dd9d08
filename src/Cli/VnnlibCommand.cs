using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Certus.Control.Networks;
using Certus.Core.Networks;
using Certus.Verify;
using Certus.Verify.Vnnlib;

namespace Certus.Cli;

/// <summary>
/// <c>certus vnnlib NETWORK PROPERTY</c> and <c>certus vnnlib --instances CSV</c>: VNN-COMP style verification of
/// VNN-LIB properties (see docs/vnnlib.md).
/// </summary>
internal static class VnnlibCommand
{
    public static Command Create()
    {
        var network = new Argument<string?>("network") { Description = "Network file: .onnx, .nnet, .polar or certus .json", Arity = ArgumentArity.ZeroOrOne };
        var property = new Argument<string?>("property") { Description = "VNN-LIB property file (.vnnlib)", Arity = ArgumentArity.ZeroOrOne };
        var timeout = new Option<double>("--timeout") { Description = "Time budget per instance in seconds (default 60; a CSV row's own timeout wins)", DefaultValueFactory = _ => 60 };
        var jobs = new Option<int>("--jobs") { Description = "Worker threads for branch and bound (default 1; the verdict does not depend on it)", DefaultValueFactory = _ => 1 };
        var output = new Option<string?>("--out") { Description = "Write the result (VNN-COMP result file, or the results CSV with --instances) to this file instead of stdout", HelpName = "FILE" };
        var instances = new Option<string?>("--instances") { Description = "A CSV of onnx,vnnlib,timeout rows (paths relative to the CSV) to run one after the other", HelpName = "CSV" };
        var command = new Command(
            "vnnlib",
            "Verify a VNN-LIB property of a network (VNN-COMP conventions): prints unsat (the property holds), sat with a checked counterexample, timeout or unknown.\n\n"
            + "Examples:\n  ./verify vnnlib specs/vnnlib/tiny.json specs/vnnlib/tiny-holds.vnnlib --timeout 10\n  ./verify vnnlib --instances specs/vnnlib/instances.csv --out results.csv\n\n"
            + "Exit codes: 0 unsat, 1 sat, 2 unknown or timeout, 3 bad input, 4 internal error (with --instances: 0 when every row ran, 3 when the CSV is unreadable).")
        {
            network, property, timeout, jobs, output, instances,
        };
        command.SetAction(parse => Run(
            parse.GetValue(network), parse.GetValue(property), parse.GetValue(timeout), parse.GetValue(jobs), parse.GetValue(output),
            parse.GetValue(instances), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    internal static int Run(string? networkPath, string? propertyPath, double timeout, int jobs, string? outPath, string? instancesPath, TextWriter output, TextWriter error)
    {
        if (!(timeout > 0) || !double.IsFinite(timeout))
        {
            error.WriteLine($"error: --timeout must be a positive number of seconds, got {timeout.ToString(CultureInfo.InvariantCulture)}.");
            return ExitCodes.BadInput;
        }

        if (jobs < 1)
        {
            error.WriteLine($"error: --jobs must be at least 1, got {jobs}.");
            return ExitCodes.BadInput;
        }

        if (instancesPath is not null)
        {
            if (networkPath is not null || propertyPath is not null)
            {
                error.WriteLine("error: give either NETWORK PROPERTY or --instances CSV, not both.");
                return ExitCodes.BadInput;
            }

            return RunInstances(instancesPath, timeout, jobs, outPath, output, error);
        }

        if (networkPath is null || propertyPath is null)
        {
            error.WriteLine("error: expected NETWORK and PROPERTY files (or --instances CSV). Example: ./verify vnnlib net.onnx prop.vnnlib --timeout 60");
            return ExitCodes.BadInput;
        }

        var (result, message) = Decide(networkPath, propertyPath, timeout, jobs);
        string text = result is null ? "error\n" : Format(result);
        if (outPath is null)
        {
            output.Write(text);
        }
        else if (!TryWrite(outPath, text, error))
        {
            return ExitCodes.BadInput;
        }

        if (result is null)
        {
            error.WriteLine($"error: {message}");
            return ExitCodes.BadInput;
        }

        error.WriteLine($"certus: {result.Word} in {result.Elapsed.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s: {result.Reason}");
        return result.ExitCode;
    }

    // Loads and decides one instance; a null result carries the bad-input message.
    internal static (VnnlibResult? Result, string Message) Decide(string networkPath, string propertyPath, double timeout, int jobs)
    {
        FeedForwardNetwork net;
        VnnlibProperty property;
        try
        {
            net = NetworkFile.Load(networkPath);
            property = VnnlibReader.Read(propertyPath);
        }
        catch (Exception e) when (e is NetworkFormatException or VnnlibFormatException or ArgumentException)
        {
            return (null, e.Message);
        }

        try
        {
            return (VnnlibVerifier.Verify(net, property, VnnlibOptions.Default with { Timeout = TimeSpan.FromSeconds(timeout), Jobs = jobs }), string.Empty);
        }
        catch (ArgumentException e)
        {
            return (null, e.Message);
        }
    }

    /// <summary>The VNN-COMP result text: the word, and for sat the assignment <c>((X_0 v) … (Y_0 v) …)</c>.</summary>
    internal static string Format(VnnlibResult result)
    {
        var sb = new StringBuilder(result.Word).Append('\n');
        if (result.Verdict == VnnlibVerdict.Sat)
        {
            var parts = new List<string>();
            for (int i = 0; i < result.Input!.Length; i++)
            {
                parts.Add($"(X_{i} {Number(result.Input[i])})");
            }

            for (int j = 0; j < result.Output!.Length; j++)
            {
                parts.Add($"(Y_{j} {Number(result.Output[j])})");
            }

            sb.Append('(').Append(string.Join("\n ", parts)).Append(")\n");
        }

        return sb.ToString();
    }

    private static string Number(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static bool TryWrite(string path, string text, TextWriter error)
    {
        try
        {
            File.WriteAllText(path, text);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error.WriteLine($"error: cannot write {path}: {e.Message}");
            return false;
        }
    }

    private static int RunInstances(string csvPath, double defaultTimeout, int jobs, string? outPath, TextWriter output, TextWriter error)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(csvPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error.WriteLine($"error: cannot read {csvPath}: {e.Message}");
            return ExitCodes.BadInput;
        }

        string folder = Path.GetDirectoryName(Path.GetFullPath(csvPath)) ?? ".";
        var rows = new List<(string Onnx, string Vnnlib, double Timeout)>();
        for (int k = 0; k < lines.Length; k++)
        {
            string line = lines[k].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            string[] cells = line.Split(',').Select(c => c.Trim()).ToArray();
            if (cells.Length is < 2 or > 3)
            {
                error.WriteLine($"error: {csvPath}:{k + 1}: expected onnx,vnnlib,timeout, found {cells.Length} field(s).");
                return ExitCodes.BadInput;
            }

            double t = defaultTimeout;
            if (cells.Length == 3 && !(double.TryParse(cells[2], NumberStyles.Float, CultureInfo.InvariantCulture, out t) && t > 0 && double.IsFinite(t)))
            {
                if (k == 0)
                {
                    continue; // a header row
                }

                error.WriteLine($"error: {csvPath}:{k + 1}: expected a positive timeout in seconds, found '{cells[2]}'.");
                return ExitCodes.BadInput;
            }

            rows.Add((cells[0], cells[1], t));
        }

        var csv = new StringBuilder("onnx,vnnlib,result,time_s\n");
        foreach (var (onnx, vnnlib, t) in rows)
        {
            long start = Stopwatch.GetTimestamp();
            var (result, message) = Decide(Path.Combine(folder, onnx), Path.Combine(folder, vnnlib), t, jobs);
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            string word = result?.Word ?? "error";
            if (result is null)
            {
                error.WriteLine($"error: {message}");
            }

            error.WriteLine($"certus: {onnx} {vnnlib}: {word} in {seconds.ToString("0.###", CultureInfo.InvariantCulture)} s");
            csv.Append(CultureInfo.InvariantCulture, $"{onnx},{vnnlib},{word},{seconds.ToString("0.######", CultureInfo.InvariantCulture)}\n");
        }

        if (outPath is null)
        {
            output.Write(csv.ToString());
            return ExitCodes.Ok;
        }

        return TryWrite(outPath, csv.ToString(), error) ? ExitCodes.Ok : ExitCodes.BadInput;
    }

    // bench --suite vnnlib: writes 20 random 6x50 ReLU instances to a temporary folder, runs them, prints the rows and
    // the median and maximum decide time per verdict.
    internal static int RunBenchmark(double timeout, int jobs, TextWriter output, TextWriter error)
    {
        string folder = Path.Combine(Path.GetTempPath(), $"certus-vnnlib-bench-{Environment.ProcessId}");
        string csv = VnnlibBenchmark.Write(folder, count: 20, inputs: 5, width: 50, depth: 6, radius: 0.05, timeout);
        string results = Path.Combine(folder, "results.csv");
        error.WriteLine($"certus: instances in {folder}");
        int code = RunInstances(csv, timeout, jobs, results, output, error);
        if (code != ExitCodes.Ok)
        {
            return code;
        }

        string[] rows = [.. File.ReadAllLines(results).Skip(1)];
        output.Write(File.ReadAllText(results));
        var parsed = rows.Select(r => r.Split(',')).Select(c => (Result: c[2], Seconds: double.Parse(c[3], CultureInfo.InvariantCulture))).ToList();
        double[] times = [.. parsed.Select(p => p.Seconds).Order()];
        output.WriteLine(FormattableString.Invariant($"instances {times.Length}, median {times[times.Length / 2]:0.###} s, max {times[^1]:0.###} s, jobs {jobs}"));
        foreach (var group in parsed.GroupBy(p => p.Result).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            double[] t = [.. group.Select(p => p.Seconds).Order()];
            output.WriteLine(FormattableString.Invariant($"  {group.Key}: {t.Length}, median {t[t.Length / 2]:0.###} s, max {t[^1]:0.###} s"));
        }

        return ExitCodes.Ok;
    }
}
