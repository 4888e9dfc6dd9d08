using System.Globalization;
using Certus.Core.Sets;
using Certus.Reach.ClosedLoop;
using Certus.Verify.Reports.Documents;
using Certus.Verify.Specs;

namespace Certus.Verify.Certification.Sharding;

/// <summary>The checked merge of the parts of a sharded certification.</summary>
/// <param name="Name">The spec's name.</param>
/// <param name="Spec">The spec file as the parts recorded it.</param>
/// <param name="Verdict">Safe only when every cell of every shard proved every property.</param>
/// <param name="Properties">Per property: the merged verdict, margin (min over the parts) and reason.</param>
/// <param name="Parts">The parts, one per shard, in shard order.</param>
/// <param name="Cells">Final cells, summed over the parts.</param>
/// <param name="PartitionChecked">How the partition was checked: against the spec file or against the descriptor.</param>
/// <param name="Notes">Things worth saying that do not block the merge (identical duplicate parts, another tool version).</param>
public sealed record ShardMergeResult(
    string Name,
    string Spec,
    Verdict Verdict,
    IReadOnlyList<PropertyVerdict> Properties,
    IReadOnlyList<CertifyPartDocument> Parts,
    int Cells,
    string PartitionChecked,
    IReadOnlyList<string> Notes)
{
    /// <summary>Every validated counterexample of the parts (each property and start once).</summary>
    public IReadOnlyList<CounterexampleDocument> Counterexamples { get; init; } = [];

    /// <summary>The hull of the parts' final sets, or null when a part has none.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<double>>? FinalSet { get; init; }
}

/// <summary>
/// Merges part files: checks that they come from the same inputs (spec and network hashes), tool version and
/// partition, that there is exactly one part per shard, that each part's top-level cells are exactly its share of the
/// partition (recomputed from the spec when the spec file is there and unchanged, otherwise from the descriptor) and
/// that its final cells tile them exactly; only then gives a verdict. Anything else is a <see cref="ShardMergeException"/>.
/// </summary>
public static class ShardMerger
{
    /// <summary>Merges part files.</summary>
    /// <param name="paths">The part files.</param>
    /// <param name="specPath">The spec to recompute the partition from (default: the one the parts name, when it exists).</param>
    /// <returns>The merged result.</returns>
    /// <exception cref="ShardMergeException">A part is missing, unreadable, tampered or inconsistent.</exception>
    public static ShardMergeResult Merge(IReadOnlyList<string> paths, string? specPath = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (paths.Count == 0)
        {
            throw new ShardMergeException("no part files given: pass the files written by 'certify SPEC --shard K/N --out FILE'.");
        }

        var parts = paths.Select(p => (Path: p, Doc: PartFiles.Read(p))).ToList();
        return Merge(parts, specPath);
    }

    /// <summary>Merges parts already read (and checksum-checked) with <see cref="PartFiles.Read"/>.</summary>
    /// <param name="parts">Each part with the file it came from.</param>
    /// <param name="specPath">The spec to recompute the partition from (default: the one the parts name, when it exists).</param>
    /// <returns>The merged result.</returns>
    public static ShardMergeResult Merge(IReadOnlyList<(string Path, CertifyPartDocument Doc)> parts, string? specPath = null)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0)
        {
            throw new ShardMergeException("no part files given.");
        }

        var notes = new List<string>();
        (string firstPath, CertifyPartDocument first) = parts[0];
        PartitionDocument descriptor = first.Partition;
        foreach ((string path, CertifyPartDocument doc) in parts.Skip(1))
        {
            if (!SameInputs(doc.Inputs, first.Inputs))
            {
                throw new ShardMergeException($"{path}: its inputs ({Describe(doc.Inputs)}) differ from those of {firstPath} ({Describe(first.Inputs)}): the parts come from different specs or networks.");
            }

            if (doc.ToolVersion != first.ToolVersion)
            {
                throw new ShardMergeException($"{path}: written by certus {doc.ToolVersion}, but {firstPath} by certus {first.ToolVersion}: rerun every shard with one build.");
            }

            if (!SamePartition(doc.Partition, descriptor))
            {
                throw new ShardMergeException($"{path}: its partition ({doc.Partition.Shards} shards, {doc.Partition.Cells.Count} cells, sha256 {doc.Partition.CellsSha256}) differs from that of {firstPath} ({descriptor.Shards} shards, {descriptor.Cells.Count} cells, sha256 {descriptor.CellsSha256}).");
            }

            if (!doc.States.SequenceEqual(first.States, StringComparer.Ordinal) || doc.Name != first.Name
                || !doc.Properties.Select(q => q.Name).SequenceEqual(first.Properties.Select(q => q.Name), StringComparer.Ordinal))
            {
                throw new ShardMergeException($"{path}: its spec name, states or properties differ from those of {firstPath}.");
            }
        }

        if (first.ToolVersion != ToolInfo.Version)
        {
            notes.Add($"the parts were written by certus {first.ToolVersion}, this is certus {ToolInfo.Version}");
        }

        // The partition itself: recomputed from the spec when it is there and unchanged, otherwise from the descriptor.
        if (descriptor.Rule != InitialPartition.RuleName || descriptor.Assignment != InitialPartition.AssignmentName)
        {
            throw new ShardMergeException($"{firstPath}: partition rule '{descriptor.Rule}' / assignment '{descriptor.Assignment}' is not the one this tool knows ('{InitialPartition.RuleName}' / '{InitialPartition.AssignmentName}').");
        }

        if (descriptor.Shards < 1 || descriptor.MinCells < descriptor.Shards || descriptor.MinCells > InitialPartition.MaxTopCells)
        {
            throw new ShardMergeException($"{firstPath}: partition of {descriptor.MinCells} cells for {descriptor.Shards} shards is not valid.");
        }

        Box initial = PartFiles.ToBox(descriptor.InitialSet) ?? throw new ShardMergeException($"{firstPath}: partition.initial_set is not a box.");
        string how = "against the partition descriptor";
        string? spec = specPath ?? first.Spec;
        string? recordedHash = first.Inputs.FirstOrDefault(i => i.Role == "spec")?.Sha256;
        if (spec is not null && File.Exists(spec))
        {
            string? actual = InputFileHash.Of("spec", spec).Sha256;
            if (actual != recordedHash)
            {
                throw new ShardMergeException($"{spec}: its SHA-256 is {actual ?? "unreadable"}, but the parts were written for a spec with {recordedHash ?? "no hash"}: the spec changed since (or pass the right one with --spec).");
            }

            CertificationSpec read;
            try
            {
                read = SpecReader.Read(spec);
            }
            catch (SpecException e)
            {
                throw new ShardMergeException(e.Message);
            }

            if (!SameBounds(PartFiles.Bounds(read.InitialSet), descriptor.InitialSet))
            {
                throw new ShardMergeException($"{firstPath}: partition.initial_set differs from the initial set of {spec}.");
            }

            initial = read.InitialSet;
            how = $"against the partition recomputed from {spec}";
        }
        else if (specPath is not null)
        {
            throw new ShardMergeException($"{specPath}: no such file.");
        }

        InitialPartition partition = InitialPartition.Create(initial, descriptor.MinCells);
        if (partition.Cells.Count != descriptor.Cells.Count || partition.Depth != descriptor.Depth || partition.Sha256 != descriptor.CellsSha256
            || !partition.Cells.Select(PartFiles.Bounds).Zip(descriptor.Cells).All(z => SameBounds(z.First, z.Second)))
        {
            throw new ShardMergeException($"{firstPath}: the partition's cells are not the deterministic partition of the initial set into {descriptor.MinCells} cells (recomputed: {partition.Cells.Count} cells, sha256 {partition.Sha256}).");
        }

        // Exactly one part per shard; an identical duplicate (the same shard run twice with the same outcome) is dropped.
        int n = descriptor.Shards;
        var byShard = new CertifyPartDocument?[n];
        var pathOf = new string?[n];
        foreach ((string path, CertifyPartDocument doc) in parts)
        {
            if (doc.Shard < 0 || doc.Shard >= n)
            {
                throw new ShardMergeException($"{path}: shard {doc.Shard} is outside 0..{n - 1}.");
            }

            if (byShard[doc.Shard] is { } other)
            {
                if (!SameOutcome(doc, other))
                {
                    throw new ShardMergeException($"{path} and {pathOf[doc.Shard]}: two parts for shard {doc.Shard} that disagree (different cells, outcomes or counterexamples); keep the one to trust and rerun the merge.");
                }

                notes.Add($"{path}: identical duplicate of {pathOf[doc.Shard]} (shard {doc.Shard}), ignored");
                continue;
            }

            byShard[doc.Shard] = doc;
            pathOf[doc.Shard] = path;
        }

        int[] missing = [.. Enumerable.Range(0, n).Where(k => byShard[k] is null)];
        if (missing.Length > 0)
        {
            string cells = string.Join("; ", missing.Take(4).Select(k => $"shard {k}: top-level cells {string.Join(", ", partition.ShareOf(k, n))}"));
            throw new ShardMergeException($"missing part(s) for shard(s) {string.Join(", ", missing)} of {n} ({cells}): their cells are not covered; run them and merge again.");
        }

        // Each part covers exactly its share, and its final cells tile every top-level cell of it.
        for (int k = 0; k < n; k++)
        {
            CertifyPartDocument doc = byShard[k]!;
            string path = pathOf[k]!;
            IReadOnlyList<int> share = partition.ShareOf(k, n);
            if (!doc.TopCells.Select(t => t.Index).SequenceEqual(share))
            {
                throw new ShardMergeException($"{path}: shard {k} covers top-level cells [{string.Join(", ", doc.TopCells.Select(t => t.Index))}], its share is [{string.Join(", ", share)}].");
            }

            int leafCount = 0;
            foreach (TopCellDocument top in doc.TopCells)
            {
                if (!SameBounds(top.Bounds, PartFiles.Bounds(partition.Cells[top.Index])))
                {
                    throw new ShardMergeException($"{path}: top-level cell {top.Index} has bounds that differ from the partition's cell {partition.Cells[top.Index]}.");
                }

                leafCount += top.Leaves.Count;
                if (doc.ReachedProperties.Count == 0)
                {
                    if (top.Leaves.Count > 0)
                    {
                        throw new ShardMergeException($"{path}: top-level cell {top.Index} has final cells but no property was proved by reachability.");
                    }

                    continue;
                }

                var leaves = new List<Box>();
                foreach (LeafCellDocument leaf in top.Leaves)
                {
                    leaves.Add(PartFiles.ToBox(leaf.Bounds) is { } b && b.Dimension == initial.Dimension ? b : throw new ShardMergeException($"{path}: a final cell of top-level cell {top.Index} is not a box of {initial.Dimension} dimensions."));
                    if (!leaf.Outcomes.Select(o => o.Property).SequenceEqual(doc.ReachedProperties, StringComparer.Ordinal))
                    {
                        throw new ShardMergeException($"{path}: a final cell of top-level cell {top.Index} has outcomes for [{string.Join(", ", leaf.Outcomes.Select(o => o.Property))}], expected [{string.Join(", ", doc.ReachedProperties)}].");
                    }
                }

                if (!InitialPartition.Tiles(initial, partition.Cells[top.Index], leaves, out string? why))
                {
                    throw new ShardMergeException($"{path}: the final cells of top-level cell {top.Index} do not tile it exactly: {why}.");
                }
            }

            if (leafCount != doc.Cells)
            {
                throw new ShardMergeException($"{path}: field 'cells' is {doc.Cells}, but it lists {leafCount} final cells.");
            }
        }

        CertifyPartDocument[] ordered = [.. byShard.Select(d => d!)];
        return Decide(first, ordered, how, notes);
    }

    private static ShardMergeResult Decide(CertifyPartDocument first, CertifyPartDocument[] parts, string how, List<string> notes)
    {
        var counterexamples = new List<CounterexampleDocument>();
        foreach (CounterexampleDocument c in parts.SelectMany(p => p.Counterexamples))
        {
            if (!counterexamples.Any(o => o.Property == c.Property && o.InitialState.OrderBy(kv => kv.Key, StringComparer.Ordinal).SequenceEqual(c.InitialState.OrderBy(kv => kv.Key, StringComparer.Ordinal))))
            {
                counterexamples.Add(c);
            }
        }

        var verdicts = new List<PropertyVerdict>();
        foreach (PropertyVerdictDocument p in first.Properties)
        {
            string name = p.Name;
            PropertyVerdictDocument[] mine = [.. parts.Select(d => d.Properties.FirstOrDefault(q => q.Name == name) ?? throw new ShardMergeException($"shard {d.Shard}: no verdict for property '{name}'."))];
            if (counterexamples.Any(c => c.Property == name) && mine.Any(q => q.Verdict == "unsafe"))
            {
                PropertyVerdictDocument worst = mine.Where(q => q.Verdict == "unsafe").MinBy(q => q.Margin.Value)!;
                verdicts.Add(new PropertyVerdict(name, Verdict.Unsafe, worst.Margin.Value, worst.Reason));
                continue;
            }

            // Safe only from the cells themselves: every final cell of every shard proved it.
            var undecided = new List<string>();
            double margin = double.PositiveInfinity;
            int total = 0;
            foreach (CertifyPartDocument d in parts)
            {
                int k = d.ReachedProperties.ToList().IndexOf(name);
                if (k < 0)
                {
                    undecided.Add($"shard {d.Shard}: not proved by reachability ({mine[d.Shard].Reason ?? "refuted by simulation"})");
                    margin = Math.Min(margin, mine[d.Shard].Margin.Value);
                    continue;
                }

                foreach (TopCellDocument top in d.TopCells)
                {
                    foreach (LeafCellDocument leaf in top.Leaves)
                    {
                        total++;
                        CellOutcomeDocument o = leaf.Outcomes[k];
                        margin = Math.Min(margin, o.Margin.Value);
                        if (!o.Proved || leaf.Failure is not null)
                        {
                            undecided.Add(string.Create(CultureInfo.InvariantCulture, $"shard {d.Shard}, top-level cell {top.Index}, cell {PartFiles.ToBox(leaf.Bounds)}: {leaf.Failure ?? $"margin {o.Margin.Value:G6}"}"));
                        }
                    }
                }
            }

            if (double.IsNaN(margin) || total == 0)
            {
                margin = double.NaN;
            }

            verdicts.Add(undecided.Count == 0
                ? new PropertyVerdict(name, Verdict.Safe, margin, null)
                : new PropertyVerdict(name, Verdict.Unknown, margin, $"{undecided.Count} undecided: {string.Join("; ", undecided.Take(3))}{(undecided.Count > 3 ? "; ..." : string.Empty)}"));
        }

        Verdict overall = verdicts.Any(v => v.Verdict == Verdict.Unsafe) ? Verdict.Unsafe
            : verdicts.Count > 0 && verdicts.All(v => v.Verdict == Verdict.Safe) ? Verdict.Safe : Verdict.Unknown;
        bool complete = parts.All(p => p.Cells == 0 || (p.FinalSet is { } f && first.States.All(s => f.TryGetValue(s, out IReadOnlyList<double>? b) && b.Count == 2)));
        IReadOnlyDictionary<string, IReadOnlyList<double>>? final = complete && parts.Any(p => p.Cells > 0 && p.FinalSet is not null)
            ? first.States.ToDictionary(
                s => s,
                s => (IReadOnlyList<double>)[parts.Where(p => p.Cells > 0 && p.FinalSet is not null).Min(p => p.FinalSet![s][0]), parts.Where(p => p.Cells > 0 && p.FinalSet is not null).Max(p => p.FinalSet![s][1])],
                StringComparer.Ordinal)
            : null;
        return new ShardMergeResult(first.Name, first.Spec, overall, verdicts, parts, parts.Sum(p => p.Cells), how, notes)
        {
            Counterexamples = counterexamples,
            FinalSet = final,
        };
    }

    private static bool SameInputs(IReadOnlyList<InputFileHash> a, IReadOnlyList<InputFileHash> b) =>
        a.Count == b.Count && a.Zip(b).All(z => z.First.Role == z.Second.Role && z.First.Sha256 is not null && z.First.Sha256 == z.Second.Sha256);

    private static string Describe(IReadOnlyList<InputFileHash> inputs) => string.Join(", ", inputs.Select(i => $"{i.Role} {i.Path} sha256 {i.Sha256 ?? "unreadable"}"));

    private static bool SamePartition(PartitionDocument a, PartitionDocument b) =>
        a.Rule == b.Rule && a.Assignment == b.Assignment && a.Shards == b.Shards && a.MinCells == b.MinCells && a.Depth == b.Depth
        && a.CellsSha256 == b.CellsSha256 && SameBounds(a.InitialSet, b.InitialSet)
        && a.Cells.Count == b.Cells.Count && a.Cells.Zip(b.Cells).All(z => SameBounds(z.First, z.Second));

    private static bool SameBounds(IReadOnlyList<IReadOnlyList<double>> a, IReadOnlyList<IReadOnlyList<double>> b) =>
        a.Count == b.Count && a.Zip(b).All(z => z.First.Count == z.Second.Count && z.First.Zip(z.Second).All(v => v.First.Equals(v.Second)));

    // Two parts of one shard agree when their cells, outcomes and counterexamples are the same (times may differ).
    private static bool SameOutcome(CertifyPartDocument a, CertifyPartDocument b)
    {
        static string Key(CertifyPartDocument d) => System.Text.Json.JsonSerializer.Serialize(
            new { d.TopCells, d.Properties, d.ReachedProperties, d.Counterexamples, d.Cells }, Documents.Options);
        return Key(a) == Key(b);
    }
}
