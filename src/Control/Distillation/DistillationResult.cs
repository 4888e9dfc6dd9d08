using Certus.Core.Networks;

namespace Certus.Control.Distillation;

/// <summary>What a distillation run produced: the student network (the float64 weights as trained) and its imitation errors.</summary>
/// <param name="Network">The student: <see cref="DistilledLayout.InputSize"/> inputs, the hidden layers, 2 tanh outputs.</param>
/// <param name="Untrained">The initial network's errors on the validation set (the baseline).</param>
/// <param name="Train">The errors on the training set.</param>
/// <param name="Validation">The errors on the validation set.</param>
/// <param name="Losses">The logged steps.</param>
/// <param name="Seconds">Training time (the dataset not included).</param>
/// <param name="TrainSamples">Samples trained on.</param>
/// <param name="ValidationSamples">Samples held out.</param>
/// <param name="Options">The recipe.</param>
public sealed record DistillationResult(
    FeedForwardNetwork Network,
    DistillationMetrics Untrained,
    DistillationMetrics Train,
    DistillationMetrics Validation,
    IReadOnlyList<DistillationProgress> Losses,
    double Seconds,
    int TrainSamples,
    int ValidationSamples,
    DistillationOptions Options);
