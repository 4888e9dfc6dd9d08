namespace Certus.Control.MadPinn;

/// <summary>What a training run produced.</summary>
/// <param name="Model">The trained model (also written to the checkpoint path if one was given).</param>
/// <param name="Losses">The loss rows recorded (every <see cref="MadPinnTrainingOptions.LogEvery"/> iterations, this session only).</param>
/// <param name="SessionSeconds">Wall-clock seconds of this session.</param>
/// <param name="Config">The configuration it ran.</param>
public sealed record MadPinnTrainingResult(MadPinnModel Model, IReadOnlyList<MadPinnProgress> Losses, double SessionSeconds, MadPinnConfig Config);
