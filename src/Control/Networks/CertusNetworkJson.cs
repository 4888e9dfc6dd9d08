using System.Globalization;
using System.Text;
using System.Text.Json;
using Certus.Core.Networks;

namespace Certus.Control.Networks;

/// <summary>
/// The project's own network format: readable JSON that round-trips every double exactly.
/// </summary>
/// <remarks>
/// <para>Shape:</para>
/// <code>
/// {
///   "format": "certus-network", "version": 1, "name": "acc",
///   "inputOffset": [..], "inputScale": [..], "outputOffset": [..], "outputScale": [..],
///   "layers": [ { "activation": "relu", "weights": [[row 1], [row 2]], "bias": [..] }, .. ]
/// }
/// </code>
/// <para><c>format</c>, <c>version</c> and <c>layers</c> are required; <c>name</c> and the four normalisation vectors are
/// optional (zeros and ones by default). Each layer has one weight row per output, each row one weight per input.
/// Activations are <c>identity</c>, <c>relu</c>, <c>tanh</c>, <c>sigmoid</c> and <c>leakyRelu</c> (names are
/// case-insensitive); a <c>leakyRelu</c> layer may carry <c>"leakySlope"</c> (default 0.01). Unknown properties are
/// errors, so a misspelt field is not silently ignored. Numbers are written in the shortest form that reads back as the
/// same double, so write-then-read gives identical weights.</para>
/// </remarks>
public static class CertusNetworkJson
{
    /// <summary>The value of the <c>format</c> property.</summary>
    public const string FormatName = "certus-network";

    /// <summary>The version this code writes and reads.</summary>
    public const int FormatVersion = 1;

    private static readonly byte[] Utf8ByteOrderMark = [0xEF, 0xBB, 0xBF];

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = 16,
    };

    /// <summary>Reads a network file in this format.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The network, named by its <c>name</c> property (or after <paramref name="path"/> when it has none).</returns>
    /// <exception cref="NetworkFormatException">The file is missing, unreadable or malformed (the message names the line or JSON path).</exception>
    public static FeedForwardNetwork Read(string path) => Parse(SourceFile.ReadBytes(path), path);

    /// <summary>Parses JSON text in this format.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="sourceName">The name used in messages (and as the network's name when it has none).</param>
    /// <returns>The network.</returns>
    /// <exception cref="NetworkFormatException">The text is malformed (the message names the line or JSON path).</exception>
    public static FeedForwardNetwork Parse(string json, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Parse(Encoding.UTF8.GetBytes(json), sourceName);
    }

    /// <summary>Parses UTF-8 JSON in this format.</summary>
    /// <param name="utf8Json">The JSON bytes.</param>
    /// <param name="sourceName">The name used in messages (and as the network's name when it has none).</param>
    /// <returns>The network.</returns>
    /// <exception cref="NetworkFormatException">The bytes are malformed (the message names the line or JSON path).</exception>
    public static FeedForwardNetwork Parse(byte[] utf8Json, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        ArgumentNullException.ThrowIfNull(sourceName);
        CheckUtf8(utf8Json, sourceName);
        ReadOnlyMemory<byte> content = utf8Json;
        if (content.Span.StartsWith(Utf8ByteOrderMark))
        {
            content = content[Utf8ByteOrderMark.Length..];
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(content, DocumentOptions);
        }
        catch (JsonException e)
        {
            string place = e.LineNumber is long line ? $"line {line + 1}, byte {(e.BytePositionInLine ?? 0) + 1}" : "JSON";
            throw new NetworkFormatException(sourceName, place, $"not valid JSON: {e.Message}", e);
        }
        catch (ArgumentException e)
        {
            throw new NetworkFormatException(sourceName, null, $"not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            return new Reader(sourceName).ReadNetwork(document.RootElement);
        }
    }

    // System.Text.Json checks UTF-8 inside strings only when they are read; check it all first.
    private static void CheckUtf8(byte[] bytes, string sourceName)
    {
        try
        {
            _ = StrictUtf8.GetCharCount(bytes);
        }
        catch (DecoderFallbackException e)
        {
            int at = Math.Clamp(e.Index, 0, bytes.Length);
            int line = 1 + bytes.AsSpan(0, at).Count((byte)'\n');
            throw new NetworkFormatException(sourceName, $"line {line}", $"the bytes are not valid UTF-8 (at byte {at + 1}); JSON files are UTF-8 text.", e);
        }
    }

    /// <summary>The network as JSON text in this format (indented, one weight row per line).</summary>
    /// <param name="network">The network.</param>
    /// <returns>The JSON text.</returns>
    public static string Serialize(FeedForwardNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("format", FormatName);
            writer.WriteNumber("version", FormatVersion);
            writer.WriteString("name", network.Name);
            WriteVector(writer, "inputOffset", network.InputOffset);
            WriteVector(writer, "inputScale", network.InputScale);
            WriteVector(writer, "outputOffset", network.OutputOffset);
            WriteVector(writer, "outputScale", network.OutputScale);
            writer.WriteStartArray("layers");
            foreach (DenseLayer layer in network.Layers)
            {
                writer.WriteStartObject();
                writer.WriteString("activation", ActivationName(layer.Activation));
                if (layer.Activation == Activation.LeakyRelu)
                {
                    writer.WritePropertyName("leakySlope");
                    writer.WriteRawValue(Format(layer.LeakySlope));
                }

                writer.WriteStartArray("weights");
                for (int r = 0; r < layer.OutputSize; r++)
                {
                    writer.WriteRawValue(FormatRow(layer.Weights.Slice(r * layer.InputSize, layer.InputSize)));
                }

                writer.WriteEndArray();
                WriteVector(writer, "bias", layer.Bias.ToArray());
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>Writes the network to a file in this format.</summary>
    /// <param name="network">The network.</param>
    /// <param name="path">The file, created or replaced.</param>
    public static void Write(FeedForwardNetwork network, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        File.WriteAllText(path, Serialize(network), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }

    /// <summary>The name used for an activation in this format.</summary>
    /// <param name="activation">The activation.</param>
    /// <returns>Such as <c>relu</c> or <c>leakyRelu</c>.</returns>
    public static string ActivationName(Activation activation) => activation switch
    {
        Activation.Identity => "identity",
        Activation.Relu => "relu",
        Activation.Tanh => "tanh",
        Activation.Sigmoid => "sigmoid",
        Activation.LeakyRelu => "leakyRelu",
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation."),
    };

    private static void WriteVector(Utf8JsonWriter writer, string name, IReadOnlyList<double> values)
    {
        writer.WritePropertyName(name);
        writer.WriteRawValue(FormatRow(values is double[] a ? a : values.ToArray()));
    }

    private static string FormatRow(ReadOnlySpan<double> values)
    {
        var s = new StringBuilder((values.Length * 22) + 2);
        s.Append('[');
        for (int i = 0; i < values.Length; i++)
        {
            if (i > 0)
            {
                s.Append(", ");
            }

            s.Append(Format(values[i]));
        }

        return s.Append(']').ToString();
    }

    // "R" is the shortest text that parses back to the same double (.NET Core 3.0 and later); JSON accepts its forms.
    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private sealed class Reader(string source)
    {
        private static readonly string[] TopLevel = ["format", "version", "name", "inputOffset", "inputScale", "outputOffset", "outputScale", "layers"];
        private static readonly string[] LayerLevel = ["activation", "leakySlope", "weights", "bias"];

        public FeedForwardNetwork ReadNetwork(JsonElement root)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Error("$", $"expected a JSON object with \"format\": \"{FormatName}\", found {Kind(root)}.");
            }

            CheckProperties(root, "$", TopLevel);
            if (!root.TryGetProperty("format", out JsonElement format) || format.ValueKind != JsonValueKind.String || format.GetString() != FormatName)
            {
                throw Error("$.format", $"expected \"format\": \"{FormatName}\" (this is not a Certus network file).");
            }

            if (!root.TryGetProperty("version", out JsonElement version) || version.ValueKind != JsonValueKind.Number
                || !version.TryGetInt32(out int v))
            {
                throw Error("$.version", $"expected \"version\": {FormatVersion}.");
            }

            if (v != FormatVersion)
            {
                throw Error("$.version", $"version {v} is not supported; this reader knows version {FormatVersion}.");
            }

            string name = source;
            if (root.TryGetProperty("name", out JsonElement nameElement))
            {
                if (nameElement.ValueKind != JsonValueKind.String)
                {
                    throw Error("$.name", $"expected a string, found {Kind(nameElement)}.");
                }

                name = nameElement.GetString() ?? source;
            }

            if (!root.TryGetProperty("layers", out JsonElement layersElement) || layersElement.ValueKind != JsonValueKind.Array
                || layersElement.GetArrayLength() == 0)
            {
                throw Error("$.layers", "expected a non-empty array of layers.");
            }

            var layers = new List<DenseLayer>();
            long weightCount = 0;
            int index = 0;
            foreach (JsonElement layerElement in layersElement.EnumerateArray())
            {
                DenseLayer layer = ReadLayer(layerElement, $"$.layers[{index}]", ref weightCount);
                if (layers.Count > 0 && layer.InputSize != layers[^1].OutputSize)
                {
                    throw Error($"$.layers[{index}].weights",
                        $"the rows have {layer.InputSize} weights but the layer before has {layers[^1].OutputSize} outputs.");
                }

                layers.Add(layer);
                index++;
            }

            int inputs = layers[0].InputSize;
            int outputs = layers[^1].OutputSize;
            double[]? inputOffset = OptionalVector(root, "inputOffset", inputs, "inputs");
            double[]? inputScale = OptionalVector(root, "inputScale", inputs, "inputs");
            double[]? outputOffset = OptionalVector(root, "outputOffset", outputs, "outputs");
            double[]? outputScale = OptionalVector(root, "outputScale", outputs, "outputs");
            return new FeedForwardNetwork(layers, inputOffset, inputScale, outputOffset, outputScale, name);
        }

        private DenseLayer ReadLayer(JsonElement element, string path, ref long weightCount)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw Error(path, $"expected a layer object, found {Kind(element)}.");
            }

            CheckProperties(element, path, LayerLevel);
            if (!element.TryGetProperty("activation", out JsonElement activationElement) || activationElement.ValueKind != JsonValueKind.String)
            {
                throw Error($"{path}.activation", "expected an activation name (identity, relu, tanh, sigmoid or leakyRelu).");
            }

            string activationName = activationElement.GetString() ?? string.Empty;
            Activation activation = activationName.ToLowerInvariant() switch
            {
                "identity" => Activation.Identity,
                "relu" => Activation.Relu,
                "tanh" => Activation.Tanh,
                "sigmoid" => Activation.Sigmoid,
                "leakyrelu" => Activation.LeakyRelu,
                _ => throw Error($"{path}.activation",
                    $"unknown activation {SourceFile.Quote(activationName)}; expected identity, relu, tanh, sigmoid or leakyRelu."),
            };

            double slope = 0.01;
            if (element.TryGetProperty("leakySlope", out JsonElement slopeElement))
            {
                if (activation != Activation.LeakyRelu)
                {
                    throw Error($"{path}.leakySlope", $"a slope is given but the activation is {activationName}, not leakyRelu.");
                }

                slope = Number(slopeElement, $"{path}.leakySlope");
                if (!(slope >= 0 && slope <= 1))
                {
                    throw Error($"{path}.leakySlope", $"the leaky ReLU slope is {slope}; it must lie in [0, 1].");
                }
            }

            if (!element.TryGetProperty("weights", out JsonElement weightsElement) || weightsElement.ValueKind != JsonValueKind.Array
                || weightsElement.GetArrayLength() == 0)
            {
                throw Error($"{path}.weights", "expected a non-empty array of weight rows (one per output).");
            }

            int rows = weightsElement.GetArrayLength();
            int columns = -1;
            double[]? weights = null;
            int r = 0;
            foreach (JsonElement row in weightsElement.EnumerateArray())
            {
                string rowPath = $"{path}.weights[{r}]";
                if (row.ValueKind != JsonValueKind.Array || row.GetArrayLength() == 0)
                {
                    throw Error(rowPath, $"expected a non-empty array of weights (one per input), found {Kind(row)}.");
                }

                if (columns < 0)
                {
                    columns = row.GetArrayLength();
                    weightCount += (long)rows * columns;
                    if (weightCount > NetworkFile.MaxWeights)
                    {
                        throw Error(rowPath, $"the network would exceed the limit of {NetworkFile.MaxWeights} weights.");
                    }

                    weights = new double[rows * columns];
                }
                else if (row.GetArrayLength() != columns)
                {
                    throw Error(rowPath, $"the row has {row.GetArrayLength()} weights but row 0 has {columns}; every row needs one weight per input.");
                }

                int c = 0;
                foreach (JsonElement value in row.EnumerateArray())
                {
                    weights![(r * columns) + c] = Number(value, $"{rowPath}[{c}]");
                    c++;
                }

                r++;
            }

            if (!element.TryGetProperty("bias", out JsonElement biasElement))
            {
                throw Error($"{path}.bias", $"expected an array of {rows} biases (one per output).");
            }

            double[] bias = Vector(biasElement, $"{path}.bias", rows, "outputs of the layer");
            return new DenseLayer(columns, rows, weights, bias, activation, slope);
        }

        private double[]? OptionalVector(JsonElement root, string name, int size, string what) =>
            root.TryGetProperty(name, out JsonElement element) ? Vector(element, $"$.{name}", size, what) : null;

        private double[] Vector(JsonElement element, string path, int size, string what)
        {
            if (element.ValueKind != JsonValueKind.Array)
            {
                throw Error(path, $"expected an array of {size} numbers, found {Kind(element)}.");
            }

            if (element.GetArrayLength() != size)
            {
                throw Error(path, $"the array has {element.GetArrayLength()} entries; it needs one for each of the {size} {what}.");
            }

            var values = new double[size];
            int i = 0;
            foreach (JsonElement value in element.EnumerateArray())
            {
                values[i] = Number(value, $"{path}[{i}]");
                i++;
            }

            return values;
        }

        private double Number(JsonElement element, string path)
        {
            if (element.ValueKind != JsonValueKind.Number)
            {
                throw Error(path, $"expected a number, found {Kind(element)}.");
            }

            if (!element.TryGetDouble(out double value) || !double.IsFinite(value))
            {
                throw Error(path, $"the number {SourceFile.Quote(element.GetRawText())} is not a finite double.");
            }

            return value;
        }

        private void CheckProperties(JsonElement element, string path, string[] known)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (JsonProperty property in element.EnumerateObject())
            {
                if (!known.Contains(property.Name, StringComparer.Ordinal))
                {
                    throw Error($"{path}.{property.Name}", $"unknown property; expected one of {string.Join(", ", known)}.");
                }

                if (!seen.Add(property.Name))
                {
                    throw Error($"{path}.{property.Name}", "the property appears twice.");
                }
            }
        }

        private static string Kind(JsonElement element) => element.ValueKind.ToString().ToLowerInvariant();

        private NetworkFormatException Error(string path, string problem) => new(source, path, problem);
    }
}
