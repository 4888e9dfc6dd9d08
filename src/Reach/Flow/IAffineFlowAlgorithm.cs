using System.Diagnostics.CodeAnalysis;

namespace Certus.Reach.Flow;

/// <summary>A flow algorithm that also takes and returns sets in affine form (see <see cref="AffineFlowProblem"/>).</summary>
public interface IAffineFlowAlgorithm : IFlowAlgorithm
{
    /// <summary>Encloses the flow from an affine initial set, or reports why it cannot be validated.</summary>
    /// <param name="problem">The problem.</param>
    /// <param name="enclosure">The enclosure when validated.</param>
    /// <param name="failure">The reason and the partial tube when not.</param>
    /// <returns>Whether the whole period was validated.</returns>
    bool TryEnclose(AffineFlowProblem problem, [NotNullWhen(true)] out AffineFlowEnclosure? enclosure, [NotNullWhen(false)] out FlowFailure? failure);
}
