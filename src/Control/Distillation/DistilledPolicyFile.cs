using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Certus.Control.Networks;
using Certus.Core.Networks;

namespace Certus.Control.Distillation;

/// <summary>
/// A distilled controller as a file: <c>NAME.policy.json</c> (<c>"format": "certus-distilled-policy", "version": 1</c>)
/// names its network (our JSON, the file certification and deployment both load), the ONNX export of the same
/// weights, the layout (<see cref="DistilledLayout"/>), the agents it is for, the teacher it imitates (with the
/// teacher file's SHA-256) and the imitation errors measured when it was written. The network file's SHA-256 is
/// recorded and checked on load, so the network certified is byte for byte the one deployed.
/// </summary>
/// <param name="Layout">The observation and action layout.</param>
/// <param name="NetworkPath">The network file (absolute once loaded).</param>
/// <param name="NetworkSha256">The network file's SHA-256 (lower-case hex).</param>
/// <param name="OnnxPath">The ONNX export (absolute once loaded), or null.</param>
/// <param name="AgentRadius">The body radius of the agents it was distilled for.</param>
/// <param name="SafetyRadius">The teacher's safety distance between centres.</param>
/// <param name="Teacher">The teacher model file, as written (relative to the descriptor), or null.</param>
/// <param name="TeacherSha256">The teacher file's SHA-256, or null.</param>
/// <param name="Metrics">Imitation errors and dataset sizes (name to value), for reports.</param>
public sealed record DistilledPolicyDescriptor(
    DistilledLayout Layout,
    string NetworkPath,
    string NetworkSha256,
    string? OnnxPath,
    double AgentRadius,
    double SafetyRadius,
    string? Teacher,
    string? TeacherSha256,
    IReadOnlyDictionary<string, double> Metrics);

/// <summary>Reads and writes <see cref="DistilledPolicyDescriptor"/> files.</summary>
public static class DistilledPolicyFile
{
    /// <summary>The value of the <c>format</c> field.</summary>
    public const string FormatName = "certus-distilled-policy";

    /// <summary>The version written and read.</summary>
    public const int Version = 1;

    /// <summary>The SHA-256 of a file, lower-case hex.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The hash.</returns>
    public static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    /// <summary>Writes a descriptor; paths are stored relative to the descriptor's folder.</summary>
    /// <param name="descriptor">The descriptor (paths absolute or relative to the working directory).</param>
    /// <param name="path">The descriptor file.</param>
    public static void Save(DistilledPolicyDescriptor descriptor, string path)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentNullException.ThrowIfNull(path);
        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            DistilledLayout l = descriptor.Layout;
            w.WriteStartObject();
            w.WriteString("format", FormatName);
            w.WriteNumber("version", Version);
            w.WriteString("network", Relative(folder, descriptor.NetworkPath));
            w.WriteString("network_sha256", descriptor.NetworkSha256);
            if (descriptor.OnnxPath is { } onnx)
            {
                w.WriteString("onnx", Relative(folder, onnx));
            }

            w.WriteStartObject("layout");
            w.WriteNumber("neighbours", l.Neighbours);
            w.WriteNumber("max_speed", l.MaxSpeed);
            w.WriteNumber("goal_range", l.GoalRange);
            w.WriteNumber("dummy_distance", l.DummyDistance);
            w.WriteEndObject();
            w.WriteNumber("agent_radius", descriptor.AgentRadius);
            w.WriteNumber("safety_radius", descriptor.SafetyRadius);
            if (descriptor.Teacher is { } teacher)
            {
                w.WriteString("teacher", teacher);
            }

            if (descriptor.TeacherSha256 is { } th)
            {
                w.WriteString("teacher_sha256", th);
            }

            w.WriteStartObject("metrics");
            foreach ((string name, double value) in descriptor.Metrics)
            {
                if (double.IsFinite(value))
                {
                    w.WriteNumber(name, value);
                }
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        string temporary = path + ".tmp";
        File.WriteAllText(temporary, Encoding.UTF8.GetString(stream.ToArray()) + "\n", new UTF8Encoding(false));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads a descriptor and checks it: fields, the layout, the network file's hash and its sizes.</summary>
    /// <param name="path">The descriptor file.</param>
    /// <returns>The descriptor (paths absolute) and its network.</returns>
    /// <exception cref="NetworkFormatException">The file is missing, malformed or inconsistent; the message names the file and field.</exception>
    public static (DistilledPolicyDescriptor Descriptor, FeedForwardNetwork Network) Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes = SourceFile.ReadBytes(path);
        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        JsonElement root;
        try
        {
            using JsonDocument doc = JsonDocument.Parse(bytes);
            root = doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new NetworkFormatException(path, $"line {(e.LineNumber ?? 0) + 1}", $"not valid JSON: {e.Message}", e);
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new NetworkFormatException(path, "document", "expected a JSON object (a distilled policy descriptor).");
        }

        string format = String(root, "format", path);
        if (format != FormatName)
        {
            throw new NetworkFormatException(path, "format", $"expected \"{FormatName}\", found \"{format}\".");
        }

        double version = Number(root, "version", path);
        if (version != Version)
        {
            throw new NetworkFormatException(path, "version", $"version {version} is not supported (this tool reads version {Version}).");
        }

        JsonElement lay = Child(root, "layout", path);
        var layout = new DistilledLayout(
            (int)Number(lay, "neighbours", path, "layout."),
            Number(lay, "max_speed", path, "layout."),
            Number(lay, "goal_range", path, "layout."),
            Number(lay, "dummy_distance", path, "layout."));
        try
        {
            layout.Validate();
        }
        catch (ArgumentException e)
        {
            throw new NetworkFormatException(path, "layout", e.Message, e);
        }

        string network = Path.GetFullPath(Path.Combine(folder, String(root, "network", path)));
        if (!File.Exists(network))
        {
            throw new NetworkFormatException(path, "network", $"the network file {network} does not exist.");
        }

        string sha = String(root, "network_sha256", path);
        string actual = Sha256(network);
        if (!string.Equals(sha, actual, StringComparison.OrdinalIgnoreCase))
        {
            throw new NetworkFormatException(path, "network_sha256", $"the network file {network} has SHA-256 {actual}, not the {sha} recorded: it was changed after distillation.");
        }

        FeedForwardNetwork net = NetworkFile.Load(network);
        if (net.InputSize != layout.InputSize || net.OutputSize != layout.OutputSize)
        {
            throw new NetworkFormatException(path, "network", $"the network has {net.InputSize} inputs and {net.OutputSize} outputs; the layout with {layout.Neighbours} neighbour slot(s) needs {layout.InputSize} and {layout.OutputSize}.");
        }

        string? onnx = root.TryGetProperty("onnx", out JsonElement o) && o.ValueKind == JsonValueKind.String ? Path.GetFullPath(Path.Combine(folder, o.GetString()!)) : null;
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        if (root.TryGetProperty("metrics", out JsonElement m) && m.ValueKind == JsonValueKind.Object)
        {
            foreach (JsonProperty p in m.EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.Number)
                {
                    metrics[p.Name] = p.Value.GetDouble();
                }
            }
        }

        var descriptor = new DistilledPolicyDescriptor(
            layout,
            network,
            actual,
            onnx,
            Number(root, "agent_radius", path),
            Number(root, "safety_radius", path),
            root.TryGetProperty("teacher", out JsonElement t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null,
            root.TryGetProperty("teacher_sha256", out JsonElement th) && th.ValueKind == JsonValueKind.String ? th.GetString() : null,
            metrics);
        return (descriptor, net);
    }

    private static string Relative(string folder, string path) => Path.GetRelativePath(folder, Path.GetFullPath(path)).Replace('\\', '/');

    private static JsonElement Child(JsonElement e, string name, string path)
    {
        if (!e.TryGetProperty(name, out JsonElement c) || c.ValueKind != JsonValueKind.Object)
        {
            throw new NetworkFormatException(path, name, $"missing or not an object: '{name}' is required.");
        }

        return c;
    }

    private static string String(JsonElement e, string name, string path)
    {
        if (!e.TryGetProperty(name, out JsonElement c) || c.ValueKind != JsonValueKind.String || c.GetString() is not { Length: > 0 } s)
        {
            throw new NetworkFormatException(path, name, $"missing or not a non-empty string: '{name}' is required.");
        }

        return s;
    }

    private static double Number(JsonElement e, string name, string path, string prefix = "")
    {
        if (!e.TryGetProperty(name, out JsonElement c) || c.ValueKind != JsonValueKind.Number || !c.TryGetDouble(out double v) || !double.IsFinite(v))
        {
            throw new NetworkFormatException(path, prefix + name, string.Create(CultureInfo.InvariantCulture, $"missing or not a finite number: '{prefix}{name}' is required."));
        }

        return v;
    }
}
