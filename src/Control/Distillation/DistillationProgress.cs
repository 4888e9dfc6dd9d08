namespace Certus.Control.Distillation;

/// <summary>One logged step of a distillation run.</summary>
/// <param name="Iteration">Steps done.</param>
/// <param name="Total">Steps in all.</param>
/// <param name="Seconds">Training time so far.</param>
/// <param name="TrainLoss">The weighted MSE of the step's batch.</param>
/// <param name="ValidationLoss">The weighted MSE on the validation set.</param>
/// <param name="LearningRate">The learning rate of the step.</param>
public sealed record DistillationProgress(int Iteration, int Total, double Seconds, double TrainLoss, double ValidationLoss, double LearningRate);
