using System.Text.Json;
using System.Text.Json.Serialization;

namespace Certus.Verify.Reports.Documents;

/// <summary>
/// A real number in a JSON document: finite values as numbers, +∞ as <c>"inf"</c>, −∞ as <c>"-inf"</c>, NaN (no
/// value, for instance a timeout) as <c>null</c> (JSON has no infinities).
/// </summary>
/// <param name="Value">The value.</param>
[JsonConverter(typeof(JsonRealConverter))]
public readonly record struct JsonReal(double Value)
{
    /// <summary>Wraps a double.</summary>
    /// <param name="value">The value.</param>
    public static implicit operator JsonReal(double value) => new(value);

    /// <summary>Wraps a double.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The wrapper.</returns>
    public static JsonReal FromDouble(double value) => new(value);
}

/// <summary>Writes and reads <see cref="JsonReal"/> by the document convention.</summary>
public sealed class JsonRealConverter : JsonConverter<JsonReal>
{
    /// <inheritdoc/>
    public override JsonReal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Number => new JsonReal(reader.GetDouble()),
        JsonTokenType.Null => new JsonReal(double.NaN),
        JsonTokenType.String when reader.GetString() == "inf" => new JsonReal(double.PositiveInfinity),
        JsonTokenType.String when reader.GetString() == "-inf" => new JsonReal(double.NegativeInfinity),
        _ => throw new JsonException("expected a number, \"inf\", \"-inf\" or null"),
    };

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, JsonReal value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        double x = value.Value;
        if (double.IsFinite(x))
        {
            writer.WriteNumberValue(x);
        }
        else if (double.IsNaN(x))
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(x > 0 ? "inf" : "-inf");
        }
    }
}
