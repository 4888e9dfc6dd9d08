namespace Certus.Sim.ClosedLoop;

/// <summary>
/// How the plant's disturbances are chosen over a run: <see cref="NoDisturbance"/>, <see cref="ConstantDisturbance"/>
/// or <see cref="BoxDisturbance"/> (drawn per period). Like the control, a disturbance is held over each period.
/// </summary>
public abstract record DisturbanceModel
{
    private protected DisturbanceModel()
    {
    }

    /// <summary>No disturbances (the plant must have none).</summary>
    public static NoDisturbance None { get; } = new();

    /// <summary>Number of disturbance values per period this model gives.</summary>
    public abstract int Count { get; }

    /// <summary>Writes the disturbances of every period into <paramref name="destination"/>, period by period.</summary>
    /// <param name="random">The source for random models; ignored by deterministic ones.</param>
    /// <param name="destination"><c>periods · Count</c> values.</param>
    internal abstract void Draw(Random random, Span<double> destination);

    /// <summary>Whether the model draws random values (and so depends on a seed).</summary>
    internal abstract bool IsRandom { get; }

    /// <summary>The seed used when no random source is given.</summary>
    internal virtual int DefaultSeed => 0;
}
