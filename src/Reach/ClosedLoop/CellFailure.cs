using Certus.Core.Expressions;
using Certus.Reach.Flow;

namespace Certus.Reach.ClosedLoop;

/// <summary>
/// Why the recursion stopped on a cell before the end of the horizon (the cell is then undecided, never wrong). The
/// splitter branches on the type; <see cref="Message"/> says it in words for reports.
/// </summary>
public abstract record CellFailure
{
    /// <summary>The failure in words.</summary>
    public abstract string Message { get; }

    /// <summary>Whether splitting the cell may help (false when the cell was never analysed).</summary>
    public virtual bool SplittingMayHelp => true;

    /// <summary>The message.</summary>
    /// <returns><see cref="Message"/>.</returns>
    public sealed override string ToString() => Message;
}

/// <summary>The cell was not analysed: the time budget ran out or the run was cancelled first.</summary>
/// <param name="Cancelled">True when cancelled, false when the time budget was exhausted.</param>
public sealed record CellNotAnalysed(bool Cancelled) : CellFailure
{
    /// <inheritdoc/>
    public override string Message => Cancelled ? "cancelled" : "time budget exhausted before this cell was analysed";

    /// <inheritdoc/>
    public override bool SplittingMayHelp => false;
}

/// <summary>The time budget ran out (or the run was cancelled) while the cell was being analysed, at a period boundary.</summary>
/// <param name="Period">The 1-based period that was not started.</param>
/// <param name="Cancelled">True when cancelled, false when the time budget was exhausted.</param>
public sealed record CellInterrupted(int Period, bool Cancelled) : CellFailure
{
    /// <inheritdoc/>
    public override string Message => $"period {Period}: {(Cancelled ? "cancelled" : "time budget exhausted")} during the analysis of this cell";

    /// <inheritdoc/>
    public override bool SplittingMayHelp => false;
}

/// <summary>The controller's inputs or outputs could not be enclosed over the state set of a period.</summary>
/// <param name="Period">The 1-based period.</param>
/// <param name="Detail">What failed.</param>
/// <param name="Undefined">When the failure is that a map may be undefined on part of the set: the operation and its argument set.</param>
public sealed record ControllerNotEnclosed(int Period, string Detail, UndefinedExpressionException? Undefined = null) : CellFailure
{
    /// <inheritdoc/>
    public override string Message => $"period {Period}: {Detail}";
}

/// <summary>The validated flow over a period could not be enclosed (its tube up to the failure is kept and checked).</summary>
/// <param name="Period">The 1-based period.</param>
/// <param name="Flow">The flow engine's failure.</param>
public sealed record FlowNotEnclosed(int Period, FlowFailure Flow) : CellFailure
{
    /// <inheritdoc/>
    public override string Message => $"period {Period}: the flow could not be enclosed after t = {Flow.ValidatedUntil:G6} s ({Flow.Reason})";
}

/// <summary>The flow problem of a period could not be posed (for instance an input box the plant does not take).</summary>
/// <param name="Period">The 1-based period.</param>
/// <param name="Detail">Why.</param>
public sealed record FlowProblemInvalid(int Period, string Detail) : CellFailure
{
    /// <inheritdoc/>
    public override string Message => $"period {Period}: {Detail}";
}

/// <summary>The chosen algorithms do not fit together (for instance the affine set mode with a flow that takes boxes only).</summary>
/// <param name="Detail">Why.</param>
public sealed record AlgorithmMismatch(string Detail) : CellFailure
{
    /// <inheritdoc/>
    public override string Message => Detail;

    /// <inheritdoc/>
    public override bool SplittingMayHelp => false;
}

/// <summary>The next-state map of a discrete-time plant could not be enclosed over the set of a step (it may be
/// undefined there, or its enclosure is unbounded).</summary>
/// <param name="Period">The 1-based step.</param>
/// <param name="Detail">What failed.</param>
/// <param name="Undefined">When the map may be undefined on part of the set: the operation and its argument set.</param>
public sealed record UpdateNotEnclosed(int Period, string Detail, UndefinedExpressionException? Undefined = null) : CellFailure
{
    /// <inheritdoc/>
    public override string Message => $"step {Period}: {Detail}";
}
