using System.Globalization;

namespace Certus.Verify.Reports;

/// <summary>
/// Compact numbers for tick labels and plot notes: at most five significant digits between 0.001 and 100000
/// (<c>0.25</c>, <c>-1234.5</c>), scientific notation outside (<c>1.2e+05</c>, <c>-1.8e+40</c>), so that no label is
/// longer than <see cref="MaxLength"/> characters, whatever the magnitude.
/// </summary>
internal static class TickLabels
{
    /// <summary>The longest label <see cref="Format"/> writes (<c>-1.235e+40</c>, <c>-0.0012346</c>, <c>-1.23e-300</c>).</summary>
    public const int MaxLength = 10;

    /// <summary>The value compactly; infinities as <c>∞</c> and <c>-∞</c>, NaN as <c>NaN</c>.</summary>
    public static string Format(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "∞" : "-∞";
        }

        double magnitude = Math.Abs(value);
        if (magnitude == 0)
        {
            return "0";
        }

        // Three-digit exponents keep two decimals, so that the label stays as short.
        string scientific = value.ToString(magnitude is >= 1e100 or < 1e-99 ? "0.##e+00" : "0.###e+00", CultureInfo.InvariantCulture);
        if (magnitude is < 1e-3 or >= 1e5)
        {
            return scientific;
        }

        // G5 may round 99999.5 up to 1E+05: write that one in the scientific form too.
        string text = value.ToString("G5", CultureInfo.InvariantCulture);
        return text.Contains('E', StringComparison.Ordinal) ? scientific : text;
    }

    /// <summary>A label formatter for an axis from <paramref name="lo"/> to <paramref name="hi"/>: as
    /// <see cref="Format"/>, with ticks that are zero up to rounding (a millionth of the span) written as <c>0</c>.</summary>
    public static Func<double, string> ForAxis(double lo, double hi)
    {
        double span = hi - lo;
        double zero = double.IsFinite(span) && span > 0 ? 1e-6 * span : 0;
        return v => Math.Abs(v) <= zero ? "0" : Format(v);
    }
}
