using System.Globalization;
using Certus.Core.Systems;

namespace Certus.Sim.Integration;

/// <summary>
/// The adaptive Dormand-Prince 5(4) method (Hairer's DOPRI5): fifth-order solution, embedded fourth-order error
/// estimate, first-same-as-last stages, and the standard fourth-order continuous extension (dense output).
/// </summary>
/// <remarks>A step is accepted when the scaled RMS error
/// <c>sqrt(mean((e_i / (AbsoluteTolerance + RelativeTolerance·max(|y_i|, |y_new_i|)))²)) ≤ 1</c>; the next step is
/// <c>h·min(MaxScale, max(MinScale, Safety·err^(−1/5)))</c>, never larger after a rejection, clamped to
/// <see cref="MaxStep"/>. An integrator carries its last step proposal from one call to the next until it is reset.</remarks>
public sealed record DormandPrince45 : IntegrationMethod
{
    /// <summary>Absolute tolerance per component (default 1e-8); non-negative, and positive if <see cref="RelativeTolerance"/> is 0.</summary>
    public double AbsoluteTolerance { get; init; } = 1e-8;

    /// <summary>Relative tolerance per component (default 1e-8); non-negative.</summary>
    public double RelativeTolerance { get; init; } = 1e-8;

    /// <summary>The first step (default <see langword="null"/>: Hairer's heuristic from the first two derivatives).</summary>
    public double? InitialStep { get; init; }

    /// <summary>Smallest step before the integration fails (default 0: only the floating-point limit of a few ulps of t).</summary>
    public double MinStep { get; init; }

    /// <summary>Largest step (default +∞).</summary>
    public double MaxStep { get; init; } = double.PositiveInfinity;

    /// <summary>Safety factor of the step-size controller (default 0.9; in (0, 1]).</summary>
    public double Safety { get; init; } = 0.9;

    /// <summary>Smallest factor by which a step may shrink (default 0.2; in (0, 1]).</summary>
    public double MinScale { get; init; } = 0.2;

    /// <summary>Largest factor by which a step may grow (default 10; at least 1).</summary>
    public double MaxScale { get; init; } = 10;

    /// <summary>Most steps (accepted plus rejected) in one call before it fails (default 100 000; at least 1).</summary>
    public int MaxSteps { get; init; } = 100_000;

    /// <inheritdoc/>
    public override void Validate()
    {
        Check(AbsoluteTolerance >= 0 && double.IsFinite(AbsoluteTolerance), nameof(AbsoluteTolerance), AbsoluteTolerance, "non-negative and finite");
        Check(RelativeTolerance >= 0 && double.IsFinite(RelativeTolerance), nameof(RelativeTolerance), RelativeTolerance, "non-negative and finite");
        Check(AbsoluteTolerance > 0 || RelativeTolerance > 0, nameof(AbsoluteTolerance), AbsoluteTolerance, "positive when RelativeTolerance is 0");
        if (InitialStep is { } h0)
        {
            Check(h0 > 0 && double.IsFinite(h0), nameof(InitialStep), h0, "positive and finite");
        }

        Check(MinStep >= 0 && double.IsFinite(MinStep), nameof(MinStep), MinStep, "non-negative and finite");
        Check(MaxStep > 0 && MaxStep >= MinStep, nameof(MaxStep), MaxStep, "positive and at least MinStep");
        Check(Safety > 0 && Safety <= 1, nameof(Safety), Safety, "in (0, 1]");
        Check(MinScale > 0 && MinScale <= 1, nameof(MinScale), MinScale, "in (0, 1]");
        Check(MaxScale >= 1 && double.IsFinite(MaxScale), nameof(MaxScale), MaxScale, "at least 1 and finite");
        Check(MaxSteps >= 1, nameof(MaxSteps), MaxSteps, "at least 1");
    }

    private static void Check(bool ok, string name, double value, string requirement)
    {
        if (!ok)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"DormandPrince45.{name} must be {requirement}, got {value}."), name);
        }
    }

    /// <inheritdoc/>
    private protected override OdeIntegrator CreateCore(VectorField field, int stateCount, int inputCount) =>
        new DormandPrince45Integrator(this, field, stateCount, inputCount);
}
