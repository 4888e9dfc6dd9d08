namespace Certus.Control.MadPinn;

/// <summary>Per-run settings of <c>Certus.Training.MadPinnTrainer.Train</c> that are not part of the recipe.</summary>
public sealed record MadPinnTrainingRun
{
    /// <summary>Where checkpoints (and the final model) are written; null: nowhere.</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>A model to continue from (its problem and network must match the configuration); null: a fresh start.</summary>
    public MadPinnModel? Resume { get; init; }

    /// <summary>Progress, reported every <see cref="MadPinnTrainingOptions.LogEvery"/> iterations.</summary>
    public IProgress<MadPinnProgress>? Progress { get; init; }
}
