using System.Globalization;
using System.Numerics;

namespace Certus.Core.Tests.Reference;

/// <summary>
/// Exact rational number with arbitrary-precision numerator and denominator, used as a test oracle.
/// Always normalized: gcd(numerator, denominator) = 1 and denominator &gt; 0.
/// <c>default(Rational)</c> is zero (a stored denominator of 0 is read as 1).
/// </summary>
public readonly struct Rational : IComparable<Rational>, IEquatable<Rational>
{
    private readonly BigInteger _num;

    // Zero only in default(Rational); read through Den, which maps it to 1.
    private readonly BigInteger _den;

    /// <summary>Creates the normalized rational <paramref name="numerator"/> / <paramref name="denominator"/>.</summary>
    /// <exception cref="DivideByZeroException">The denominator is zero.</exception>
    public Rational(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.IsZero)
        {
            throw new DivideByZeroException("Rational denominator is zero.");
        }

        (_num, _den) = Normalize(numerator, denominator);
    }

    // Stores an already normalized pair.
    private Rational(BigInteger numerator, BigInteger denominator, bool normalized)
    {
        _ = normalized;
        _num = numerator;
        _den = denominator;
    }

    /// <summary>Zero.</summary>
    public static Rational Zero => default;

    /// <summary>One.</summary>
    public static Rational One => new(BigInteger.One, BigInteger.One, true);

    /// <summary>The numerator (carries the sign).</summary>
    public BigInteger Numerator => _num;

    /// <summary>The denominator (always positive).</summary>
    public BigInteger Denominator => Den;

    /// <summary>-1, 0 or 1 according to the sign of the value.</summary>
    public int Sign => _num.Sign;

    /// <summary>True when the value is an integer.</summary>
    public bool IsInteger => Den.IsOne;

    private BigInteger Den => _den.IsZero ? BigInteger.One : _den;

    /// <summary>The absolute value.</summary>
    public Rational Abs() => _num.Sign < 0 ? new Rational(-_num, Den, true) : this;

    /// <summary>The absolute value of <paramref name="value"/>.</summary>
    public static Rational Abs(Rational value) => value.Abs();

    /// <summary>The integer <paramref name="value"/> as a rational.</summary>
    public static Rational FromBigInteger(BigInteger value) => new(value, BigInteger.One, true);

    /// <summary>The exact value <paramref name="mantissa"/> * 2^<paramref name="exponent"/>.</summary>
    public static Rational FromDyadic(BigInteger mantissa, int exponent)
    {
        if (mantissa.IsZero)
        {
            return Zero;
        }

        if (exponent >= 0)
        {
            return new Rational(mantissa << exponent, BigInteger.One, true);
        }

        int tz = (int)BigInteger.TrailingZeroCount(mantissa);
        int shift = Math.Min(tz, -exponent);
        return new Rational(mantissa >> shift, BigInteger.One << (-exponent - shift), true);
    }

    /// <summary>Exactly 2^<paramref name="exponent"/> (negative exponents allowed).</summary>
    public static Rational Pow2(int exponent) => FromDyadic(BigInteger.One, exponent);

    /// <summary>
    /// The exact value of a finite double (subnormals included; -0.0 gives 0).
    /// </summary>
    /// <exception cref="ArgumentException">NaN or an infinity.</exception>
    public static Rational FromDouble(double value)
    {
        long bits = BitConverter.DoubleToInt64Bits(value);
        int biased = (int)((bits >> 52) & 0x7FF);
        if (biased == 0x7FF)
        {
            throw new ArgumentException("NaN and infinities have no rational value.", nameof(value));
        }

        long fraction = bits & 0xF_FFFF_FFFF_FFFFL;
        long mantissa = biased == 0 ? fraction : fraction | (1L << 52);
        int exponent = biased == 0 ? -1074 : biased - 1075;
        return FromDyadic(bits < 0 ? -mantissa : mantissa, exponent);
    }

    /// <summary>An approximation of the value as a double (for messages only; not guaranteed correctly rounded).</summary>
    public double ToDoubleApprox()
    {
        if (_num.IsZero)
        {
            return 0.0;
        }

        BigInteger n = BigInteger.Abs(_num);
        BigInteger d = Den;
        long shift = 64 - (n.GetBitLength() - d.GetBitLength());
        BigInteger q = shift >= 0 ? (n << (int)shift) / d : n / (d << (int)-shift);
        double r = Math.ScaleB((double)q, (int)Math.Clamp(-shift, int.MinValue / 2, int.MaxValue / 2));
        return _num.Sign < 0 ? -r : r;
    }

    /// <summary>Sum.</summary>
    public static Rational Add(Rational left, Rational right)
    {
        BigInteger ld = left.Den, rd = right.Den;
        if (ld == rd)
        {
            return Create(left._num + right._num, ld);
        }

        return Create((left._num * rd) + (right._num * ld), ld * rd);
    }

    /// <summary>Difference.</summary>
    public static Rational Subtract(Rational left, Rational right) => Add(left, Negate(right));

    /// <summary>Product.</summary>
    public static Rational Multiply(Rational left, Rational right) =>
        Create(left._num * right._num, left.Den * right.Den);

    /// <summary>Quotient.</summary>
    /// <exception cref="DivideByZeroException"><paramref name="right"/> is zero.</exception>
    public static Rational Divide(Rational left, Rational right)
    {
        if (right._num.IsZero)
        {
            throw new DivideByZeroException("Rational division by zero.");
        }

        return Create(left._num * right.Den, left.Den * right._num);
    }

    /// <summary>Negation.</summary>
    public static Rational Negate(Rational value) => new(-value._num, value.Den, true);

    /// <summary>Identity (named alternate for unary plus).</summary>
    public static Rational Plus(Rational value) => value;

    /// <summary>The smaller of two values.</summary>
    public static Rational Min(Rational left, Rational right) => left <= right ? left : right;

    /// <summary>The larger of two values.</summary>
    public static Rational Max(Rational left, Rational right) => left >= right ? left : right;

    /// <summary>Converts an integer.</summary>
    public static Rational FromInt64(long value) => new(value, BigInteger.One, true);

    /// <summary>Converts an integer.</summary>
    public static Rational FromInt32(int value) => new(value, BigInteger.One, true);

    /// <summary>Implicit conversion from <see cref="int"/>.</summary>
    public static implicit operator Rational(int value) => FromInt32(value);

    /// <summary>Implicit conversion from <see cref="long"/>.</summary>
    public static implicit operator Rational(long value) => FromInt64(value);

    /// <summary>Sum.</summary>
    public static Rational operator +(Rational left, Rational right) => Add(left, right);

    /// <summary>Difference.</summary>
    public static Rational operator -(Rational left, Rational right) => Subtract(left, right);

    /// <summary>Product.</summary>
    public static Rational operator *(Rational left, Rational right) => Multiply(left, right);

    /// <summary>Quotient; throws <see cref="DivideByZeroException"/> for a zero divisor.</summary>
    public static Rational operator /(Rational left, Rational right) => Divide(left, right);

    /// <summary>Negation.</summary>
    public static Rational operator -(Rational value) => Negate(value);

    /// <summary>Identity.</summary>
    public static Rational operator +(Rational value) => Plus(value);

    /// <summary>Less than.</summary>
    public static bool operator <(Rational left, Rational right) => left.CompareTo(right) < 0;

    /// <summary>Less than or equal.</summary>
    public static bool operator <=(Rational left, Rational right) => left.CompareTo(right) <= 0;

    /// <summary>Greater than.</summary>
    public static bool operator >(Rational left, Rational right) => left.CompareTo(right) > 0;

    /// <summary>Greater than or equal.</summary>
    public static bool operator >=(Rational left, Rational right) => left.CompareTo(right) >= 0;

    /// <summary>Equality.</summary>
    public static bool operator ==(Rational left, Rational right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(Rational left, Rational right) => !left.Equals(right);

    /// <inheritdoc />
    public int CompareTo(Rational other)
    {
        int sa = _num.Sign, sb = other._num.Sign;
        if (sa != sb)
        {
            return sa.CompareTo(sb);
        }

        if (sa == 0)
        {
            return 0;
        }

        BigInteger ld = Den, rd = other.Den;
        if (ld == rd)
        {
            return _num.CompareTo(other._num);
        }

        return (_num * rd).CompareTo(other._num * ld);
    }

    /// <inheritdoc />
    public bool Equals(Rational other) => _num == other._num && Den == other.Den;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Rational other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_num, Den);

    /// <summary>"numerator/denominator", or just "numerator" for integers (invariant culture).</summary>
    public override string ToString()
    {
        string n = _num.ToString(CultureInfo.InvariantCulture);
        return Den.IsOne ? n : n + "/" + Den.ToString(CultureInfo.InvariantCulture);
    }

    private static Rational Create(BigInteger numerator, BigInteger denominator)
    {
        (BigInteger n, BigInteger d) = Normalize(numerator, denominator);
        return new Rational(n, d, true);
    }

    private static (BigInteger Num, BigInteger Den) Normalize(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.Sign < 0)
        {
            numerator = -numerator;
            denominator = -denominator;
        }

        if (numerator.IsZero)
        {
            return (BigInteger.Zero, BigInteger.One);
        }

        if (denominator.IsOne)
        {
            return (numerator, denominator);
        }

        if (denominator.IsPowerOfTwo)
        {
            // Fast path for dyadic values: the gcd is a power of two.
            int shift = (int)BigInteger.Min(BigInteger.TrailingZeroCount(numerator), BigInteger.TrailingZeroCount(denominator));
            return shift == 0 ? (numerator, denominator) : (numerator >> shift, denominator >> shift);
        }

        BigInteger g = BigInteger.GreatestCommonDivisor(numerator, denominator);
        return g.IsOne ? (numerator, denominator) : (numerator / g, denominator / g);
    }
}
