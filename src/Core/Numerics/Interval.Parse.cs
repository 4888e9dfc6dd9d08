using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;

namespace Certus.Core.Numerics;

public readonly partial struct Interval
{
    /// <summary>
    /// Parses a decimal number (<c>0.1</c>, <c>-2.5e-3</c>) or an interval (<c>[0.1, 0.2]</c>, <c>[-inf, 3]</c>) into
    /// the tightest interval of doubles that contains the decimal value(s): a point when the decimal is a double,
    /// otherwise the two doubles around it.
    /// </summary>
    /// <param name="text">The text; surrounding white space is ignored.</param>
    /// <returns>An interval that contains the written value.</returns>
    /// <exception cref="FormatException">The text is not a number or interval; the message names the text and the column.</exception>
    public static Interval Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!TryParse(text, out Interval result, out string? error))
        {
            throw new FormatException(error);
        }

        return result;
    }

    /// <summary>Like <see cref="Parse(string)"/>, returning <c>false</c> instead of throwing.</summary>
    /// <param name="text">The text.</param>
    /// <param name="result">The enclosure when the text is valid.</param>
    /// <returns>Whether the text was valid.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out Interval result) => TryParse(text, out result, out _);

    /// <summary>Like <see cref="Parse(string)"/>, with the reason for a failure.</summary>
    /// <param name="text">The text.</param>
    /// <param name="result">The enclosure when the text is valid.</param>
    /// <param name="error">What is wrong, naming the text and the 1-based column, when it is not.</param>
    /// <returns>Whether the text was valid.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out Interval result, out string? error)
    {
        result = Empty;
        if (text is null)
        {
            error = "No text to parse as a number.";
            return false;
        }

        string t = text.Trim();
        int offset = text.IndexOf(t, StringComparison.Ordinal);
        if (t.StartsWith('['))
        {
            if (!t.EndsWith(']'))
            {
                error = $"'{text}': expected ']' at column {offset + t.Length + 1}.";
                return false;
            }

            string inner = t[1..^1];
            int comma = inner.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0)
            {
                error = $"'{text}': expected 'lo, hi' inside the brackets at column {offset + 2}.";
                return false;
            }

            if (!TryParseEndpoint(inner[..comma], text, offset + 2, out Interval lo, out error)
                || !TryParseEndpoint(inner[(comma + 1)..], text, offset + comma + 3, out Interval hi, out error))
            {
                return false;
            }

            if (lo.Lo > hi.Hi)
            {
                error = $"'{text}': the lower endpoint exceeds the upper endpoint.";
                return false;
            }

            result = Checked(lo.Lo, hi.Hi);
            error = null;
            return true;
        }

        return TryParseDecimal(t, text, offset + 1, out result, out error);
    }

    private static bool TryParseEndpoint(string part, string whole, int column, out Interval value, out string? error)
    {
        string p = part.Trim();
        column += part.IndexOf(p, StringComparison.Ordinal);
        switch (p.ToUpperInvariant())
        {
            case "INF" or "+INF" or "INFINITY" or "+INFINITY":
                value = new Interval(double.MaxValue, double.PositiveInfinity, trusted: true);
                error = null;
                return true;
            case "-INF" or "-INFINITY":
                value = new Interval(double.NegativeInfinity, -double.MaxValue, trusted: true);
                error = null;
                return true;
            default:
                return TryParseDecimal(p, whole, column, out value, out error);
        }
    }

    // Decimal text -> the tightest double interval containing the decimal value, decided with exact integer arithmetic.
    private static bool TryParseDecimal(string s, string whole, int column, out Interval value, out string? error)
    {
        value = Empty;
        int i = 0;
        bool negative = false;
        if (i < s.Length && (s[i] == '+' || s[i] == '-'))
        {
            negative = s[i] == '-';
            i++;
        }

        BigInteger digits = BigInteger.Zero;
        int digitCount = 0, fractionDigits = 0, significant = 0;
        bool seenPoint = false;
        for (; i < s.Length; i++)
        {
            char c = s[i];
            if (c is >= '0' and <= '9')
            {
                digitCount++;
                if (seenPoint)
                {
                    fractionDigits++;
                }

                if (significant > 0 || c != '0')
                {
                    significant++;
                }

                digits = (digits * 10) + (c - '0');
            }
            else if (c == '.' && !seenPoint)
            {
                seenPoint = true;
            }
            else
            {
                break;
            }
        }

        if (digitCount == 0)
        {
            error = $"'{whole}': expected a number at column {column + i}.";
            return false;
        }

        long exponent = 0;
        if (i < s.Length && (s[i] == 'e' || s[i] == 'E'))
        {
            int expStart = ++i;
            if (i < s.Length && (s[i] == '+' || s[i] == '-'))
            {
                i++;
            }

            int expDigitsStart = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                if (exponent < 100_000_000)
                {
                    exponent = (exponent * 10) + (s[i] - '0');
                }

                i++;
            }

            if (i == expDigitsStart)
            {
                error = $"'{whole}': expected exponent digits at column {column + i}.";
                return false;
            }

            if (s[expStart] == '-')
            {
                exponent = -exponent;
            }
        }

        if (i != s.Length)
        {
            error = $"'{whole}': unexpected '{s[i]}' at column {column + i}.";
            return false;
        }

        error = null;
        long e10 = exponent - fractionDigits;
        if (digits.IsZero)
        {
            value = Zero;
            return true;
        }

        // Decimal magnitude is about 10^(e10 + digits). Far outside the double range, decide without big powers.
        long magnitude = e10 + digits.GetBitLength() * 30103 / 100000;
        Interval positive;
        if (magnitude > 400)
        {
            positive = new Interval(double.MaxValue, double.PositiveInfinity, trusted: true);
        }
        else if (magnitude < -400)
        {
            positive = new Interval(0, double.Epsilon, trusted: true);
        }
        else
        {
            positive = EncloseDecimal(digits, (int)e10);
        }

        value = negative ? -positive : positive;
        return true;
    }

    private static Interval EncloseDecimal(BigInteger digits, int e10)
    {
        string text = digits.ToString(CultureInfo.InvariantCulture) + "e" + e10.ToString(CultureInfo.InvariantCulture);
        double nearest = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (double.IsPositiveInfinity(nearest))
        {
            return new Interval(double.MaxValue, double.PositiveInfinity, trusted: true);
        }

        int cmp = CompareDecimalToDouble(digits, e10, nearest);
        if (cmp == 0)
        {
            return new Interval(nearest, nearest, trusted: true);
        }

        return cmp < 0
            ? new Interval(Math.BitDecrement(nearest), nearest, trusted: true)
            : new Interval(nearest, Math.BitIncrement(nearest), trusted: true);
    }

    // Sign of (digits * 10^e10) - d for d >= 0 finite, exactly.
    private static int CompareDecimalToDouble(BigInteger digits, int e10, double d)
    {
        long bits = BitConverter.DoubleToInt64Bits(d);
        int rawExp = (int)((bits >> 52) & 0x7FF);
        long frac = bits & 0xF_FFFF_FFFF_FFFFL;
        BigInteger mant = rawExp == 0 ? frac : frac | (1L << 52);
        int e2 = (rawExp == 0 ? 1 : rawExp) - 1075;

        BigInteger left = digits, right = mant;
        if (e10 >= 0)
        {
            left *= BigInteger.Pow(10, e10);
        }
        else
        {
            right *= BigInteger.Pow(10, -e10);
        }

        if (e2 >= 0)
        {
            right <<= e2;
        }
        else
        {
            left <<= -e2;
        }

        return left.CompareTo(right);
    }
}
