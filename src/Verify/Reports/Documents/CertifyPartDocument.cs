namespace Certus.Verify.Reports.Documents;

/// <summary>The deterministic partition of the initial set a sharded run works on.</summary>
/// <param name="Rule">The partition rule (<c>bisect-widest-relative/breadth-first/v1</c>).</param>
/// <param name="Assignment">How cells go to shards (<c>round-robin</c>: cell i to shard i mod N).</param>
/// <param name="Shards">N, the number of shards.</param>
/// <param name="MinCells">The number of top-level cells asked for (at least N).</param>
/// <param name="Depth">The bisection depth of every top-level cell.</param>
/// <param name="InitialSet">The initial set, one [lo, hi] per state (exact doubles: JSON numbers written round-trip).</param>
/// <param name="Cells">Every top-level cell, in order, one [lo, hi] per state.</param>
/// <param name="CellsSha256">SHA-256 of the cells' bits (see InitialPartition.HashOf).</param>
public sealed record PartitionDocument(
    string Rule,
    string Assignment,
    int Shards,
    int MinCells,
    int Depth,
    IReadOnlyList<IReadOnlyList<double>> InitialSet,
    IReadOnlyList<IReadOnlyList<IReadOnlyList<double>>> Cells,
    string CellsSha256);

/// <summary>One property's outcome on one final cell.</summary>
/// <param name="Property">The property.</param>
/// <param name="Proved">Whether the reach set of the cell satisfies it.</param>
/// <param name="Margin">The lower bound of the margin over the cell's tube.</param>
public sealed record CellOutcomeDocument(string Property, bool Proved, JsonReal Margin);

/// <summary>A final cell of the proof (a sub-cell of a top-level cell).</summary>
/// <param name="Bounds">One [lo, hi] per state (exact doubles).</param>
/// <param name="Depth">Its bisection depth from the initial set.</param>
/// <param name="Failure">Why its analysis stopped early, or null.</param>
/// <param name="Outcomes">One outcome per property the proof ran for.</param>
public sealed record LeafCellDocument(IReadOnlyList<IReadOnlyList<double>> Bounds, int Depth, string? Failure, IReadOnlyList<CellOutcomeDocument> Outcomes);

/// <summary>A top-level cell of the shard's share with the final cells that tile it.</summary>
/// <param name="Index">Its index in the partition.</param>
/// <param name="Bounds">One [lo, hi] per state (exact doubles).</param>
/// <param name="Leaves">The final cells of the proof inside it.</param>
public sealed record TopCellDocument(int Index, IReadOnlyList<IReadOnlyList<double>> Bounds, IReadOnlyList<LeafCellDocument> Leaves);

/// <summary>
/// The <c>certify --shard K/N --out FILE</c> document: a partial certificate for shard K's share of a deterministic
/// partition of the initial set, to be merged by <c>certify merge</c>. Carries a SHA-256 of its own content.
/// </summary>
public sealed record CertifyPartDocument : CertusDocument
{
    /// <inheritdoc/>
    public override string Kind => "certify-part";

    /// <summary>The spec's name.</summary>
    public required string Name { get; init; }

    /// <summary>The spec file as given.</summary>
    public required string Spec { get; init; }

    /// <summary>This shard, 0 to N − 1.</summary>
    public required int Shard { get; init; }

    /// <summary>The partition (the same in every part of one run).</summary>
    public required PartitionDocument Partition { get; init; }

    /// <summary>This shard's verdict over its share (safe here does not mean safe overall).</summary>
    public required string Verdict { get; init; }

    /// <summary>Wall-clock time of this shard (s).</summary>
    public required double Seconds { get; init; }

    /// <summary>Final cells of this shard.</summary>
    public required int Cells { get; init; }

    /// <summary>Whether undecided cells were left unsplit for lack of cell or time budget.</summary>
    public required bool BudgetExhausted { get; init; }

    /// <summary>State names, in order.</summary>
    public required IReadOnlyList<string> States { get; init; }

    /// <summary>Per property over this share.</summary>
    public required IReadOnlyList<PropertyVerdictDocument> Properties { get; init; }

    /// <summary>The properties the reachability proof ran for (those falsification did not refute).</summary>
    public required IReadOnlyList<string> ReachedProperties { get; init; }

    /// <summary>The top-level cells of this shard with their final cells.</summary>
    public required IReadOnlyList<TopCellDocument> TopCells { get; init; }

    /// <summary>Every validated counterexample found (falsification searches the whole initial set in each shard).</summary>
    public IReadOnlyList<CounterexampleDocument> Counterexamples { get; init; } = [];

    /// <summary>The hull of this shard's final sets by state, or null.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<double>>? FinalSet { get; init; }

    /// <summary>SHA-256 (lower-case hex) of the document without this field, written compactly; null only while it is computed.</summary>
    public string? Checksum { get; init; }
}
