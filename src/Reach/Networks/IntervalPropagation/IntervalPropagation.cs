using System.Diagnostics;
using Certus.Core.Networks;
using Certus.Core.Numerics;
using Certus.Core.Sets;

namespace Certus.Reach.Networks;

/// <summary>
/// Interval bound propagation: the input box goes through each affine map and monotone activation in sound
/// outward-rounded arithmetic. Fast and loose; the building block of the seed paper's method.
/// </summary>
public sealed record IntervalPropagation : INetworkBoundAlgorithm
{
    /// <inheritdoc/>
    public string Name => "interval";

    /// <inheritdoc/>
    public NetworkBoundResult Bound(FeedForwardNetwork network, Box input)
    {
        NetworkChecks.Check(network, input);
        long start = Stopwatch.GetTimestamp();
        Box output = BoundCore(network, input);
        return new NetworkBoundResult(output, 1, this, Stopwatch.GetElapsedTime(start));
    }

    /// <summary>Bounds without timing or checks (for inner loops that already validated).</summary>
    internal static Box BoundCore(FeedForwardNetwork network, Box input)
    {
        int width = network.MaxWidth;
        Span<double> aLo = stackalloc double[width], aHi = stackalloc double[width];
        Span<double> bLo = stackalloc double[width], bHi = stackalloc double[width];
        Span<double> outLo = stackalloc double[network.OutputSize], outHi = stackalloc double[network.OutputSize];
        BoundInto(network, input, aLo, aHi, bLo, bHi, outLo, outHi);
        var result = new Interval[network.OutputSize];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = SoundLinearAlgebra.ScaleOutput(network, i, new Interval(outLo[i], outHi[i]));
        }

        return new Box(result);
    }

    /// <summary>Raw (unscaled) output bounds into caller-provided scratch; also returns the pre-activation bounds per layer if asked.</summary>
    internal static void BoundInto(
        FeedForwardNetwork network, Box input, Span<double> aLo, Span<double> aHi, Span<double> bLo, Span<double> bHi, Span<double> outLo, Span<double> outHi,
        List<(double[] Lo, double[] Hi)>? preActivations = null)
    {
        int n = network.InputSize;
        SoundLinearAlgebra.NormalizeInput(network, input, aLo[..n], aHi[..n]);
        Span<double> curLo = aLo[..n], curHi = aHi[..n];
        bool inA = true;
        foreach (DenseLayer layer in network.Layers)
        {
            Span<double> nLo = (inA ? bLo : aLo)[..layer.OutputSize];
            Span<double> nHi = (inA ? bHi : aHi)[..layer.OutputSize];
            SoundLinearAlgebra.Affine(layer, curLo, curHi, nLo, nHi);
            preActivations?.Add((nLo.ToArray(), nHi.ToArray()));
            SoundLinearAlgebra.Activate(layer.Activation, layer.LeakySlope, nLo, nHi);
            curLo = nLo;
            curHi = nHi;
            inA = !inA;
        }

        curLo.CopyTo(outLo);
        curHi.CopyTo(outHi);
    }
}
