using System.Globalization;

namespace Certus.Control.Distillation;

/// <summary>How <see cref="DistillationDataset"/> samples the states it asks the teacher about; every default is documented on its property.</summary>
public sealed record DistillationDatasetOptions
{
    /// <summary>The number of labelled states (default 20000).</summary>
    public int Samples { get; init; } = 20000;

    /// <summary>
    /// The fraction of states with one neighbour near contact, at a distance uniform in <c>[R, 3R]</c> from the ego
    /// (R the teacher's safety radius; default 0.3). The others have their neighbours uniform in the sensing disc.
    /// </summary>
    public double NearFraction { get; init; } = 0.3;

    /// <summary>
    /// The fraction of states whose K slots are all filled (default 0.7); the others have 0 to K − 1 neighbours,
    /// uniformly, and dummies in the empty slots.
    /// </summary>
    public double FullFraction { get; init; } = 0.7;

    /// <summary>
    /// The fraction of goal offsets drawn beyond the teacher's goal box, at a length uniform in
    /// <c>[GoalRange, 2 GoalRange]</c> (default 0.1): the layout and the teacher both shorten them to GoalRange, so the
    /// student sees the shortened offsets that deployment shows it far from the goal.
    /// </summary>
    public double BeyondGoalFraction { get; init; } = 0.1;

    /// <summary>The closest two agents' centres may be in a sampled state, as a multiple of the agent radius (default 2: bodies touching, not overlapping).</summary>
    public double MinimumSeparation { get; init; } = 2;

    /// <summary>The weight added near contact, <c>a</c> in <c>w = 1 + a · exp(−max(0, d_min − R) / s)</c> (default 4).</summary>
    public double WeightAmplitude { get; init; } = 4;

    /// <summary>The length scale <c>s</c> of the weight (default 0.1, in the agents' length unit).</summary>
    public double WeightLength { get; init; } = 0.1;

    /// <summary>The seed of the sampler (default 1); the same seed gives the same dataset, bit for bit.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Cores for the teacher's network calls (default 1; 0: all).</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Checks the fields.</summary>
    /// <exception cref="ArgumentException">A field is out of range; the message names it.</exception>
    public void Validate()
    {
        Check(Samples is >= 10 and <= 10_000_000, $"samples must be 10 to 10000000, got {Samples}");
        Check(NearFraction is >= 0 and <= 1, $"near_fraction must be in [0, 1], got {NearFraction}");
        Check(FullFraction is >= 0 and <= 1, $"full_fraction must be in [0, 1], got {FullFraction}");
        Check(BeyondGoalFraction is >= 0 and <= 1, $"beyond_goal_fraction must be in [0, 1], got {BeyondGoalFraction}");
        Check(MinimumSeparation >= 0 && double.IsFinite(MinimumSeparation), $"minimum_separation must be finite and non-negative, got {MinimumSeparation}");
        Check(WeightAmplitude >= 0 && double.IsFinite(WeightAmplitude), $"weight_amplitude must be finite and non-negative, got {WeightAmplitude}");
        Check(WeightLength > 0 && double.IsFinite(WeightLength), $"weight_length must be positive, got {WeightLength}");
        Check(Threads is >= 0 and <= 256, $"threads must be 0 to 256, got {Threads}");
    }

    private static void Check(bool ok, string message)
    {
        if (!ok)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"distillation dataset: {message}"));
        }
    }
}
