namespace Certus.Verify.Reports;

/// <summary>What <see cref="ReportWriter"/> wrote.</summary>
/// <param name="Directory">The report folder (full path).</param>
/// <param name="Markdown">The full path of <c>report.md</c>.</param>
/// <param name="Plots">The file names (relative to <paramref name="Directory"/>) of every plot, PNG and SVG, in the order the report shows them.</param>
/// <param name="Elapsed">Wall-clock time spent writing (simulations included).</param>
public sealed record ReportFiles(string Directory, string Markdown, IReadOnlyList<string> Plots, TimeSpan Elapsed);
