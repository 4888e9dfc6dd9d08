namespace Certus.Control.MadPinn;

/// <summary>How <see cref="MadPinnModel.EvaluateBatch"/> computes (and so how the deployed policy reads the value).</summary>
public enum MadPinnArithmetic
{
    /// <summary>
    /// Bit for bit <see cref="MadPinnModel.Evaluate"/>: blocked products in the reference's summation order and
    /// <see cref="Math.Sin"/> (the default). The policy's actions, and so every simulation, are those of the
    /// per-agent evaluation.
    /// </summary>
    Exact,

    /// <summary>
    /// Fused multiply-adds and a vectorized sine (<c>VectorSine</c>): a batch costs about a third of
    /// <see cref="Exact"/>'s, values and gradients within about 1e-14 of it. Not bit for bit: the closed loop
    /// amplifies such differences (see docs/madpinn.md), so a simulation's metrics differ from the exact run's as
    /// another seed's would.
    /// </summary>
    Fast,
}
