namespace Certus.Control.MadPinn;

/// <summary>Deployment settings of <see cref="MadPinnPolicy"/>; every default is documented on its property.</summary>
public sealed record MadPinnPolicyOptions
{
    /// <summary>The level δ of the budget search: the smallest z with <c>V(T, s, z) ≤ δ</c> (default 0.02).</summary>
    public double Delta { get; init; } = 0.02;

    /// <summary>Bisection steps on z (default 12: the budget range / 4096).</summary>
    public int BisectionSteps { get; init; } = 12;

    /// <summary>Neighbours farther than this are ignored (default 0: the scenario's sensing radius, capped at 0.9 L).</summary>
    public double NeighbourCutoff { get; init; }

    /// <summary>Whether a control component towards the goal is shortened so as not to overshoot it in one step (default true).</summary>
    public bool NoOvershoot { get; init; } = true;

    /// <summary>Cores for the batched network calls (default 0: all).</summary>
    public int MaxDegreeOfParallelism { get; init; }

    /// <summary>Checks the fields.</summary>
    /// <exception cref="ArgumentException">A field is out of range.</exception>
    public void Validate()
    {
        if (!double.IsFinite(Delta) || BisectionSteps is < 1 or > 60 || !(NeighbourCutoff >= 0) || !double.IsFinite(NeighbourCutoff))
        {
            throw new ArgumentException($"MAD-PINN policy options: delta must be finite (got {Delta}), bisection steps 1 to 60 (got {BisectionSteps}), the cutoff finite and non-negative (got {NeighbourCutoff}).");
        }
    }
}
