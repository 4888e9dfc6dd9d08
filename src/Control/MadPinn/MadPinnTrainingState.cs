namespace Certus.Control.MadPinn;

/// <summary>Where a training run stands: stored with every checkpoint so that a run can resume.</summary>
/// <param name="Iteration">Iterations done.</param>
/// <param name="BoundaryWeight">The current boundary-loss weight λ.</param>
/// <param name="Seconds">Wall-clock seconds spent training so far (all sessions).</param>
/// <param name="ResidualLoss">The last recorded mean |residual| (NaN before the residual phase).</param>
/// <param name="BoundaryLoss">The last recorded mean boundary error.</param>
public sealed record MadPinnTrainingState(int Iteration, double BoundaryWeight, double Seconds, double ResidualLoss, double BoundaryLoss);
