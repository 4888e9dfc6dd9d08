using Certus.Core.Networks;
using Certus.Core.Sets;

namespace Certus.Reach.Networks;

/// <summary>
/// An algorithm that bounds the outputs of a feed-forward network over a box of inputs, soundly: for every input in
/// the box, every output lies in the returned box (normalisation and output scaling included).
/// </summary>
public interface INetworkBoundAlgorithm
{
    /// <summary>A short name for reports (e.g. <c>interval</c>, <c>crown</c>, <c>seed(interval)</c>).</summary>
    string Name { get; }

    /// <summary>Bounds the network outputs over an input box.</summary>
    /// <param name="network">The network.</param>
    /// <param name="input">A box of <see cref="FeedForwardNetwork.InputSize"/> dimensions.</param>
    /// <returns>The output box with statistics.</returns>
    NetworkBoundResult Bound(FeedForwardNetwork network, Box input);
}

/// <summary>The result of bounding a network over a box.</summary>
/// <param name="Output">A box containing every output of the network over the input box.</param>
/// <param name="Cells">How many input cells were bounded (1 without partitioning).</param>
/// <param name="Algorithm">The algorithm that produced it, with its options.</param>
/// <param name="Elapsed">Wall-clock time.</param>
public sealed record NetworkBoundResult(Box Output, int Cells, INetworkBoundAlgorithm Algorithm, TimeSpan Elapsed);
