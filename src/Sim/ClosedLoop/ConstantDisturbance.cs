using System.Globalization;

namespace Certus.Sim.ClosedLoop;

/// <summary>The same disturbance vector in every period.</summary>
public sealed record ConstantDisturbance : DisturbanceModel
{
    private readonly double[] _values;

    /// <summary>Creates the model.</summary>
    /// <param name="values">One finite value per plant disturbance (copied); at least one.</param>
    /// <exception cref="ArgumentException">Empty, or a value is not finite.</exception>
    public ConstantDisturbance(params IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException("A constant disturbance needs at least one value; use DisturbanceModel.None for none.", nameof(values));
        }

        _values = [.. values];
        for (int i = 0; i < _values.Length; i++)
        {
            if (!double.IsFinite(_values[i]))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Disturbance {i} is {_values[i]}; it must be finite."), nameof(values));
            }
        }
    }

    /// <summary>The disturbance vector.</summary>
    public IReadOnlyList<double> Values => _values;

    /// <inheritdoc/>
    public override int Count => _values.Length;

    internal override bool IsRandom => false;

    internal override void Draw(Random random, Span<double> destination)
    {
        for (int offset = 0; offset < destination.Length; offset += _values.Length)
        {
            _values.CopyTo(destination.Slice(offset, _values.Length));
        }
    }

    /// <summary>Equal when the values are equal.</summary>
    /// <param name="other">Another model.</param>
    /// <returns>Whether both hold the same values.</returns>
    public bool Equals(ConstantDisturbance? other) => other is not null && _values.AsSpan().SequenceEqual(other._values);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (double v in _values)
        {
            hash.Add(v);
        }

        return hash.ToHashCode();
    }
}
