using System.Diagnostics.CodeAnalysis;

namespace Certus.Reach.Flow;

/// <summary>
/// An algorithm that encloses the flow of an ODE plant over one period, soundly: for every initial state and every
/// held input of the problem, the true solution lies in the end box at the end time and in the tube in between.
/// When it cannot prove that, it says so (a <see cref="FlowFailure"/>) and never returns an unsound set.
/// </summary>
public interface IFlowAlgorithm
{
    /// <summary>A short name for reports, with the main options.</summary>
    string Name { get; }

    /// <summary>Encloses the flow, or throws when it cannot be validated.</summary>
    /// <param name="problem">The problem.</param>
    /// <returns>The enclosure.</returns>
    /// <exception cref="FlowValidationException">The flow could not be validated over the whole period; the
    /// exception carries the <see cref="FlowFailure"/>.</exception>
    FlowEnclosure Enclose(FlowProblem problem);

    /// <summary>Encloses the flow, or reports why it cannot be validated.</summary>
    /// <param name="problem">The problem.</param>
    /// <param name="enclosure">The enclosure when validated.</param>
    /// <param name="failure">The reason and the partial tube when not.</param>
    /// <returns>Whether the whole period was validated.</returns>
    bool TryEnclose(FlowProblem problem, [NotNullWhen(true)] out FlowEnclosure? enclosure, [NotNullWhen(false)] out FlowFailure? failure);
}
