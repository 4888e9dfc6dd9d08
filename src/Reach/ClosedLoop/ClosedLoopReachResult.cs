using Certus.Core.Systems;
using Certus.Core.Sets;
using Certus.Reach.Flow;

namespace Certus.Reach.ClosedLoop;

/// <summary>The outcome of one property on one cell or overall: proved, or not proved (with why).</summary>
public enum PropertyStatus
{
    /// <summary>The reach set satisfies the property: it holds for every trajectory from the cell.</summary>
    Proved,

    /// <summary>The over-approximation meets the violating region, or the computation failed: nothing follows.</summary>
    Undecided,
}

/// <summary>What the analysis found for one property on one cell.</summary>
/// <param name="Property">The property.</param>
/// <param name="Status">Proved or undecided.</param>
/// <param name="Margin">The smallest lower bound of the margin over the relevant tube segments (≥ 0 when proved, &gt; 0
/// for avoid; −∞ when the constraint may be undefined on a segment).</param>
/// <param name="FirstUndecidedTime">The start of the first segment where the margin could be negative, when undecided.</param>
public sealed record PropertyOutcome(StateProperty Property, PropertyStatus Status, double Margin, double? FirstUndecidedTime)
{
    /// <summary>Why the property is undecided beyond its margin, when there is more to say (for instance: the
    /// constraint may be undefined on part of a tube segment); <c>null</c> otherwise.</summary>
    public string? Reason { get; init; }
}

/// <summary>The analysis of one cell of the initial set.</summary>
/// <param name="Cell">The initial cell.</param>
/// <param name="Depth">How many bisections produced it.</param>
/// <param name="Outcomes">One outcome per property.</param>
/// <param name="Tube">Tube segments over the horizon (or up to the failure).</param>
/// <param name="FinalSet">The enclosure at the final time, or <c>null</c> when the analysis failed before it.</param>
/// <param name="Failure">Why the analysis stopped early, or <c>null</c>.</param>
public sealed record CellResult(Box Cell, int Depth, IReadOnlyList<PropertyOutcome> Outcomes, IReadOnlyList<FlowSegment> Tube, Box? FinalSet, CellFailure? Failure)
{
    /// <summary>Whether every property is proved on this cell.</summary>
    public bool Proved => Failure is null && Outcomes.All(o => o.Status == PropertyStatus.Proved);

    /// <summary>For a modal loop, the modes of the cell's branches at each sampling instant reached (entry 0: the initial
    /// mode; entry k: the modes after step k); null otherwise. Every mode a trajectory from the cell can be in is listed.</summary>
    public IReadOnlyList<IReadOnlyList<int>>? Modes { get; init; }

    /// <summary>Which configuration of the portfolio gave this result: 0 for the engine itself, k for its k-th
    /// <see cref="ClosedLoopReachability.Fallback"/>.</summary>
    public int Configuration { get; init; }
}

/// <summary>The result of closed-loop reachability.</summary>
/// <param name="Problem">The problem.</param>
/// <param name="Algorithm">The algorithm with its options.</param>
/// <param name="Cells">The final partition of the initial set with each cell's result (proved and undecided ones).</param>
/// <param name="Properties">Per property: proved on every cell, with the smallest margin; or undecided.</param>
/// <param name="BudgetExhausted">Whether undecided cells were left unsplit because of the cell or time budget.</param>
/// <param name="Elapsed">Wall-clock time.</param>
public sealed record ClosedLoopReachResult(
    ClosedLoopReachProblem Problem,
    ClosedLoopReachability Algorithm,
    IReadOnlyList<CellResult> Cells,
    IReadOnlyList<PropertyOutcome> Properties,
    bool BudgetExhausted,
    TimeSpan Elapsed)
{
    /// <summary>Whether every property is proved for every initial state.</summary>
    public bool Proved => Properties.All(p => p.Status == PropertyStatus.Proved) && Cells.All(c => c.Failure is null);

    /// <summary>The hull of the final sets of all cells (null if some cell failed before the end).</summary>
    public Box? FinalSet => Cells.All(c => c.FinalSet is not null) ? Box.Hull(Cells.Select(c => c.FinalSet!)) : null;

    /// <summary>The undecided cells.</summary>
    public IEnumerable<CellResult> Undecided => Cells.Where(c => !c.Proved);
}

/// <summary>Progress of a reachability run.</summary>
/// <param name="CellsDone">Cells analysed so far.</param>
/// <param name="CellsProved">Of which proved.</param>
/// <param name="CellsPending">Cells waiting (including new halves of undecided cells).</param>
/// <param name="Elapsed">Time so far.</param>
public readonly record struct ReachProgress(int CellsDone, int CellsProved, int CellsPending, TimeSpan Elapsed);
