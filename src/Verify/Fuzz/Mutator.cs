using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;

namespace Certus.Verify.Fuzz;

/// <summary>Mutations of input texts: character flips, truncations, line deletions and duplications, hostile tokens
/// and numbers, deep nesting and long flat chains, chunk deletion and duplication, binary overwrites.</summary>
internal static partial class Mutator
{
    public const int Kinds = 12;

    private static readonly string[] Tokens =
    [
        "+", "-", "*", "/", "^", "(", ")", "[", "]", "{", "}", ",", ":", ": ", "- ", "'", "\"", "#", "&a", "*a", "!!str ", "!!binary ",
        "sqrt(", "log(", "0/0", "1/0", "sqrt(-1)", "log(0)", "1e308*10", "NaN", ".nan", ".inf", "-.inf", "inf", "pi", "t", "out[0]", "out[99]",
        "out[999999]", "x", "x1", "min(", "max(", "pow(", "?", "\t", "\n", "\n  ", "\r\n", "\0", "\uFFFD", "\u00e9", "---\n", "...\n", "~", "null",
        "true", "[]", "{}", "[1, 2]", "<=", ">=", "<= 0/0", "during: [0, 1e308]", "horizon: 1000000", "period: 1e-300", "\"\"", "\\u0000",
    ];

    private static readonly string[] Numbers =
    [
        "1e308", "1e309", "-1e400", "1e-400", "NaN", ".nan", ".inf", "-.inf", "Infinity", "0", "-0", "-1", "4294967296", "2147483648",
        "-2147483649", "99999999999999999999999999", "0x10", "1_000", "0/0", "1e308*10", "sqrt(-1)", "1.0.0", "1e", "--1", "0.", ".5", "100000",
    ];

    private static readonly int[] Depths = [50, 150, 199, 250, 600, 1200, 5000, 60000];

    private static readonly char[] Characters = ['\0', '\u0001', '\u007f', '\u00ff', '\u00a0', '\uFFFD', ' ', '\t', '\n', '"', '\'', '[', ']', '{', '}', '(', ')', ':', ',', '-', '#', '&', '*', '!', '|', '>', '%', '@', '`', '0', '9', 'e', 'x', '.'];

    private static readonly Gen<Mutation> OneMutation =
        from kind in Gen.Choose(0, Kinds - 1)
        from a in Gen.Choose(0, int.MaxValue)
        from b in Gen.Choose(0, int.MaxValue)
        from pick in Gen.Choose(0, 1 << 20)
        select new Mutation(kind, a, b, pick);

    /// <summary>One to three mutations of one of <paramref name="seeds"/> seeds (an index).</summary>
    public static Gen<(int Seed, Mutation[] Mutations)> Case(int seeds) =>
        from seed in Gen.Choose(0, seeds - 1)
        from count in Gen.Frequency((6, Gen.Constant(1)), (3, Gen.Constant(2)), (1, Gen.Constant(3)))
        from m1 in OneMutation
        from m2 in OneMutation
        from m3 in OneMutation
        select (seed, new[] { m1, m2, m3 }[..count]);

    /// <summary>Draws case <paramref name="index"/> of a run: FsCheck's generator on a random source mixed from the seed and the index.</summary>
    public static T Draw<T>(Gen<T> gen, int seed, int index)
    {
        ulong z = ((ulong)(uint)seed << 32) ^ (uint)index;
        z = Mix(z + 0x9E3779B97F4A7C15UL);
        ulong gamma = Mix(z ^ 0xD1B54A32D192ED03UL) | 1UL;
        return gen.Sample(100, new Rnd(z, gamma), 1)[0];
    }

    public static string Describe(Mutation m) => (m.Kind % Kinds) switch
    {
        0 => $"flip@{m.A}",
        1 => $"truncate@{m.A}",
        2 => $"delete-line#{m.A}",
        3 => $"duplicate-line#{m.A}",
        4 => $"insert '{Printable(Tokens[m.Pick % Tokens.Length])}'@{m.A}",
        5 => $"number#{m.A}->{Numbers[m.Pick % Numbers.Length]}",
        6 => $"nest({m.B % 4})x{Depths[m.Pick % Depths.Length]}@line{m.A}",
        7 => $"delete-chunk@{m.A}+{m.B % 64}",
        8 => $"duplicate-chunk@{m.A}+{m.B % 256}",
        9 => $"swap-lines#{m.A},{m.B}",
        10 => $"overwrite@{m.A}x{1 + (m.B % 8)}",
        _ => $"insert-char {m.Pick % 256}@{m.A}",
    };

    public static string Apply(string text, Mutation m)
    {
        int n = text.Length;
        int at = n == 0 ? 0 : m.A % n;
        switch (m.Kind % Kinds)
        {
            case 0:
                return n == 0 ? text : string.Concat(text.AsSpan(0, at), Characters[m.Pick % Characters.Length].ToString(), text.AsSpan(at + 1));
            case 1:
                return text[..(m.A % (n + 1))];
            case 2:
            case 3:
            case 9:
            {
                List<string> lines = [.. text.Split('\n')];
                int i = m.A % lines.Count, j = m.B % lines.Count;
                if (m.Kind % Kinds == 2)
                {
                    lines.RemoveAt(i);
                }
                else if (m.Kind % Kinds == 3)
                {
                    lines.Insert(i, lines[i]);
                }
                else
                {
                    (lines[i], lines[j]) = (lines[j], lines[i]);
                }

                return string.Join('\n', lines);
            }

            case 4:
                return text.Insert(n == 0 ? 0 : m.A % (n + 1), Tokens[m.Pick % Tokens.Length]);
            case 5:
            {
                MatchCollection numbers = NumberPattern().Matches(text);
                if (numbers.Count == 0)
                {
                    return text;
                }

                Match x = numbers[m.A % numbers.Count];
                return string.Concat(text.AsSpan(0, x.Index), Numbers[m.Pick % Numbers.Length], text.AsSpan(x.Index + x.Length));
            }

            case 6:
                return Nest(text, m);
            case 7:
                return n == 0 ? text : text.Remove(at, Math.Min(n - at, 1 + (m.B % 64)));
            case 8:
                return n == 0 ? text : text.Insert(at, text.Substring(at, Math.Min(n - at, 1 + (m.B % 256))));
            case 10:
            {
                if (n == 0)
                {
                    return text;
                }

                int length = Math.Min(n - at, 1 + (m.B % 8));
                return string.Concat(text.AsSpan(0, at), new string((m.Pick % 3) switch { 0 => '\u00ff', 1 => '\u007f', _ => '\u0080' }, length), text.AsSpan(at + length));
            }

            default:
                return text.Insert(n == 0 ? 0 : m.A % (n + 1), ((char)(m.Pick % 256)).ToString());
        }
    }

    // Replaces the value of a 'key: value' line by a deeply nested or very long version of itself.
    private static string Nest(string text, Mutation m)
    {
        string[] lines = text.Split('\n');
        int[] candidates = [.. Enumerable.Range(0, lines.Length).Where(i => lines[i].IndexOf(": ", StringComparison.Ordinal) > 0)];
        if (candidates.Length == 0)
        {
            return text;
        }

        int line = candidates[m.A % candidates.Length];
        int colon = lines[line].IndexOf(": ", StringComparison.Ordinal) + 2;
        string key = lines[line][..colon], value = lines[line][colon..].TrimEnd('\r');
        if (value.Length == 0 || value.Length > 200)
        {
            value = "x";
        }

        int depth = Depths[m.Pick % Depths.Length];
        string nested = (m.B % 4) switch
        {
            0 => new string('(', depth) + value + new string(')', depth),
            1 => string.Join(" + ", Enumerable.Repeat(value.Trim('[', ']', '{', '}', '"'), Math.Min(depth, 20000))),
            2 => string.Concat(Enumerable.Repeat("sin(", depth)) + value + new string(')', depth),
            _ => new string('[', depth) + value + new string(']', depth),
        };
        lines[line] = key + nested;
        return string.Join('\n', lines);
    }

    private static string Printable(string token) => token.Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal)
        .Replace("\t", "\\t", StringComparison.Ordinal).Replace("\0", "\\0", StringComparison.Ordinal);

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    [GeneratedRegex(@"-?\d+(\.\d+)?([eE][+-]?\d+)?", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();
}
