using System.Diagnostics.CodeAnalysis;
using System.Numerics;

namespace Certus.Core.Numerics;

public readonly partial struct Interval
{
    /// <summary>
    /// Parses an IEEE 1788 interval literal into the tightest interval of doubles that contains the written set.
    /// </summary>
    /// <remarks>
    /// <para>Accepted forms (case-insensitive, white space allowed inside the brackets):</para>
    /// <list type="bullet">
    /// <item><description>a number alone, <c>0.1</c>: the two doubles around it (a point when it is a double);</description></item>
    /// <item><description><c>[lo, hi]</c>; an empty or <c>-inf</c> lower end and an empty, <c>inf</c> or <c>+inf</c> upper
    /// end mean unbounded (<c>[1,]</c>, <c>[,2]</c>, <c>[,]</c>);</description></item>
    /// <item><description><c>[x]</c>: the point x; <c>[empty]</c> and <c>[ ]</c>: the empty set; <c>[entire]</c>: the real line;</description></item>
    /// <item><description>uncertain form <c>m?r</c>: m ± r units of m's last decimal place (<c>3.56?1 = [3.55, 3.57]</c>),
    /// <c>m?</c> is half a unit, <c>m??</c> unbounded, a trailing <c>u</c> or <c>d</c> keeps only the upward or downward
    /// side (<c>3.56?2u = [3.56, 3.58]</c>), and an exponent may follow (<c>3.56?1e2 = [355, 357]</c>).</description></item>
    /// </list>
    /// <para>Numbers are decimal (<c>-2.5e-3</c>), hexadecimal floating point (<c>0x1.8p1</c> = 3, the <c>p</c>
    /// exponent optional) or rational <c>p/q</c> of integers (<c>[1/3, 2/3]</c>), each enclosed outward.
    /// <c>[inf, inf]</c>, <c>[-inf, -inf]</c>, <c>[inf]</c> and a lower end above the upper end (compared exactly)
    /// contain no real number and are rejected: use <c>[empty]</c> for the empty set.</para>
    /// </remarks>
    /// <param name="text">The text; surrounding white space is ignored.</param>
    /// <returns>An interval that contains the written value.</returns>
    /// <exception cref="FormatException">The text is not a literal; the message names the text and the column.</exception>
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
        if (!t.StartsWith('['))
        {
            if (t.Contains('?', StringComparison.Ordinal))
            {
                return TryParseUncertain(t, text, offset + 1, out result, out error);
            }

            if (!TryParseNumber(t, text, offset + 1, out Literal point, out error))
            {
                return false;
            }

            if (point.Infinity != 0)
            {
                error = $"'{text}': an infinity is not a real number; write [{t},] or [,{t}] for an unbounded interval.";
                return false;
            }

            result = point.Enclosure;
            return true;
        }

        if (!t.EndsWith(']'))
        {
            error = $"'{text}': expected ']' at column {offset + t.Length + 1}.";
            return false;
        }

        string inner = t[1..^1];
        string word = inner.Trim().ToUpperInvariant();
        switch (word)
        {
            case "" or "EMPTY":
                error = null;
                return true;
            case "ENTIRE":
                result = Entire;
                error = null;
                return true;
        }

        int comma = inner.IndexOf(',', StringComparison.Ordinal);
        if (comma < 0)
        {
            // The point form [x].
            if (!TryParseEndpoint(inner, text, offset + 2, out Literal x, out _) || x.Infinity != 0 || x.Empty)
            {
                error = $"'{text}': expected 'lo, hi', a single finite number, 'empty' or 'entire' inside the brackets at column {offset + 2}.";
                return false;
            }

            result = x.Enclosure;
            error = null;
            return true;
        }

        if (!TryParseEndpoint(inner[..comma], text, offset + 2, out Literal lo, out error)
            || !TryParseEndpoint(inner[(comma + 1)..], text, offset + comma + 3, out Literal hi, out error))
        {
            return false;
        }

        if (lo.Infinity > 0 || hi.Infinity < 0)
        {
            error = $"'{text}': {(lo.Infinity > 0 ? "a lower end of +inf" : "an upper end of -inf")} leaves no real number; use [empty] for the empty set.";
            return false;
        }

        double l = lo.Empty || lo.Infinity < 0 ? double.NegativeInfinity : lo.Enclosure.Lo;
        double h = hi.Empty || hi.Infinity > 0 ? double.PositiveInfinity : hi.Enclosure.Hi;
        bool reversed = lo.Exact is { } le && hi.Exact is { } he ? CompareExact(le, he) > 0 : l > h;
        if (reversed || l > h)
        {
            error = $"'{text}': the lower endpoint exceeds the upper endpoint.";
            return false;
        }

        result = Checked(l, h);
        error = null;
        return true;
    }

    // A parsed number: its enclosure, its exact value (sign folded into the numerator) when it was kept, or an infinity.
    private readonly record struct Literal(Interval Enclosure, (BigInteger Num, BigInteger Den)? Exact, int Infinity, bool Empty);

    private static int CompareExact((BigInteger Num, BigInteger Den) a, (BigInteger Num, BigInteger Den) b) =>
        (a.Num * b.Den).CompareTo(b.Num * a.Den);

    private static bool TryParseEndpoint(string part, string whole, int column, out Literal value, out string? error)
    {
        string p = part.Trim();
        if (p.Length == 0)
        {
            value = new Literal(Empty, null, 0, true);
            error = null;
            return true;
        }

        column += part.IndexOf(p, StringComparison.Ordinal);
        return TryParseNumber(p, whole, column, out value, out error);
    }

    private static bool TryParseNumber(string s, string whole, int column, out Literal value, out string? error)
    {
        switch (s.ToUpperInvariant())
        {
            case "INF" or "+INF" or "INFINITY" or "+INFINITY":
                value = new Literal(Empty, null, 1, false);
                error = null;
                return true;
            case "-INF" or "-INFINITY":
                value = new Literal(Empty, null, -1, false);
                error = null;
                return true;
        }

        int slash = s.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            return TryParseRational(s, slash, whole, column, out value, out error);
        }

        int i = 0;
        bool negative = false;
        if (i < s.Length && (s[i] == '+' || s[i] == '-'))
        {
            negative = s[i] == '-';
            i++;
        }

        if (s.Length >= i + 2 && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X'))
        {
            return TryParseHex(s, i + 2, negative, whole, column, out value, out error);
        }

        return TryParseDecimal(s, whole, column, out value, out error);
    }

    // p/q with integers p (signed) and q > 0.
    private static bool TryParseRational(string s, int slash, string whole, int column, out Literal value, out string? error)
    {
        value = default;
        string p = s[..slash], q = s[(slash + 1)..];
        if (!TryParseInteger(p, allowSign: true, out BigInteger num))
        {
            error = $"'{whole}': expected an integer numerator before '/' at column {column}.";
            return false;
        }

        if (!TryParseInteger(q, allowSign: false, out BigInteger den) || den.IsZero)
        {
            error = $"'{whole}': expected a positive integer denominator after '/' at column {column + slash + 1}.";
            return false;
        }

        value = new Literal(EncloseRational(num, den), (num, den), 0, false);
        error = null;
        return true;
    }

    private static bool TryParseInteger(string s, bool allowSign, out BigInteger value)
    {
        value = BigInteger.Zero;
        int i = 0;
        bool negative = false;
        if (allowSign && i < s.Length && (s[i] == '+' || s[i] == '-'))
        {
            negative = s[i] == '-';
            i++;
        }

        if (i == s.Length)
        {
            return false;
        }

        for (; i < s.Length; i++)
        {
            if (!char.IsAsciiDigit(s[i]))
            {
                return false;
            }

            value = (value * 10) + (s[i] - '0');
        }

        if (negative)
        {
            value = -value;
        }

        return true;
    }

    // 0x h.h p e: the hexadecimal digits times 2^(e - 4 * fraction digits).
    private static bool TryParseHex(string s, int start, bool negative, string whole, int column, out Literal value, out string? error)
    {
        value = default;
        BigInteger mant = BigInteger.Zero;
        int digitCount = 0, fractionDigits = 0, i = start;
        bool seenPoint = false;
        for (; i < s.Length; i++)
        {
            char c = s[i];
            if (char.IsAsciiHexDigit(c))
            {
                mant = (mant * 16) + Convert.ToInt32(c.ToString(), 16);
                digitCount++;
                if (seenPoint)
                {
                    fractionDigits++;
                }
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
            error = $"'{whole}': expected hexadecimal digits at column {column + i}.";
            return false;
        }

        long exponent = 0;
        if (i < s.Length && (s[i] == 'p' || s[i] == 'P'))
        {
            if (!TryParseExponent(s, ref i, out exponent))
            {
                error = $"'{whole}': expected binary exponent digits at column {column + i}.";
                return false;
            }
        }

        if (i != s.Length)
        {
            error = $"'{whole}': unexpected '{s[i]}' at column {column + i}.";
            return false;
        }

        error = null;
        long e2 = exponent - (4L * fractionDigits);
        if (mant.IsZero)
        {
            value = new Literal(Zero, (BigInteger.Zero, BigInteger.One), 0, false);
            return true;
        }

        long magnitude = e2 + (long)mant.GetBitLength();
        if (magnitude > 1100 || magnitude < -1100)
        {
            Interval far = magnitude > 0 ? new Interval(double.MaxValue, double.PositiveInfinity, trusted: true) : new Interval(0, double.Epsilon, trusted: true);
            value = new Literal(negative ? -far : far, null, 0, false);
            return true;
        }

        BigInteger num = e2 >= 0 ? mant << (int)e2 : mant;
        BigInteger den = e2 >= 0 ? BigInteger.One : BigInteger.One << (int)-e2;
        if (negative)
        {
            num = -num;
        }

        value = new Literal(EncloseRational(num, den), (num, den), 0, false);
        return true;
    }

    // After the exponent letter at s[i]: optional sign and digits; i ends after them. Large exponents saturate.
    private static bool TryParseExponent(string s, ref int i, out long exponent)
    {
        exponent = 0;
        int signAt = ++i;
        if (i < s.Length && (s[i] == '+' || s[i] == '-'))
        {
            i++;
        }

        int digitsStart = i;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            if (exponent < 100_000_000)
            {
                exponent = (exponent * 10) + (s[i] - '0');
            }

            i++;
        }

        if (i == digitsStart)
        {
            return false;
        }

        if (s[signAt] == '-')
        {
            exponent = -exponent;
        }

        return true;
    }

    // Decimal mantissa scanning shared by plain decimals and the uncertain form: [sign] digits [. digits].
    private static int ScanDecimalMantissa(string s, out bool negative, out BigInteger digits, out int digitCount, out int fractionDigits)
    {
        int i = 0;
        negative = false;
        if (i < s.Length && (s[i] == '+' || s[i] == '-'))
        {
            negative = s[i] == '-';
            i++;
        }

        digits = BigInteger.Zero;
        digitCount = 0;
        fractionDigits = 0;
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

        return i;
    }

    // Decimal text -> the tightest double interval containing the decimal value, decided with exact integer arithmetic.
    private static bool TryParseDecimal(string s, string whole, int column, out Literal value, out string? error)
    {
        value = default;
        int i = ScanDecimalMantissa(s, out bool negative, out BigInteger digits, out int digitCount, out int fractionDigits);
        if (digitCount == 0)
        {
            error = $"'{whole}': expected a number at column {column + i}.";
            return false;
        }

        long exponent = 0;
        if (i < s.Length && (s[i] == 'e' || s[i] == 'E'))
        {
            if (!TryParseExponent(s, ref i, out exponent))
            {
                error = $"'{whole}': expected exponent digits at column {column + i}.";
                return false;
            }
        }

        if (i != s.Length)
        {
            error = $"'{whole}': unexpected '{s[i]}' at column {column + i}.";
            return false;
        }

        error = null;
        value = DecimalLiteral(negative ? -digits : digits, exponent - fractionDigits);
        return true;
    }

    // signedDigits * 10^e10, enclosed; far outside the double range it is decided without big powers.
    private static Literal DecimalLiteral(BigInteger signedDigits, long e10)
    {
        if (signedDigits.IsZero)
        {
            return new Literal(Zero, (BigInteger.Zero, BigInteger.One), 0, false);
        }

        long magnitude = e10 + (BigInteger.Abs(signedDigits).GetBitLength() * 30103 / 100000);
        if (magnitude > 400 || magnitude < -400)
        {
            Interval far = magnitude > 0 ? new Interval(double.MaxValue, double.PositiveInfinity, trusted: true) : new Interval(0, double.Epsilon, trusted: true);
            return new Literal(signedDigits.Sign < 0 ? -far : far, null, 0, false);
        }

        BigInteger num = e10 >= 0 ? signedDigits * BigInteger.Pow(10, (int)e10) : signedDigits;
        BigInteger den = e10 >= 0 ? BigInteger.One : BigInteger.Pow(10, (int)-e10);
        return new Literal(EncloseRational(num, den), (num, den), 0, false);
    }

    // m?r[u|d][e]: m ± r units of the last decimal place of m, or half a unit without r, unbounded with '??'.
    private static bool TryParseUncertain(string s, string whole, int column, out Interval result, out string? error)
    {
        result = Empty;
        int i = ScanDecimalMantissa(s, out bool negative, out BigInteger digits, out int digitCount, out int fractionDigits);
        if (digitCount == 0 || i >= s.Length || s[i] != '?')
        {
            error = $"'{whole}': expected a decimal number before '?' at column {column + i}.";
            return false;
        }

        i++;
        bool unbounded = false;
        BigInteger radius2 = BigInteger.One; // twice the radius in units of the last place
        if (i < s.Length && s[i] == '?')
        {
            unbounded = true;
            i++;
        }
        else if (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            BigInteger r = BigInteger.Zero;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                r = (r * 10) + (s[i] - '0');
                i++;
            }

            radius2 = 2 * r;
        }

        char direction = ' ';
        if (i < s.Length && (s[i] is 'u' or 'U' or 'd' or 'D'))
        {
            direction = char.ToLowerInvariant(s[i]);
            i++;
        }

        long exponent = 0;
        if (i < s.Length && (s[i] == 'e' || s[i] == 'E'))
        {
            if (!TryParseExponent(s, ref i, out exponent))
            {
                error = $"'{whole}': expected exponent digits at column {column + i}.";
                return false;
            }
        }

        if (i != s.Length)
        {
            error = $"'{whole}': unexpected '{s[i]}' at column {column + i}; the uncertain form is m?r, m?, m??, with u or d and an exponent optional (3.56?1, 3.56?2u, 3.56?1e2).";
            return false;
        }

        // Work in halves of the last place: m2 = 2m, the ends are (m2 ∓ radius2) · 10^(exponent − fractionDigits) / 2.
        BigInteger m2 = 2 * (negative ? -digits : digits);
        long e10 = exponent - fractionDigits;
        double lo, hi;
        if (unbounded)
        {
            lo = direction == 'u' ? HalfDecimal(m2, e10).Lo : double.NegativeInfinity;
            hi = direction == 'd' ? HalfDecimal(m2, e10).Hi : double.PositiveInfinity;
        }
        else
        {
            lo = HalfDecimal(direction == 'u' ? m2 : m2 - radius2, e10).Lo;
            hi = HalfDecimal(direction == 'd' ? m2 : m2 + radius2, e10).Hi;
        }

        error = null;
        result = Checked(lo, hi);
        return true;
    }

    // (twice * 10^e10) / 2, enclosed.
    private static Interval HalfDecimal(BigInteger twice, long e10)
    {
        Literal l = DecimalLiteral(twice, e10);
        if (l.Exact is { } exact)
        {
            return EncloseRational(exact.Num, exact.Den * 2);
        }

        // Far outside the double range halving changes nothing that the saturated enclosure shows.
        return l.Enclosure;
    }

    /// <summary>The tightest interval of doubles containing the rational <paramref name="num"/> / <paramref name="den"/>.</summary>
    /// <param name="num">Numerator, any sign.</param>
    /// <param name="den">Denominator, positive.</param>
    /// <returns>A point when the value is a double, otherwise the two doubles around it (one side infinite on overflow).</returns>
    internal static Interval EncloseRational(BigInteger num, BigInteger den)
    {
        if (num.IsZero)
        {
            return Zero;
        }

        if (num.Sign < 0)
        {
            return -EnclosePositiveRational(-num, den);
        }

        return EnclosePositiveRational(num, den);
    }

    private static Interval EnclosePositiveRational(BigInteger p, BigInteger q)
    {
        // m = floor(p · 2^s / q) with 55 or 56 bits; value = (m + frac) · 2^-s.
        long s = 55 - ((long)p.GetBitLength() - (long)q.GetBitLength());
        BigInteger scaledP = s >= 0 ? p << (int)s : p;
        BigInteger scaledQ = s >= 0 ? q : q << (int)-s;
        BigInteger m = BigInteger.DivRem(scaledP, scaledQ, out BigInteger rem);
        bool exact = rem.IsZero;
        long top = (long)m.GetBitLength() - 1 - s; // value in [2^top, 2^(top+1))
        if (top > 1023)
        {
            return new Interval(double.MaxValue, double.PositiveInfinity, trusted: true);
        }

        long ulpExp = Math.Max(top - 52, -1074);
        long drop = ulpExp + s;
        if (drop >= m.GetBitLength())
        {
            // Below the smallest subnormal.
            return new Interval(0, double.Epsilon, trusted: true);
        }

        BigInteger t = m >> (int)drop;
        exact &= (t << (int)drop) == m;
        double lower = Math.ScaleB((double)t, (int)ulpExp); // t < 2^53 and the scale stays in range: exact
        double upper = exact ? lower : Math.BitIncrement(lower);
        return new Interval(lower, upper, trusted: true);
    }
}
