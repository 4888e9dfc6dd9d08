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
    public static AffineEnclosure Affine(FeedForwardNetwork network, Box input)
    {
        NetworkChecks.Check(network, input);
        return new BackSubstitution(network, input).Affine();
    }
}
