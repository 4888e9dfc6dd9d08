using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json.Serialization;

namespace Certus.Verify.Reports.Documents;

/// <summary>An input file of a run with its SHA-256, so that a document says exactly what it is about.</summary>
/// <param name="Role">What the file is (spec, network, scenario, model).</param>
/// <param name="Path">The path as given (relative paths stay relative).</param>
/// <param name="Sha256">The SHA-256 of its bytes, lower-case hex (null when it could not be read).</param>
public sealed record InputFileHash(string Role, string Path, string? Sha256)
{
    /// <summary>Hashes a file.</summary>
    /// <param name="role">What the file is.</param>
    /// <param name="path">Its path.</param>
    /// <returns>The entry (no hash when the file cannot be read).</returns>
    public static InputFileHash Of(string role, string path)
    {
        try
        {
            using FileStream stream = File.OpenRead(path);
            return new InputFileHash(role, path, Convert.ToHexStringLower(SHA256.HashData(stream)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return new InputFileHash(role, path, null);
        }
    }

    /// <summary>The inputs of a spec run: the spec file and, when it names one, its network file.</summary>
    /// <param name="specPath">The spec file as given.</param>
    /// <param name="networkPath">The resolved network file, or null.</param>
    /// <returns>The hashed inputs.</returns>
    public static IReadOnlyList<InputFileHash> OfSpec(string specPath, string? networkPath) =>
        networkPath is null ? [Of("spec", specPath)] : [Of("spec", specPath), Of("network", networkPath)];

    /// <summary>The spec file and every network file it names (one per mode for a modal controller).</summary>
    /// <param name="specPath">The spec file.</param>
    /// <param name="networkPaths">The network files.</param>
    /// <returns>The hashes, the spec first.</returns>
    public static IReadOnlyList<InputFileHash> OfSpec(string specPath, IReadOnlyList<string> networkPaths) =>
        [Of("spec", specPath), .. networkPaths.Distinct(StringComparer.Ordinal).Select(n => Of("network", n))];
}

/// <summary>
/// What every <c>--json</c> document of the tool starts with: the schema it follows, the tool and commit that wrote it,
/// when, from which inputs (with hashes) and with which options. Each document kind has a JSON Schema generated from
/// its type and checked in under <c>docs/schemas/</c>.
/// </summary>
public abstract record CertusDocument
{
    /// <summary>The version of this document's schema (1); it changes when a field changes meaning or is removed.</summary>
    [JsonPropertyOrder(-10)]
    public int SchemaVersion { get; init; } = 1;

    /// <summary>The document kind (certify, test, ...), also the schema's file name.</summary>
    [JsonPropertyOrder(-9)]
    public abstract string Kind { get; }

    /// <summary>The tool (certus).</summary>
    [JsonPropertyOrder(-8)]
    public string Tool { get; init; } = "certus";

    /// <summary>The tool's version, with the commit when the build knew it.</summary>
    [JsonPropertyOrder(-7)]
    public string ToolVersion { get; init; } = ToolInfo.Version;

    /// <summary>The source commit the tool was built from, when known.</summary>
    [JsonPropertyOrder(-6)]
    public string? Commit { get; init; } = ToolInfo.Commit;

    /// <summary>When the document was written (UTC, ISO 8601).</summary>
    [JsonPropertyOrder(-5)]
    public DateTimeOffset Created { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>The input files with their hashes.</summary>
    [JsonPropertyOrder(-4)]
    public IReadOnlyList<InputFileHash> Inputs { get; init; } = [];

    /// <summary>The options of the run that were given a value, by their command-line names.</summary>
    [JsonPropertyOrder(-3)]
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();
}

/// <summary>Helpers for building documents.</summary>
public static class DocumentOptions
{
    /// <summary>The options with a value (null values are left out).</summary>
    /// <param name="options">Options by command-line name.</param>
    /// <returns>The options that have a value.</returns>
    public static IReadOnlyDictionary<string, string> WithValues(IReadOnlyDictionary<string, string?>? options) =>
        (options ?? new Dictionary<string, string?>()).Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value!, StringComparer.Ordinal);
}

/// <summary>The tool's version and commit, from its assembly.</summary>
public static class ToolInfo
{
    private static readonly string Informational =
        typeof(ToolInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary>The version (with <c>+commit</c> when the build embedded it).</summary>
    public static string Version => Informational;

    /// <summary>The commit, when the build embedded it; otherwise null.</summary>
    public static string? Commit => Informational.IndexOf('+', StringComparison.Ordinal) is int i and >= 0 ? Informational[(i + 1)..] : null;
}
