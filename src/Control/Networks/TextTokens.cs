namespace Certus.Control.Networks;

/// <summary>The whitespace-separated tokens of a text, each with its 1-based line number.</summary>
internal sealed class TextTokens
{
    private readonly string _text;
    private readonly List<(int Start, int Length, int Line)> _tokens = [];

    public TextTokens(string text)
    {
        _text = text;
        int line = 1;
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (c == '\n')
            {
                line++;
                i++;
            }
            else if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else
            {
                int start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]))
                {
                    i++;
                }

                _tokens.Add((start, i - start, line));
            }
        }

        LastLine = line;
    }

    /// <summary>Number of tokens.</summary>
    public int Count => _tokens.Count;

    /// <summary>The line number of the end of the text.</summary>
    public int LastLine { get; }

    /// <summary>Token <paramref name="index"/>.</summary>
    public ReadOnlySpan<char> this[int index] => _text.AsSpan(_tokens[index].Start, _tokens[index].Length);

    /// <summary>The line of token <paramref name="index"/>.</summary>
    public int LineOf(int index) => _tokens[index].Line;
}
