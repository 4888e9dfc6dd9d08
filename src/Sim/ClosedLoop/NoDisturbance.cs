namespace Certus.Sim.ClosedLoop;

/// <summary>The plant has no disturbances. Use <see cref="DisturbanceModel.None"/>.</summary>
public sealed record NoDisturbance : DisturbanceModel
{
    /// <inheritdoc/>
    public override int Count => 0;

    internal override bool IsRandom => false;

    internal override void Draw(Random random, Span<double> destination)
    {
    }
}
