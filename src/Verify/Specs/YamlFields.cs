using System.Globalization;
using Certus.Core.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Certus.Verify.Specs;

/// <summary>Typed access to YAML nodes whose failures are <see cref="SpecException"/>s naming the file, the line and the field.</summary>
/// <param name="path">The file name used in messages.</param>
/// <param name="maxMagnitude">The largest absolute value <see cref="Number"/> accepts (default: any finite number).</param>
internal sealed class YamlFields(string path, double maxMagnitude = double.MaxValue)
{
    public string Path => path;

    /// <summary>The largest YAML file a reader accepts (16 MiB).</summary>
    public const long MaxFileBytes = 16L << 20;

    /// <summary>The text of a YAML file (a regular file of at most <see cref="MaxFileBytes"/> bytes); a file that cannot be read is a <see cref="SpecException"/> ("cannot read the {what}").</summary>
    public static string ReadFile(string path, string what)
    {
        try
        {
            return Core.IO.InputFile.ReadText(path, MaxFileBytes);
        }
        catch (Core.IO.InputFileException e)
        {
            throw new SpecException(path, 0, "file", $"cannot read the {what}: {e.Reason}");
        }
    }

    /// <summary>The deepest YAML nesting a reader accepts (flow brackets, indentation and block indicators on a line, counted together).</summary>
    public const int MaxNesting = 200;

    /// <summary>
    /// Loads YAML text after checking its nesting: the YAML library recurses once per level, so a document such as
    /// <c>[[[[...]]]]</c> 60,000 deep would overflow the stack (which no handler can catch); such text is a <see cref="SpecException"/>.
    /// </summary>
    public static YamlStream Load(string path, string text)
    {
        (int depth, int line) = Nesting(text);
        if (depth > MaxNesting)
        {
            throw new SpecException(path, line, "yaml", $"nested more than {MaxNesting} levels deep (brackets, indentation and '- ' or ': ' on one line); a spec needs a handful.");
        }

        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream;
    }

    // An upper estimate of the nesting depth of YAML text and the first line where it exceeds MaxNesting.
    private static (int Depth, int Line) Nesting(string text)
    {
        int flow = 0, indent = 0, blocks = 0, line = 1, max = 0, maxLine = 1;
        bool single = false, quoted = false, comment = false, lineStart = true;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            char before = i > 0 ? text[i - 1] : '\n';
            bool tokenStart = before is ' ' or '\t' or '\n' or '\r' or '[' or '{' or ',' or ':' or '-' or '?';
            if (c == '\n')
            {
                line++;
                comment = false;
                lineStart = true;
                indent = 0;
                blocks = 0;
                continue;
            }

            if (comment)
            {
                continue;
            }

            if (quoted)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }

                continue;
            }

            if (single)
            {
                single = c != '\'';
                continue;
            }

            if (lineStart && c == ' ')
            {
                indent++;
                continue;
            }

            lineStart = false;
            char after = i + 1 < text.Length ? text[i + 1] : '\n';
            switch (c)
            {
                case '"' when tokenStart:
                    quoted = true;
                    break;
                case '\'' when tokenStart:
                    single = true;
                    break;
                case '#' when tokenStart:
                    comment = true;
                    break;
                case '[' or '{':
                    flow++;
                    break;
                case ']' or '}':
                    flow = Math.Max(0, flow - 1);
                    break;
                case '-' or '?' or ':' when after is ' ' or '\t' or '\n' or '\r':
                    blocks++;
                    break;
            }

            int depth = flow + indent + blocks;
            if (depth > max)
            {
                max = depth;
                maxLine = line;
                if (max > MaxNesting)
                {
                    return (max, maxLine);
                }
            }
        }

        return (max, maxLine);
    }

    /// <summary>Runs a parse; YAML syntax errors become <see cref="SpecException"/>s naming the file and the line.</summary>
    public static T Guarded<T>(string path, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (YamlException e)
        {
            throw new SpecException(path, e.Start.Line, "yaml", $"not valid YAML: {e.InnerException?.Message ?? e.Message}");
        }
        catch (InvalidOperationException e) when (e.Source == "YamlDotNet")
        {
            // YamlDotNet reports some unterminated structures (an unclosed '[' in a scalar's place) this way, with no position.
            throw new SpecException(path, 0, "yaml", $"not valid YAML ({e.Message}); check the brackets and indentation.");
        }
        catch (ArgumentException e) when (e.Source == "YamlDotNet")
        {
            // A stray event where a node is expected ("The current event is of an unsupported type"), also without a position.
            throw new SpecException(path, 0, "yaml", $"not valid YAML ({e.Message}); check the brackets, indentation and '---' or '...' markers.");
        }
    }

    /// <summary>An optional number field: its value checked against the bounds, or the fallback when absent.</summary>
    public double OptionalNumber(YamlMappingNode map, string key, string prefix, double fallback, double min, bool exclusiveMin = false) =>
        Optional(map, key) is { } node ? Number(node, prefix + key, min, exclusiveMin: exclusiveMin) : fallback;

    /// <summary>An optional whole-number field: its value checked against the bounds, or the fallback when absent.</summary>
    public int OptionalInteger(YamlMappingNode map, string key, string prefix, int fallback, int min, int max) =>
        Optional(map, key) is { } node ? Integer(node, prefix + key, min, max) : fallback;

    public SpecException Error(YamlNode? node, string field, string problem) => new(path, node?.Start.Line ?? 0, field, problem);

    public string Scalar(YamlNode node, string field) => node is YamlScalarNode { Value: { } v } && v.Length > 0
        ? v
        : throw Error(node, field, $"expected a value here, found {Describe(node)}.");

    public YamlMappingNode Mapping(YamlNode node, string field) =>
        node as YamlMappingNode ?? throw Error(node, field, $"expected a mapping (key: value lines), found {Describe(node)}.");

    public IReadOnlyList<YamlNode> Sequence(YamlNode node, string field) =>
        node is YamlSequenceNode s ? s.Children.ToArray() : throw Error(node, field, $"expected a list ([a, b] or '- item' lines), found {Describe(node)}.");

    public static YamlNode? Optional(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? v) ? v : null;

    public YamlNode Required(YamlMappingNode map, string key, string prefix, string hint) =>
        Optional(map, key) ?? throw Error(map, prefix + key, $"missing; {hint}.");

    /// <summary>A finite number written as a decimal (or an expression of constants such as <c>pi/4</c>), within bounds.</summary>
    public double Number(YamlNode node, string field, double min = double.NegativeInfinity, double max = double.PositiveInfinity, bool exclusiveMin = false)
    {
        string text = Scalar(node, field);
        double v;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out v))
        {
            try
            {
                v = Core.Expressions.ExpressionEvaluator.Evaluate<double, Core.Expressions.DoubleArithmetic>(Core.Expressions.ExpressionParser.Parse(text), default, _ => throw new ArgumentException("no variables here"));
            }
            catch (Exception e) when (e is Core.Expressions.ExpressionParseException or ArgumentException or KeyNotFoundException)
            {
                throw Error(node, field, $"expected a number, found '{text}'.");
            }
        }

        if (!double.IsFinite(v))
        {
            throw Error(node, field, $"expected a finite number, found '{text}'.");
        }

        if (Math.Abs(v) > maxMagnitude)
        {
            throw Error(node, field, $"expected a number of magnitude at most {maxMagnitude:G3}, found {text}.");
        }

        if (v < min || (exclusiveMin && v == min) || v > max)
        {
            string range = double.IsPositiveInfinity(max) ? (exclusiveMin ? $"greater than {min}" : $"at least {min}") : $"in [{min}, {max}]";
            throw Error(node, field, $"expected a number {range}, found {text}.");
        }

        return v;
    }

    public int Integer(YamlNode node, string field, int min, int max)
    {
        string text = Scalar(node, field);
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) || v < min || v > max)
        {
            throw Error(node, field, $"expected a whole number in [{min}, {max}], found '{text}'.");
        }

        return v;
    }

    public (double X, double Y) Point(YamlNode node, string field)
    {
        IReadOnlyList<YamlNode> items = Sequence(node, field);
        if (items.Count != 2)
        {
            throw Error(node, field, $"expected a point [x, y], found a list of {items.Count}.");
        }

        return (Number(items[0], field + "[0]"), Number(items[1], field + "[1]"));
    }

    public void CheckFields(YamlMappingNode map, string[] allowed, string prefix)
    {
        foreach (YamlNode key in map.Children.Keys)
        {
            string k = (key as YamlScalarNode)?.Value ?? string.Empty;
            if (!allowed.Contains(k))
            {
                string? close = allowed.FirstOrDefault(a => Close(a, k));
                throw Error(key, prefix + k, $"unknown field{(close is null ? string.Empty : $" (did you mean '{close}'?)")}; expected one of {string.Join(", ", allowed)}.");
            }
        }
    }

    public string Choice(YamlNode node, string field, string[] allowed)
    {
        string v = Scalar(node, field);
        if (allowed.Contains(v))
        {
            return v;
        }

        string? close = allowed.FirstOrDefault(a => Close(a, v));
        throw Error(node, field, $"'{v}' is not one of {string.Join(", ", allowed)}{(close is null ? string.Empty : $" (did you mean '{close}'?)")}.");
    }

    private static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode s => string.IsNullOrEmpty(s.Value) ? "nothing" : $"'{s.Value}'",
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => "something else",
    };

    private static bool Close(string a, string b) =>
        a.Length > 2 && b.Length > 0 && (a.StartsWith(b, StringComparison.OrdinalIgnoreCase) || b.StartsWith(a, StringComparison.OrdinalIgnoreCase) || EditDistance.Between(a.ToUpperInvariant(), b.ToUpperInvariant()) <= 2 || (a.Length == b.Length && a.Order().SequenceEqual(b.Order())));
}
