using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Certus.Core.Numerics;
using Certus.Core.Sets;
using Certus.Reach.ClosedLoop;
using Certus.Verify.Reports.Documents;

namespace Certus.Verify.Certification.Sharding;

/// <summary>A part file that cannot be used: unreadable, truncated, tampered, or not consistent with the other parts.</summary>
/// <param name="message">What is wrong, naming the file.</param>
public sealed class ShardMergeException(string message) : Exception(message);

/// <summary>Writes and reads <c>certify-part</c> documents (partial certificates of one shard) with their content checksum.</summary>
public static class PartFiles
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    /// <summary>The part document of a sharded certification.</summary>
    /// <param name="result">The shard's result (from <see cref="Certifier.Certify"/> with shard options).</param>
    /// <param name="specPath">The spec file as given.</param>
    /// <param name="options">The run's options by command-line name.</param>
    /// <returns>The document, without its checksum (added by <see cref="Serialize"/>).</returns>
    public static CertifyPartDocument From(CertificationResult result, string specPath, IReadOnlyDictionary<string, string?> options)
    {
        ArgumentNullException.ThrowIfNull(result);
        InitialPartition partition = result.Partition ?? throw new ArgumentException("The result has no partition (not made by Certifier.Certify).", nameof(result));
        CertifyDocument whole = CertifyDocument.From(result, specPath, options);
        IReadOnlyList<CellResult> leaves = result.Reach?.Cells ?? [];
        var byTop = result.Share.ToDictionary(i => i, _ => new List<LeafCellDocument>());
        foreach (CellResult leaf in leaves)
        {
            int top = result.Share.FirstOrDefault(i => partition.Cells[i].Contains(leaf.Cell), -1);
            if (top < 0)
            {
                throw new InvalidOperationException($"Final cell {leaf.Cell} lies in no top-level cell of shard {result.ShardIndex}.");
            }

            byTop[top].Add(new LeafCellDocument(
                Bounds(leaf.Cell),
                leaf.Depth,
                leaf.Failure?.Message,
                [.. leaf.Outcomes.Select(o => new CellOutcomeDocument(o.Property.Name, leaf.Failure is null && o.Status == PropertyStatus.Proved, o.Margin))]));
        }

        return new CertifyPartDocument
        {
            Inputs = whole.Inputs,
            Options = whole.Options,
            Name = whole.Name,
            Spec = specPath,
            Shard = result.ShardIndex,
            Partition = Describe(partition, result.ShardCount),
            Verdict = whole.Verdict,
            Seconds = whole.Seconds,
            Cells = leaves.Count,
            BudgetExhausted = result.Reach?.BudgetExhausted ?? false,
            States = whole.States,
            Properties = whole.Properties,
            ReachedProperties = result.ReachedProperties,
            TopCells = [.. result.Share.Select(i => new TopCellDocument(i, Bounds(partition.Cells[i]), byTop[i]))],
            Counterexamples = whole.Counterexamples,
            FinalSet = whole.FinalSet,
        };
    }

    /// <summary>The descriptor of a partition shared by <paramref name="shards"/> shards.</summary>
    /// <param name="partition">The partition.</param>
    /// <param name="shards">N.</param>
    /// <returns>The descriptor.</returns>
    public static PartitionDocument Describe(InitialPartition partition, int shards)
    {
        ArgumentNullException.ThrowIfNull(partition);
        return new PartitionDocument(
            InitialPartition.RuleName,
            InitialPartition.AssignmentName,
            shards,
            partition.MinCells,
            partition.Depth,
            Bounds(partition.InitialSet),
            [.. partition.Cells.Select(Bounds)],
            partition.Sha256);
    }

    /// <summary>A box as one [lo, hi] per dimension.</summary>
    /// <param name="box">The box.</param>
    /// <returns>The bounds.</returns>
    public static IReadOnlyList<IReadOnlyList<double>> Bounds(Box box)
    {
        ArgumentNullException.ThrowIfNull(box);
        return [.. Enumerable.Range(0, box.Dimension).Select(i => (IReadOnlyList<double>)[box[i].Lo, box[i].Hi])];
    }

    /// <summary>A box from [lo, hi] pairs, or null when they are not a box (wrong shape, NaN, lo &gt; hi).</summary>
    /// <param name="bounds">The bounds.</param>
    /// <returns>The box, or null.</returns>
    public static Box? ToBox(IReadOnlyList<IReadOnlyList<double>> bounds)
    {
        ArgumentNullException.ThrowIfNull(bounds);
        var parts = new Interval[bounds.Count];
        for (int i = 0; i < bounds.Count; i++)
        {
            if (bounds[i] is not { Count: 2 } b || double.IsNaN(b[0]) || double.IsNaN(b[1]) || b[0] > b[1])
            {
                return null;
            }

            parts[i] = new Interval(b[0], b[1]);
        }

        return parts.Length == 0 ? null : new Box(parts);
    }

    /// <summary>Serializes a part with its checksum (SHA-256 of the compact JSON without the checksum field).</summary>
    /// <param name="part">The part.</param>
    /// <returns>Indented JSON.</returns>
    public static string Serialize(CertifyPartDocument part)
    {
        ArgumentNullException.ThrowIfNull(part);
        JsonObject node = JsonSerializer.SerializeToNode(part with { Checksum = null }, Documents.Options)!.AsObject();
        node.Remove("checksum");

        // Re-parsed so that the writer and the reader hash the same node kinds.
        node = JsonNode.Parse(node.ToJsonString(Compact))!.AsObject();
        node["checksum"] = ChecksumOf(node);
        return node.ToJsonString(Documents.Options);
    }

    /// <summary>Reads a part file and checks its kind, schema version and checksum.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The part.</returns>
    /// <exception cref="ShardMergeException">The file cannot be read, is not valid JSON (truncated), not a part, or its checksum does not match.</exception>
    public static CertifyPartDocument Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ShardMergeException($"{path}: cannot read the part file: {e.Message}");
        }

        JsonObject node;
        try
        {
            node = JsonNode.Parse(text) as JsonObject ?? throw new ShardMergeException($"{path}: not a certify-part document (the JSON is not an object).");
        }
        catch (JsonException e)
        {
            throw new ShardMergeException($"{path}: not valid JSON (truncated or damaged?) at line {(e.LineNumber ?? 0) + 1}, byte {(e.BytePositionInLine ?? 0) + 1}: rerun that shard.");
        }

        string? kind = node["kind"] is JsonValue k && k.TryGetValue(out string? s) ? s : null;
        if (kind != "certify-part")
        {
            throw new ShardMergeException($"{path}: field 'kind' is '{kind ?? "missing"}', expected 'certify-part' (write parts with 'certify SPEC --shard K/N --out FILE').");
        }

        int? version = node["schema_version"] is JsonValue v && v.TryGetValue(out int n) ? n : null;
        if (version != 1)
        {
            throw new ShardMergeException($"{path}: field 'schema_version' is {version?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "missing"}, this tool reads version 1.");
        }

        string? recorded = node["checksum"] is JsonValue c && c.TryGetValue(out string? cs) ? cs : null;
        node.Remove("checksum");
        string actual = ChecksumOf(node);
        if (recorded is null || !string.Equals(recorded, actual, StringComparison.Ordinal))
        {
            throw new ShardMergeException($"{path}: field 'checksum' {(recorded is null ? "is missing" : $"is {recorded}")} but the content hashes to {actual}: the file was changed after it was written (tampered or damaged); rerun that shard.");
        }

        try
        {
            return JsonSerializer.Deserialize<CertifyPartDocument>(text, Documents.Options) ?? throw new ShardMergeException($"{path}: empty document.");
        }
        catch (JsonException e)
        {
            throw new ShardMergeException($"{path}: {e.Path ?? "$"}: {e.Message}");
        }
    }

    private static string ChecksumOf(JsonObject node) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(node.ToJsonString(Compact))));
}
