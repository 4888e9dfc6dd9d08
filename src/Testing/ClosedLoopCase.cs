using System.Globalization;

namespace Certus.Testing;

/// <summary>
/// One input of a controller property: an initial state, the disturbance held over each control period, and the
/// number of periods simulated (the spec's horizon, or fewer after shrinking). Immutable, with value equality.
/// </summary>
public sealed class ClosedLoopCase : IEquatable<ClosedLoopCase>
{
    private readonly double[] _initialState;
    private readonly double[] _disturbances;

    /// <summary>Creates a case.</summary>
    /// <param name="initialState">The initial state, one finite value per plant state (copied).</param>
    /// <param name="disturbances">The disturbances, period by period (<paramref name="periods"/> rows of the plant's
    /// disturbance count; empty for a plant without disturbances; copied).</param>
    /// <param name="periods">Control periods to simulate (at least 1).</param>
    /// <exception cref="ArgumentException">A value is not finite, or the lengths do not fit the period count.</exception>
    public ClosedLoopCase(IReadOnlyList<double> initialState, IReadOnlyList<double> disturbances, int periods)
    {
        ArgumentNullException.ThrowIfNull(initialState);
        ArgumentNullException.ThrowIfNull(disturbances);
        ArgumentOutOfRangeException.ThrowIfLessThan(periods, 1);
        if (initialState.Count == 0 || initialState.Any(v => !double.IsFinite(v)) || disturbances.Any(v => !double.IsFinite(v)))
        {
            throw new ArgumentException("A closed-loop case needs a non-empty initial state and finite values throughout.", nameof(initialState));
        }

        if (disturbances.Count % periods != 0)
        {
            throw new ArgumentException($"{disturbances.Count} disturbance values do not make {periods} equal rows.", nameof(disturbances));
        }

        _initialState = [.. initialState];
        _disturbances = [.. disturbances];
        Periods = periods;
    }

    /// <summary>The initial state.</summary>
    public IReadOnlyList<double> InitialState => _initialState;

    /// <summary>The disturbances, period by period (row-major, <see cref="Periods"/> rows); empty without disturbances.</summary>
    public IReadOnlyList<double> Disturbances => _disturbances;

    /// <summary>The number of control periods simulated.</summary>
    public int Periods { get; }

    /// <summary>Disturbances per period.</summary>
    public int DisturbanceCount => _disturbances.Length / Periods;

    internal ReadOnlySpan<double> InitialStateSpan => _initialState;

    internal ReadOnlySpan<double> DisturbanceSpan => _disturbances;

    /// <summary>The disturbance held over one period.</summary>
    /// <param name="period">0 to <see cref="Periods"/> − 1.</param>
    /// <returns>A copy of that row.</returns>
    public double[] Disturbance(int period)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(period);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(period, Periods);
        return _disturbances.AsSpan(period * DisturbanceCount, DisturbanceCount).ToArray();
    }

    /// <summary>The same case over fewer periods (the disturbance rows cut to match).</summary>
    /// <param name="periods">1 to <see cref="Periods"/>.</param>
    /// <returns>The truncated case.</returns>
    public ClosedLoopCase Truncate(int periods)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(periods, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(periods, Periods);
        return new ClosedLoopCase(_initialState, _disturbances[..(periods * DisturbanceCount)], periods);
    }

    /// <summary>Value equality: the same numbers, bit for bit, and the same period count.</summary>
    /// <param name="other">Another case.</param>
    /// <returns>Whether they are equal.</returns>
    public bool Equals(ClosedLoopCase? other) =>
        other is not null && Periods == other.Periods && _initialState.AsSpan().SequenceEqual(other._initialState) && _disturbances.AsSpan().SequenceEqual(other._disturbances);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ClosedLoopCase);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Periods);
        foreach (double v in _initialState)
        {
            hash.Add(v);
        }

        foreach (double v in _disturbances)
        {
            hash.Add(v);
        }

        return hash.ToHashCode();
    }

    /// <summary>A compact text form: <c>x0 = (…), N periods, disturbances …</c> (round-trip digits).</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        string x0 = string.Join(", ", _initialState.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
        string w = _disturbances.Length == 0 ? "no disturbances" : $"disturbances [{string.Join(", ", _disturbances.Select(v => v.ToString("G6", CultureInfo.InvariantCulture)))}]";
        return $"x0 = ({x0}), {Periods} periods, {w}";
    }
}
