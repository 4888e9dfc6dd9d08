namespace Certus.Control.MadPinn;

/// <summary>The training recipe: collocation sampling, curriculum, pretraining, loss balancing and Adam.</summary>
/// <remarks>
/// Iteration i (0-based): for <c>i &lt; PretrainIterations</c> only the boundary loss at τ = 0 is minimized; afterwards
/// τ is sampled uniformly in <c>[0, T·min(1, (i − P + 1)/CurriculumIterations)]</c>, a fraction
/// <see cref="BoundaryFraction"/> of the points is moved to τ = 0 for the boundary loss, and the loss is
/// <c>L = mean|r| + λ mean|V − V₀|</c>, with λ re-balanced every <see cref="BalanceEvery"/> iterations to
/// <c>λ ← (1 − α) λ + α max|∇_θ L_r| / mean|∇_θ L_b|</c> (Wang, Teng, Perdikaris 2021).
/// </remarks>
public sealed record MadPinnTrainingOptions
{
    /// <summary>Adam iterations in all, pretraining included (default 3000).</summary>
    public int Iterations { get; init; } = 3000;

    /// <summary>Boundary-only pretraining iterations (default 300).</summary>
    public int PretrainIterations { get; init; } = 300;

    /// <summary>Iterations over which the sampled horizon widens linearly to T (default 1500).</summary>
    public int CurriculumIterations { get; init; } = 1500;

    /// <summary>Collocation points per iteration (default 8192).</summary>
    public int Points { get; init; } = 8192;

    /// <summary>The fraction of points placed at τ = 0 for the boundary loss (default 0.25).</summary>
    public double BoundaryFraction { get; init; } = 0.25;

    /// <summary>The fraction of neighbour offsets drawn in the disc of radius 3R around the ego, where collisions are decided (default 0.3).</summary>
    public double NearFraction { get; init; } = 0.3;

    /// <summary>Adam's learning rate (default 2e-4).</summary>
    public double LearningRate { get; init; } = 2e-4;

    /// <summary>The multiplicative learning-rate decay applied every 1000 iterations (default 0.7).</summary>
    public double LearningRateDecay { get; init; } = 0.7;

    /// <summary>The initial boundary-loss weight λ (default 1).</summary>
    public double BoundaryWeight { get; init; } = 1;

    /// <summary>How often λ is re-balanced by gradient ratios (default every 100 iterations; 0 keeps λ fixed).</summary>
    public int BalanceEvery { get; init; } = 100;

    /// <summary>The moving-average factor α of the re-balancing (default 0.1).</summary>
    public double BalanceRate { get; init; } = 0.1;

    /// <summary>The largest λ (default 100).</summary>
    public double MaxBoundaryWeight { get; init; } = 100;

    /// <summary>How often a checkpoint is written (default every 500 iterations; 0: only at the end).</summary>
    public int CheckpointEvery { get; init; } = 500;

    /// <summary>How often a loss row is recorded (default every 10 iterations).</summary>
    public int LogEvery { get; init; } = 10;

    /// <summary>The random seed (default 1).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Torch threads (default 0: TorchSharp's choice).</summary>
    public int Threads { get; init; }

    /// <summary>Checks the fields.</summary>
    /// <exception cref="ArgumentException">A field is out of range.</exception>
    public void Validate()
    {
        Check(Iterations >= 1, $"iterations must be at least 1, got {Iterations}");
        Check(PretrainIterations >= 0, $"pretrain_iterations must be non-negative, got {PretrainIterations}");
        Check(CurriculumIterations >= 1, $"curriculum_iterations must be at least 1, got {CurriculumIterations}");
        Check(Points is >= 16 and <= 1_000_000, $"points must be 16 to 1000000, got {Points}");
        Check(BoundaryFraction is > 0 and < 1, $"boundary_fraction must be in (0, 1), got {BoundaryFraction}");
        Check(NearFraction is >= 0 and <= 1, $"near_fraction must be in [0, 1], got {NearFraction}");
        Check(LearningRate > 0 && LearningRate < 1, $"learning_rate must be in (0, 1), got {LearningRate}");
        Check(LearningRateDecay is > 0 and <= 1, $"learning_rate_decay must be in (0, 1], got {LearningRateDecay}");
        Check(BoundaryWeight > 0 && double.IsFinite(BoundaryWeight), $"boundary_weight must be positive, got {BoundaryWeight}");
        Check(BalanceEvery >= 0 && CheckpointEvery >= 0 && LogEvery >= 1, "balance_every and checkpoint_every must be non-negative, log_every positive");
        Check(BalanceRate is > 0 and <= 1, $"balance_rate must be in (0, 1], got {BalanceRate}");
        Check(MaxBoundaryWeight >= BoundaryWeight, $"max_boundary_weight must be at least boundary_weight, got {MaxBoundaryWeight}");
        Check(Threads >= 0, $"threads must be non-negative, got {Threads}");
    }

    private static void Check(bool ok, string message)
    {
        if (!ok)
        {
            throw new ArgumentException("training: " + message + ".");
        }
    }
}
