using System.Diagnostics;
using Certus.Core.Networks;
using Certus.Core.Sets;

namespace Certus.Reach.Networks;

/// <summary>
/// Linear relaxation bounds in the style of CROWN / DeepPoly: every activation is enclosed between two lines on its
/// pre-activation interval, and each neuron's bound is found by back-substitution to the input box. The result is
/// never looser than interval propagation (both are computed and intersected at every layer).
/// </summary>
/// <remarks>
/// Coefficients are carried as doubles, a whole layer of neurons at a time, and every rounding is accounted for by an
/// a-priori error bound added to each bound's constant (the argument is in the remarks of the internal engine,
/// <c>BackSubstitution</c>). The slower interval-coefficient implementation (<c>IntervalBackSubstitution</c>) is kept
/// as the reference that tests compare against, and is used where the fast engine's preconditions fail (unbounded
/// interval bounds).
/// </remarks>
public sealed record LinearRelaxation : INetworkBoundAlgorithm
{
    /// <inheritdoc/>
    public string Name => "crown";

    /// <inheritdoc/>
    public NetworkBoundResult Bound(FeedForwardNetwork network, Box input)
    {
        NetworkChecks.Check(network, input);
        long start = Stopwatch.GetTimestamp();
        var engine = new BackSubstitution(network, input);
        Box output = engine.OutputBox();
        return new NetworkBoundResult(output, 1, this, Stopwatch.GetElapsedTime(start));
    }

    /// <summary>
    /// The network outputs as affine functions of the input with an interval remainder: for every x in the box,
    /// output j lies in <c>Σ_i A[j][i]·x_i + Remainder[j]</c>. Keeps the dependence of the control on the state.
    /// </summary>
    /// <param name="network">The network.</param>
    /// <param name="input">The input box.</param>
    /// <returns>The affine enclosure.</returns>
    public static AffineEnclosure Affine(FeedForwardNetwork network, Box input) => Affine(network, input, parallel: true);

    /// <summary>An affine enclosure of the outputs over a box, choosing how unstable ReLUs are relaxed.</summary>
    /// <param name="network">The network.</param>
    /// <param name="input">The input box.</param>
    /// <param name="parallel">True (the default of <see cref="Affine(FeedForwardNetwork, Box)"/>): the lower line of an
    /// unstable ReLU is parallel to its upper chord, so the lower and upper bounds of every output differ by a constant
    /// and the enclosure's remainder is only that gap (DeepZ's choice; on ACC the closed loop's final set narrows by
    /// 12-40 % per ego state, on TORA 96 cells instead of 100). False: CROWN's 0-or-1 lower slope, better for a single
    /// output bound but not for an affine form.</param>
    /// <returns>The enclosure.</returns>
    public static AffineEnclosure Affine(FeedForwardNetwork network, Box input, bool parallel)
    {
        NetworkChecks.Check(network, input);
        return new BackSubstitution(network, input, null, parallel).Affine();
    }

    /// <summary>
    /// Branch-and-bound bounds of the last layer over the inputs of <paramref name="input"/> that satisfy ReLU split
    /// constraints, with optimised lower slopes (alpha-CROWN, the intermediate bounds kept at CROWN's).
    /// </summary>
    /// <param name="network">The network.</param>
    /// <param name="input">The input box.</param>
    /// <param name="phases">Per layer (null or shorter lists: no constraint), per neuron: +1 keeps the inputs where
    /// the neuron's pre-activation is ≥ 0 (active: the ReLU is the identity), −1 those where it is ≤ 0 (inactive: the
    /// ReLU outputs 0), 0 no constraint. Only ReLU layers other than the last may carry constraints.</param>
    /// <param name="slopeSteps">Projected-gradient steps of the lower slopes per row (0: CROWN's slopes). Every slope in
    /// [0, 1] gives a sound bound; the bound is certified with outward rounding whatever the steps found.</param>
    /// <returns>The bounds, the infeasibility flag, branching scores and a candidate corner.</returns>
    /// <exception cref="ArgumentException">The sizes do not match, the box is empty, or a constraint sits on a layer
    /// that is not a hidden ReLU layer.</exception>
    public static ReluSplitBound BoundWithSplits(FeedForwardNetwork network, Box input, IReadOnlyList<sbyte[]>? phases, int slopeSteps)
    {
        NetworkChecks.Check(network, input);
        ArgumentOutOfRangeException.ThrowIfNegative(slopeSteps);
        if (phases is not null)
        {
            for (int k = 0; k < phases.Count; k++)
            {
                bool any = phases[k] is { } p && Array.Exists(p, v => v != 0);
                if (any && (k >= network.Layers.Count - 1 || network.Layers[k].Activation != Activation.Relu || phases[k].Length != network.Layers[k].OutputSize))
                {
                    throw new ArgumentException($"Split constraints on layer {k} need a hidden ReLU layer and one entry per neuron.", nameof(phases));
                }
            }
        }

        var engine = new BackSubstitution(network, input, phases);
        (double[] lower, double[][] scores, double[] corner) = engine.Objective(slopeSteps);
        return new ReluSplitBound(engine.Infeasible, lower, engine.PreActivations, scores, corner, engine.UsesFastPath);
    }
}
