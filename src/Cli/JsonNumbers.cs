
namespace Certus.Cli;

/// <summary>
/// How the <c>--json</c> documents write numbers that JSON cannot hold: +∞ as the string <c>"inf"</c>, −∞ as
/// <c>"-inf"</c>, NaN as <c>null</c>; finite numbers as numbers (docs/specs.md, "JSON output").
/// </summary>
internal static class JsonNumbers
{
    /// <summary>The value to serialize for <paramref name="x"/>: a double, the string "inf" or "-inf", or null.</summary>
    public static object? Of(double x) => double.IsFinite(x) ? x
        : double.IsPositiveInfinity(x) ? "inf"
        : double.IsNegativeInfinity(x) ? "-inf"
        : null;
}
