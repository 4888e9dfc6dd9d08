using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Certus.Reach.Flow;

/// <summary>
/// A validated enclosure of the ODE flow over one period by the interval Taylor method with an a-priori enclosure,
/// the mean-value form and Lohner's QR method (Moore 1966; Lohner 1987; Nedialkov, Jackson and Corliss 1999; the
/// doubleton set of CAPD, Wilczak and Zgliczyński). The options are the record's properties, with documented defaults:
/// <c>new IntervalTaylorFlow { Order = 5, Steps = 10 }</c>.
/// </summary>
/// <remarks>
/// <para>The held inputs <c>v</c> are appended to the state as <c>z = (x, v)</c> with <c>v' = 0</c>, so that the mean-value
/// form keeps their correlation with the states. Each step over <c>[t, t + h]</c>, from a box <c>Z_t</c> that contains
/// every state at <c>t</c>:</para>
/// <list type="number">
/// <item><b>A-priori enclosure</b> (existence and a rough bound). Picard iteration with ε-inflation: starting from
/// <c>Z_t + [0, h] F(Z_t)</c>, a candidate <c>B</c> is widened by <see cref="RelativeInflation"/> times its width plus
/// <see cref="AbsoluteInflation"/> and replaced by <c>Z_t + [0, h] F(B)</c> until that lies in the interior of the widened
/// candidate; then every solution exists on the step and stays in <c>B</c> (Picard–Lindelöf), and <c>B</c> is tightened by
/// two more Picard sweeps. After <see cref="MaxInflationIterations"/> failed widenings the step is halved; below
/// <see cref="MinStep"/> the run fails (a <see cref="FlowFailure"/>, never an unsound set).</item>
/// <item><b>Taylor expansion</b>. The coefficients <c>z_k</c> of the solution come from Taylor-mode arithmetic
/// (<see cref="IntervalTaylorArithmetic"/>) and <c>z_{k+1} = f_k / (k + 1)</c>; with <c>K = </c><see cref="Order"/>,
/// <c>x(t + τ) ∈ Σ_{k&lt;K} z_k(Z_t) τ^k + τ^K z_K(B)</c> (Lagrange remainder over the a-priori box, time in the step).</item>
/// <item><b>Wrapping control</b> (<see cref="Form"/>). The mean-value form encloses the Taylor polynomial <c>T</c> as
/// <c>T(ẑ) + DT(Z_t)(z − ẑ)</c>, with <c>DT = Σ J_k τ^k</c> from the Taylor coefficients of the variational equation
/// <c>J' = Df(z) J</c> (symbolic Jacobian from <see cref="Core.Expressions.Differentiator"/>, evaluated in Taylor
/// arithmetic). Lohner's method keeps <c>z ∈ ẑ + A r</c> with an orthogonal frame <c>A</c> from a QR decomposition and
/// a verified enclosure of <c>A⁻¹</c>; the doubleton (the default) keeps <c>z ∈ ẑ + C r₀ + A r</c>, the initial set
/// <c>r₀</c> apart. The results are intersected with the direct enclosure (see <see cref="TaylorEnclosureForm"/>).</item>
/// <item><b>Tube</b>. The segment of the step is the same expansion with <c>τ ∈ [0, h]</c>, intersected with <c>B</c>.</item>
/// </list>
/// <para>Every bound is an outward-rounded <see cref="Core.Numerics.Interval"/> operation. Doubles only choose step
/// lengths, the expansion point <c>ẑ</c> and the frame <c>A</c>, which do not affect soundness. A right-hand side that
/// is undefined or not smooth on a box (a division by an interval containing 0, |x| with a kink inside) makes the step
/// fail and be retried shorter, and finally the run fail with the reason.</para>
/// </remarks>
public sealed record IntervalTaylorFlow : IAffineFlowAlgorithm
{
    /// <summary>The Taylor order <c>K</c>: the polynomial has the terms of orders 0 to K − 1 and the remainder is of
    /// order K (default 5, at least 1).</summary>
    public int Order { get; init; } = 5;

    /// <summary>Steps per period (default 10): the fixed step count, or the first step's fraction of the period in
    /// adaptive mode. At least 1.</summary>
    public int Steps { get; init; } = 10;

    /// <summary>How steps are chosen (default <see cref="StepSizeControl.Fixed"/>).</summary>
    public StepSizeControl StepControl { get; init; } = StepSizeControl.Fixed;

    /// <summary>In adaptive mode, the largest accepted width of a step's Taylor remainder, in state units (default 1e-6).</summary>
    public double RemainderTolerance { get; init; } = 1e-6;

    /// <summary>The enclosure form (default <see cref="TaylorEnclosureForm.Doubleton"/>; <see cref="TaylorEnclosureForm.Direct"/>
    /// is the plain interval Taylor reference).</summary>
    public TaylorEnclosureForm Form { get; init; } = TaylorEnclosureForm.Doubleton;

    /// <summary>Failed widenings of the a-priori candidate before the step is halved (default 20, at least 1).</summary>
    public int MaxInflationIterations { get; init; } = 20;

    /// <summary>Relative widening of the a-priori candidate per iteration, as a fraction of each component's width
    /// (default 0.1, non-negative).</summary>
    public double RelativeInflation { get; init; } = 0.1;

    /// <summary>Absolute widening of the a-priori candidate per iteration (default 1e-10, positive, so that components of
    /// zero width can be validated).</summary>
    public double AbsoluteInflation { get; init; } = 1e-10;

    /// <summary>The shortest step tried before the run fails (default 1e-9, positive).</summary>
    public double MinStep { get; init; } = 1e-9;

    /// <summary>The most accepted steps in one period before the run fails (default 10,000).</summary>
    public int MaxSteps { get; init; } = 10_000;

    /// <inheritdoc/>
    public string Name => string.Create(CultureInfo.InvariantCulture,
        $"taylor({Form.ToString().ToLowerInvariant()}, order {Order}, {(StepControl == StepSizeControl.Fixed ? $"{Steps} steps" : $"adaptive {RemainderTolerance:G3}")})");

    /// <inheritdoc/>
    public FlowEnclosure Enclose(FlowProblem problem)
    {
        if (TryEnclose(problem, out FlowEnclosure? enclosure, out FlowFailure? failure))
        {
            return enclosure;
        }

        throw new FlowValidationException(failure);
    }

    /// <inheritdoc/>
    public bool TryEnclose(FlowProblem problem, [NotNullWhen(true)] out FlowEnclosure? enclosure, [NotNullWhen(false)] out FlowFailure? failure)
    {
        ArgumentNullException.ThrowIfNull(problem);
        Validate();
        return new IntervalTaylorEngine(this, problem).Run(out enclosure, out failure);
    }

    /// <inheritdoc/>
    /// <remarks>The doubleton form starts from <c>ẑ + C r₀</c> with <c>C</c> the set's generators and <c>r₀</c> its
    /// domain, so the end set keeps the initial coordinates; the other forms start from the box hull and return the
    /// Lohner parallelepiped or the end box in affine form.</remarks>
    public bool TryEnclose(AffineFlowProblem problem, [NotNullWhen(true)] out AffineFlowEnclosure? enclosure, [NotNullWhen(false)] out FlowFailure? failure)
    {
        ArgumentNullException.ThrowIfNull(problem);
        Validate();
        var engine = new IntervalTaylorEngine(this, problem.Hull, problem.Initial);
        if (engine.Run(out FlowEnclosure? box, out FlowFailure? failed) && box is not null && engine.EndSet is not null)
        {
            enclosure = new AffineFlowEnclosure(problem, box, engine.EndSet);
            failure = null;
            return true;
        }

        enclosure = null;
        failure = failed ?? throw new InvalidOperationException("Internal error: the flow engine reported neither an enclosure nor a failure.");
        return false;
    }

    private void Validate()
    {
        var problems = new List<string>();
        if (Order < 1)
        {
            problems.Add($"Order must be at least 1 (got {Order})");
        }

        if (Steps < 1)
        {
            problems.Add($"Steps must be at least 1 (got {Steps})");
        }

        if (!(RemainderTolerance > 0) || double.IsPositiveInfinity(RemainderTolerance))
        {
            problems.Add($"RemainderTolerance must be positive and finite (got {RemainderTolerance})");
        }

        if (MaxInflationIterations < 1)
        {
            problems.Add($"MaxInflationIterations must be at least 1 (got {MaxInflationIterations})");
        }

        if (!(RelativeInflation >= 0) || !double.IsFinite(RelativeInflation))
        {
            problems.Add($"RelativeInflation must be finite and non-negative (got {RelativeInflation})");
        }

        if (!(AbsoluteInflation > 0) || !double.IsFinite(AbsoluteInflation))
        {
            problems.Add($"AbsoluteInflation must be finite and positive (got {AbsoluteInflation})");
        }

        if (!(MinStep > 0) || !double.IsFinite(MinStep))
        {
            problems.Add($"MinStep must be finite and positive (got {MinStep})");
        }

        if (MaxSteps < 1)
        {
            problems.Add($"MaxSteps must be at least 1 (got {MaxSteps})");
        }

        if (!Enum.IsDefined(Form) || !Enum.IsDefined(StepControl))
        {
            problems.Add($"Form and StepControl must be defined values (got {Form} and {StepControl})");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException($"Invalid {nameof(IntervalTaylorFlow)} options: {string.Join("; ", problems)}.");
        }
    }
}
