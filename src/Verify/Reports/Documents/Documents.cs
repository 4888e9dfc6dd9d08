using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization;

namespace Certus.Verify.Reports.Documents;

/// <summary>Serialization of the <c>--json</c> documents and their JSON Schemas (generated from the types).</summary>
public static class Documents
{
    /// <summary>The serializer options every document is written with: snake_case names, indented, enums as strings.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>Every document type by kind (the schema's file name is <c>docs/schemas/KIND.schema.json</c>).</summary>
    public static IReadOnlyDictionary<string, Type> Kinds { get; } = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        ["certify"] = typeof(CertifyDocument),
        ["test"] = typeof(TestDocument),
        ["simulate"] = typeof(SimulateDocument),
        ["bench"] = typeof(BenchDocument),
        ["certify-part"] = typeof(CertifyPartDocument),
    };

    /// <summary>Serializes a document.</summary>
    /// <typeparam name="T">The document type.</typeparam>
    /// <param name="document">The document.</param>
    /// <returns>Indented JSON.</returns>
    public static string Serialize<T>(T document)
        where T : CertusDocument => JsonSerializer.Serialize(document, Options);

    /// <summary>The JSON Schema (draft 2020-12) of a document type.</summary>
    /// <param name="type">A type from <see cref="Kinds"/>.</param>
    /// <returns>The schema, indented, with a trailing newline.</returns>
    public static string Schema(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var exporter = new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = (context, node) =>
            {
                if (context.TypeInfo.Type == typeof(JsonReal))
                {
                    return new JsonObject
                    {
                        ["description"] = "A real number; \"inf\" and \"-inf\" for infinities, null for no value.",
                        ["anyOf"] = new JsonArray(
                            new JsonObject { ["type"] = "number" },
                            new JsonObject { ["enum"] = new JsonArray("inf", "-inf") },
                            new JsonObject { ["type"] = "null" }),
                    };
                }

                if (context.Path.IsEmpty && node is JsonObject root)
                {
                    var ordered = new JsonObject
                    {
                        ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
                        ["$id"] = $"urn:certus:schema:{KindOf(type)}:1",
                        ["title"] = $"certus {KindOf(type)} --json document, schema version 1",
                    };
                    foreach ((string key, JsonNode? value) in root.ToList())
                    {
                        root.Remove(key);
                        ordered[key] = value;
                    }

                    return ordered;
                }

                return node;
            },
        };
        JsonNode schema = Options.GetJsonSchemaAsNode(type, exporter);
        return schema.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    private static string KindOf(Type type) => Kinds.First(k => k.Value == type).Key;

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            WriteIndented = true,
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DictionaryKeyPolicy = null,
            RespectNullableAnnotations = true,
            TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        options.MakeReadOnly();
        return options;
    }
}
