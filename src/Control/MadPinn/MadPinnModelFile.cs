using System.Globalization;
using System.Text;
using System.Text.Json;
using Certus.Core.Navigation;

namespace Certus.Control.MadPinn;

/// <summary>
/// The MAD-PINN model file: one UTF-8 JSON document (<c>"format": "certus-madpinn", "version": 1</c>) holding the
/// problem, the architecture, the normalisation, the training state and the layers (weights as 32-bit floats,
/// row-major). Loading checks every field, every size and every number and names what is wrong.
/// </summary>
public static class MadPinnModelFile
{
    /// <summary>The value of the <c>format</c> field.</summary>
    public const string FormatName = "certus-madpinn";

    /// <summary>The version written and read.</summary>
    public const int Version = 1;

    /// <summary>Writes a model (atomically: to a temporary file, then renamed).</summary>
    /// <param name="model">The model.</param>
    /// <param name="path">The file.</param>
    public static void Save(MadPinnModel model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(path);
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        string temporary = path + ".tmp";
        File.WriteAllText(temporary, ToJson(model));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The model as JSON text.</summary>
    /// <param name="model">The model.</param>
    /// <returns>The document.</returns>
    public static string ToJson(MadPinnModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false }))
        {
            MadPinnProblem p = model.Problem;
            w.WriteStartObject();
            w.WriteString("format", FormatName);
            w.WriteNumber("version", Version);
            w.WriteStartObject("problem");
            w.WriteNumber("neighbours", p.Neighbours);
            w.WriteNumber("max_speed", p.MaxSpeed);
            w.WriteString("input_set", p.InputSet == MadPinnInputSet.Box ? "box" : "ball");
            w.WriteNumber("safety_radius", p.SafetyRadius);
            if (p.AgentRadius is { } agentRadius)
            {
                w.WriteNumber("agent_radius", agentRadius);
            }

            w.WriteNumber("horizon", p.Horizon);
            w.WriteNumber("position_range", p.PositionRange);
            w.WriteNumber("goal_range", p.GoalRange);
            w.WriteNumber("budget_min", p.BudgetMin);
            w.WriteNumber("budget_max", p.EffectiveBudgetMax);
            w.WriteStartArray("obstacles");
            foreach (DiscObstacle o in p.Obstacles)
            {
                w.WriteStartArray();
                w.WriteNumberValue(o.CenterX);
                w.WriteNumberValue(o.CenterY);
                w.WriteNumberValue(o.Radius);
                w.WriteEndArray();
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteStartObject("network");
            w.WriteNumber("hidden_layers", model.Network.HiddenLayers);
            w.WriteNumber("width", model.Network.Width);
            w.WriteNumber("omega0", model.Network.Omega0);
            w.WriteEndObject();
            w.WriteStartObject("normalization");
            WriteArray(w, "input_center", model.InputCenter, single: false);
            WriteArray(w, "input_half_width", model.InputHalfWidth, single: false);
            w.WriteNumber("output_scale", model.OutputScale);
            w.WriteNumber("output_shift", model.OutputShift);
            w.WriteEndObject();
            MadPinnTrainingState t = model.Training;
            w.WriteStartObject("training");
            w.WriteNumber("iteration", t.Iteration);
            w.WriteNumber("boundary_weight", t.BoundaryWeight);
            w.WriteNumber("seconds", Math.Round(t.Seconds, 3));
            WriteMaybe(w, "residual_loss", t.ResidualLoss);
            WriteMaybe(w, "boundary_loss", t.BoundaryLoss);
            w.WriteEndObject();
            w.WriteStartArray("layers");
            foreach (DenseLayer l in model.Layers)
            {
                w.WriteStartObject();
                w.WriteNumber("inputs", l.Inputs);
                w.WriteNumber("outputs", l.Outputs);
                WriteArray(w, "weights", l.Weights.ToArray(), single: true);
                WriteArray(w, "bias", l.Bias.ToArray(), single: true);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The largest model file <see cref="Load"/> accepts (256 MiB).</summary>
    public const long MaxFileBytes = 256L << 20;

    /// <summary>Reads and validates a model file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The model.</returns>
    /// <exception cref="MadPinnModelException">The file is missing, unreadable, truncated or invalid; the message names the file and the field.</exception>
    public static MadPinnModel Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = Core.IO.InputFile.ReadText(path, MaxFileBytes);
        }
        catch (Core.IO.InputFileException e)
        {
            throw new MadPinnModelException($"{path}: cannot read the MAD-PINN model: {e.Reason}", e);
        }

        return Parse(text, path);
    }

    /// <summary>Parses and validates a model document.</summary>
    /// <param name="json">The text.</param>
    /// <param name="source">The name used in messages (a file path).</param>
    /// <returns>The model.</returns>
    /// <exception cref="MadPinnModelException">The document is truncated or invalid.</exception>
    public static MadPinnModel Parse(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(source);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new MadPinnModelException($"{source}: not a complete JSON document (truncated or corrupted?) at line {(e.LineNumber ?? 0) + 1}, byte {e.BytePositionInLine ?? 0}; retrain or restore it with './verify train'.", e);
        }

        using (doc)
        {
            try
            {
                return Read(doc.RootElement, source);
            }
            catch (ArgumentException e)
            {
                throw new MadPinnModelException($"{source}: inconsistent model: {e.Message}", e);
            }
        }
    }

    private static MadPinnModel Read(JsonElement root, string source)
    {
        var r = new Reader(source);
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw r.Error("(root)", "expected a JSON object.");
        }

        string format = r.String(root, "format");
        if (format != FormatName)
        {
            throw r.Error("format", $"expected '{FormatName}', found '{format}' (not a MAD-PINN model file).");
        }

        int version = r.Int(root, "version");
        if (version != Version)
        {
            throw r.Error("version", $"this build reads version {Version}, the file has version {version}.");
        }

        JsonElement pe = r.Object(root, "problem");
        string inputSet = r.String(pe, "input_set", "problem.");
        var obstacles = new List<DiscObstacle>();
        foreach (JsonElement o in r.Array(pe, "obstacles", "problem.").EnumerateArray())
        {
            double[] v = r.Numbers(o, "problem.obstacles[]");
            if (v.Length != 3)
            {
                throw r.Error("problem.obstacles", "each obstacle is [center_x, center_y, radius].");
            }

            obstacles.Add(new DiscObstacle(v[0], v[1], v[2]));
        }

        var problem = new MadPinnProblem
        {
            Neighbours = r.Int(pe, "neighbours", "problem."),
            MaxSpeed = r.Number(pe, "max_speed", "problem."),
            InputSet = inputSet switch
            {
                "box" => MadPinnInputSet.Box,
                "ball" => MadPinnInputSet.Ball,
                _ => throw r.Error("problem.input_set", $"expected 'box' or 'ball', found '{inputSet}'."),
            },
            SafetyRadius = r.Number(pe, "safety_radius", "problem."),
            AgentRadius = pe.TryGetProperty("agent_radius", out _) ? r.Number(pe, "agent_radius", "problem.") : null,
            Horizon = r.Number(pe, "horizon", "problem."),
            PositionRange = r.Number(pe, "position_range", "problem."),
            GoalRange = r.Number(pe, "goal_range", "problem."),
            BudgetMin = r.Number(pe, "budget_min", "problem."),
            BudgetMax = r.Number(pe, "budget_max", "problem."),
            Obstacles = obstacles,
        };
        JsonElement ne = r.Object(root, "network");
        var network = new SineNetworkOptions { HiddenLayers = r.Int(ne, "hidden_layers", "network."), Width = r.Int(ne, "width", "network."), Omega0 = r.Number(ne, "omega0", "network.") };
        JsonElement no = r.Object(root, "normalization");
        double[] center = r.Numbers(r.Array(no, "input_center", "normalization."), "normalization.input_center");
        double[] half = r.Numbers(r.Array(no, "input_half_width", "normalization."), "normalization.input_half_width");
        double scale = r.Number(no, "output_scale", "normalization.");
        double shift = r.Number(no, "output_shift", "normalization.");
        JsonElement te = r.Object(root, "training");
        var training = new MadPinnTrainingState(r.Int(te, "iteration", "training."), r.Number(te, "boundary_weight", "training."), r.Number(te, "seconds", "training."), r.MaybeNumber(te, "residual_loss", "training."), r.MaybeNumber(te, "boundary_loss", "training."));
        var layers = new List<DenseLayer>();
        int index = 0;
        foreach (JsonElement le in r.Array(root, "layers").EnumerateArray())
        {
            string at = $"layers[{index}].";
            if (le.ValueKind != JsonValueKind.Object)
            {
                throw r.Error($"layers[{index}]", "expected an object with inputs, outputs, weights and bias.");
            }

            int inputs = r.Int(le, "inputs", at), outputs = r.Int(le, "outputs", at);
            double[] weights = r.Numbers(r.Array(le, "weights", at), at + "weights");
            double[] bias = r.Numbers(r.Array(le, "bias", at), at + "bias");
            if (inputs < 1 || outputs < 1 || weights.Length != (long)inputs * outputs || bias.Length != outputs)
            {
                throw r.Error($"layers[{index}]", $"a {outputs} x {inputs} layer needs {(long)inputs * outputs} weights and {outputs} biases, found {weights.Length} and {bias.Length} (truncated?).");
            }

            layers.Add(new DenseLayer(inputs, outputs, weights, bias));
            index++;
        }

        return new MadPinnModel(problem, network, layers, center, half, scale, shift, training);
    }

    private static void WriteArray(Utf8JsonWriter w, string name, IReadOnlyList<double> values, bool single)
    {
        w.WriteStartArray(name);
        foreach (double v in values)
        {
            if (!double.IsFinite(v))
            {
                throw new ArgumentException($"The model holds a non-finite number in '{name}'; refusing to write it.", nameof(values));
            }

            if (single)
            {
                w.WriteNumberValue((float)v);
            }
            else
            {
                w.WriteNumberValue(v);
            }
        }

        w.WriteEndArray();
    }

    private static void WriteMaybe(Utf8JsonWriter w, string name, double v)
    {
        if (double.IsFinite(v))
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private sealed class Reader(string source)
    {
        public MadPinnModelException Error(string field, string message) => new($"{source}: {field}: {message}");

        public JsonElement Property(JsonElement obj, string name, string prefix) =>
            obj.TryGetProperty(name, out JsonElement v) ? v : throw Error(prefix + name, "missing (truncated or not a MAD-PINN model?).");

        public JsonElement Object(JsonElement obj, string name, string prefix = "")
        {
            JsonElement v = Property(obj, name, prefix);
            return v.ValueKind == JsonValueKind.Object ? v : throw Error(prefix + name, $"expected an object, found {v.ValueKind}.");
        }

        public JsonElement Array(JsonElement obj, string name, string prefix = "")
        {
            JsonElement v = Property(obj, name, prefix);
            return v.ValueKind == JsonValueKind.Array ? v : throw Error(prefix + name, $"expected an array, found {v.ValueKind}.");
        }

        public string String(JsonElement obj, string name, string prefix = "")
        {
            JsonElement v = Property(obj, name, prefix);
            return v.ValueKind == JsonValueKind.String ? v.GetString()! : throw Error(prefix + name, $"expected a string, found {v.ValueKind}.");
        }

        public double Number(JsonElement obj, string name, string prefix = "") => Finite(Property(obj, name, prefix), prefix + name);

        public double MaybeNumber(JsonElement obj, string name, string prefix = "")
        {
            JsonElement v = Property(obj, name, prefix);
            return v.ValueKind == JsonValueKind.Null ? double.NaN : Finite(v, prefix + name);
        }

        public int Int(JsonElement obj, string name, string prefix = "")
        {
            JsonElement v = Property(obj, name, prefix);
            return v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int i) ? i : throw Error(prefix + name, $"expected a whole number, found {v.GetRawText()}.");
        }

        public double[] Numbers(JsonElement array, string field)
        {
            if (array.ValueKind != JsonValueKind.Array)
            {
                throw Error(field, $"expected an array of numbers, found {array.ValueKind}.");
            }

            double[] result = new double[array.GetArrayLength()];
            int k = 0;
            foreach (JsonElement e in array.EnumerateArray())
            {
                result[k] = Finite(e, string.Create(CultureInfo.InvariantCulture, $"{field}[{k}]"));
                k++;
            }

            return result;
        }

        private double Finite(JsonElement v, string field)
        {
            if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out double d) || !double.IsFinite(d))
            {
                throw Error(field, $"expected a finite number, found {(v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText())} (NaN or infinity in a model means training diverged).");
            }

            return d;
        }
    }
}
