using System.Diagnostics;
using Certus.Verify.Certification;

namespace Certus.Verify.Reports;

/// <summary>
/// Writes a certification report into a folder: <c>report.md</c> (spec, plant, controller, initial set, verdicts,
/// counterexample, final set against simulations) and its plots as PNG and SVG: every state over time, a projection
/// on a pair of states, and the margin of each property that is not a simple bound on one state; each with the reach
/// tube, seeded simulations, the counterexample and the property's bound and time window.
/// </summary>
public static class ReportWriter
{
    /// <summary>The name of the Markdown file in the report folder.</summary>
    public const string MarkdownFileName = "report.md";

    /// <summary>Writes the report, creating the folder when needed; files of an earlier report there are replaced.</summary>
    /// <param name="result">The certification result.</param>
    /// <param name="directory">The report folder.</param>
    /// <param name="options">Options (defaults when null: 1200x800 images, 50 simulations, seed 1).</param>
    /// <returns>The files written.</returns>
    /// <exception cref="ArgumentException">The folder is empty, or an option is out of range.</exception>
    /// <exception cref="ReportException">The folder cannot be created or a file cannot be written; the message names the path.</exception>
    public static ReportFiles Write(CertificationResult result, string directory, ReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        options ??= new ReportOptions();
        options.Validate();
        return WriteCore(result, EnsureWritable(directory), options);
    }

    /// <summary>Writes the report, or says why it could not.</summary>
    /// <param name="result">The certification result.</param>
    /// <param name="directory">The report folder.</param>
    /// <param name="options">Options (defaults when null).</param>
    /// <param name="files">The files written, or null.</param>
    /// <param name="error">Why nothing (or not everything) was written, or null.</param>
    /// <returns>Whether the report was written.</returns>
    public static bool TryWrite(CertificationResult result, string directory, ReportOptions? options, out ReportFiles? files, out string? error)
    {
        try
        {
            files = Write(result, directory, options);
            error = null;
            return true;
        }
        catch (ReportException e)
        {
            files = null;
            error = e.Message;
            return false;
        }
    }

    /// <summary>Creates the folder when needed and checks that a file can be written in it (call it before a long
    /// certification, so that a bad folder is reported at once).</summary>
    /// <param name="directory">The report folder.</param>
    /// <returns>Its full path.</returns>
    /// <exception cref="ArgumentException">The folder is empty.</exception>
    /// <exception cref="ReportException">The folder cannot be created or written to.</exception>
    public static string EnsureWritable(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (BlockingFile(directory) is { } file)
        {
            throw new ReportException($"cannot write the report to '{directory}': '{file}' is a file, not a folder.");
        }

        return Guard(directory, () =>
        {
            string full = Path.GetFullPath(directory);
            Directory.CreateDirectory(full);
            string probe = Path.Combine(full, $".certus-write-test-{Environment.ProcessId}-{Guid.NewGuid():N}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return full;
        });
    }

    private static ReportFiles WriteCore(CertificationResult result, string directory, ReportOptions options)
    {
        long start = Stopwatch.GetTimestamp();
        var states = result.Spec.System.States;
        SimulationEnsemble simulations = SimulationEnsemble.Run(result.Spec, options);
        TubeBoxes? tube = result.Reach is { } reach ? TubeBoxes.From(reach.Cells, states.Count, options.MaxRectangles) : null;
        ConstraintBound?[] bounds = [.. result.Spec.Properties.Select(p => ConstraintBound.Detect(p, states))];
        var plots = new ReportPlots(result, options, simulations, tube, bounds);
        return Guard(directory, () =>
        {
            IReadOnlyList<PlotFile> files = plots.DrawAll(directory);
            string markdown = Path.Combine(directory, MarkdownFileName);
            File.WriteAllText(markdown, MarkdownReport.Build(result, options, simulations, tube, bounds, files, directory));
            return new ReportFiles(directory, markdown, [.. files.SelectMany(f => new[] { f.Png, f.Svg })], Stopwatch.GetElapsedTime(start));
        });
    }

    // The path itself or the nearest existing folder above it, when that is a regular file.
    private static string? BlockingFile(string directory)
    {
        try
        {
            for (string? d = Path.GetFullPath(directory); !string.IsNullOrEmpty(d); d = Path.GetDirectoryName(d))
            {
                if (File.Exists(d))
                {
                    return d;
                }

                if (Directory.Exists(d))
                {
                    return null;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            // Let the write itself report what is wrong.
        }

        return null;
    }

    // I/O failures become one ReportException that names the folder and the cause.
    private static T Guard<T>(string directory, Func<T> write)
    {
        try
        {
            return write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or System.Security.SecurityException)
        {
            throw new ReportException($"cannot write the report to '{directory}': {e.Message}", e);
        }
    }
}
