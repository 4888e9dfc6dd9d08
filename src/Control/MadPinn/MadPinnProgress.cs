namespace Certus.Control.MadPinn;

/// <summary>One row of the training log (also reported as progress).</summary>
/// <param name="Iteration">Iterations done.</param>
/// <param name="Total">Iterations planned.</param>
/// <param name="Seconds">Wall-clock seconds since the run (all sessions) started.</param>
/// <param name="Pretraining">Whether this is the boundary-only phase.</param>
/// <param name="ResidualLoss">Mean |residual| of the variational inequality (NaN while pretraining).</param>
/// <param name="BoundaryLoss">Mean |V − V₀| at τ = 0.</param>
/// <param name="BoundaryWeight">λ.</param>
/// <param name="LearningRate">Adam's learning rate.</param>
/// <param name="SampledHorizon">The largest τ sampled (the curriculum).</param>
public readonly record struct MadPinnProgress(int Iteration, int Total, double Seconds, bool Pretraining, double ResidualLoss, double BoundaryLoss, double BoundaryWeight, double LearningRate, double SampledHorizon);
