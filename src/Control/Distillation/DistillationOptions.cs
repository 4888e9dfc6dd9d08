using System.Globalization;
using Certus.Core.Networks;

namespace Certus.Control.Distillation;

/// <summary>
/// The student network and its training recipe for <c>Certus.Training.Distiller</c>: an MLP of
/// <see cref="HiddenLayers"/> × <see cref="Width"/> units (<see cref="Activation"/>) and a tanh output layer, trained
/// in float64 with Adam on the weighted mean squared error between its outputs and the teacher's scaled controls.
/// Every default is documented on its property.
/// </summary>
public sealed record DistillationOptions
{
    /// <summary>How the states are sampled and weighted.</summary>
    public DistillationDatasetOptions Dataset { get; init; } = new();

    /// <summary>Hidden layers (default 2).</summary>
    public int HiddenLayers { get; init; } = 2;

    /// <summary>Units per hidden layer (default 32).</summary>
    public int Width { get; init; } = 32;

    /// <summary>The hidden layers' activation (default tanh; relu and leaky relu give piecewise-linear networks).</summary>
    public Activation Activation { get; init; } = Activation.Tanh;

    /// <summary>Adam steps (default 3000).</summary>
    public int Iterations { get; init; } = 3000;

    /// <summary>Adam's learning rate (default 3e-3), decayed by <see cref="LearningRateDecay"/> every 1000 steps.</summary>
    public double LearningRate { get; init; } = 3e-3;

    /// <summary>The factor on the learning rate every 1000 steps (default 0.5).</summary>
    public double LearningRateDecay { get; init; } = 0.5;

    /// <summary>Samples per step (default 0: the whole training set, full-batch).</summary>
    public int BatchSize { get; init; }

    /// <summary>The fraction of the dataset held out for validation (default 0.2).</summary>
    public double ValidationFraction { get; init; } = 0.2;

    /// <summary>The seed of the initial weights, the split and the batches (default 1).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>A loss row every this many steps (default 10).</summary>
    public int LogEvery { get; init; } = 10;

    /// <summary>Torch CPU threads (default 1; 0: torch's default).</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Checks the fields.</summary>
    /// <exception cref="ArgumentException">A field is out of range; the message names it.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Dataset);
        Dataset.Validate();
        Check(HiddenLayers is >= 1 and <= 8, $"hidden_layers must be 1 to 8, got {HiddenLayers}");
        Check(Width is >= 2 and <= 1024, $"width must be 2 to 1024, got {Width}");
        Check(Activation is not Activation.Identity, "the hidden activation must be tanh, relu, leaky_relu or sigmoid");
        Check(Iterations is >= 1 and <= 10_000_000, $"iterations must be 1 to 10000000, got {Iterations}");
        Check(LearningRate > 0 && double.IsFinite(LearningRate), $"learning_rate must be positive, got {LearningRate}");
        Check(LearningRateDecay > 0 && LearningRateDecay <= 1, $"learning_rate_decay must be in (0, 1], got {LearningRateDecay}");
        Check(BatchSize >= 0, $"batch_size must be 0 (full batch) or positive, got {BatchSize}");
        Check(ValidationFraction > 0 && ValidationFraction < 1, $"validation_fraction must be in (0, 1), got {ValidationFraction}");
        Check(LogEvery >= 1, $"log_every must be at least 1, got {LogEvery}");
        Check(Threads is >= 0 and <= 256, $"threads must be 0 to 256, got {Threads}");
    }

    private static void Check(bool ok, string message)
    {
        if (!ok)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"distillation: {message}"));
        }
    }
}
