using System.Globalization;
using Certus.Core.Sets;

namespace Certus.Sim.ClosedLoop;

/// <summary>
/// Disturbances drawn uniformly and independently from the box <c>[Lower, Upper]</c> once per period (and held over
/// it). Which values come out is fixed by a seeded <see cref="Random"/>: <see cref="Seed"/> for a single run,
/// a seed derived from the ensemble seed and the sample index in ensembles.
/// </summary>
public sealed record BoxDisturbance : DisturbanceModel
{
    private readonly double[] _lower;
    private readonly double[] _upper;

    /// <summary>Creates the model.</summary>
    /// <param name="lower">Lower bounds, one per plant disturbance (copied); finite.</param>
    /// <param name="upper">Upper bounds, the same length, finite, componentwise at least <paramref name="lower"/>.</param>
    /// <param name="seed">The seed of single runs that are given no random source (default 0).</param>
    /// <exception cref="ArgumentException">Lengths differ or are zero, or a bound is not finite or reversed.</exception>
    public BoxDisturbance(IReadOnlyList<double> lower, IReadOnlyList<double> upper, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(lower);
        ArgumentNullException.ThrowIfNull(upper);
        if (lower.Count == 0 || lower.Count != upper.Count)
        {
            throw new ArgumentException($"The disturbance box needs bounds of one equal, positive length; got {lower.Count} and {upper.Count}.", nameof(upper));
        }

        _lower = [.. lower];
        _upper = [.. upper];
        for (int i = 0; i < _lower.Length; i++)
        {
            if (!double.IsFinite(_lower[i]) || !double.IsFinite(_upper[i]) || _lower[i] > _upper[i])
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Disturbance {i} has bounds [{_lower[i]}, {_upper[i]}]; they must be finite and ordered."), nameof(upper));
            }
        }

        Seed = seed;
    }

    /// <summary>Creates the model from a box.</summary>
    /// <param name="box">A bounded, non-empty box, one dimension per disturbance.</param>
    /// <param name="seed">The seed of single runs that are given no random source (default 0).</param>
    public BoxDisturbance(Box box, int seed = 0)
        : this(NotNull(box).Lower, box.Upper, seed)
    {
    }

    private static Box NotNull(Box box)
    {
        ArgumentNullException.ThrowIfNull(box);
        return box;
    }

    /// <summary>Lower bounds.</summary>
    public IReadOnlyList<double> Lower => _lower;

    /// <summary>Upper bounds.</summary>
    public IReadOnlyList<double> Upper => _upper;

    /// <summary>The seed of single runs given no random source.</summary>
    public int Seed { get; init; }

    /// <inheritdoc/>
    public override int Count => _lower.Length;

    internal override bool IsRandom => true;

    internal override int DefaultSeed => Seed;

    internal override void Draw(Random random, Span<double> destination)
    {
        int w = _lower.Length;
        for (int offset = 0; offset < destination.Length; offset += w)
        {
            for (int i = 0; i < w; i++)
            {
                destination[offset + i] = Math.Clamp(_lower[i] + (random.NextDouble() * (_upper[i] - _lower[i])), _lower[i], _upper[i]);
            }
        }
    }

    /// <summary>Equal when bounds and seed are equal.</summary>
    /// <param name="other">Another model.</param>
    /// <returns>Whether both describe the same draws.</returns>
    public bool Equals(BoxDisturbance? other) =>
        other is not null && Seed == other.Seed && _lower.AsSpan().SequenceEqual(other._lower) && _upper.AsSpan().SequenceEqual(other._upper);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Seed);
        foreach (double v in _lower)
        {
            hash.Add(v);
        }

        foreach (double v in _upper)
        {
            hash.Add(v);
        }

        return hash.ToHashCode();
    }
}
