namespace Certus.Core.Expressions;

/// <summary>An expression text that cannot be parsed; the message names the text, the column and what was expected.</summary>
public sealed class ExpressionParseException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public ExpressionParseException()
    {
        Text = string.Empty;
        Expected = string.Empty;
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public ExpressionParseException(string message)
        : base(message)
    {
        Text = string.Empty;
        Expected = string.Empty;
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ExpressionParseException(string message, Exception innerException)
        : base(message, innerException)
    {
        Text = string.Empty;
        Expected = string.Empty;
    }

    /// <summary>Creates the exception for a position in a text.</summary>
    /// <param name="text">The whole expression text.</param>
    /// <param name="column">The 1-based column of the problem.</param>
    /// <param name="expected">What was expected there.</param>
    /// <param name="found">What was found (empty at the end of the text).</param>
    public ExpressionParseException(string text, int column, string expected, string found)
        : base($"'{text}': expected {expected} at column {column}, found {(found.Length == 0 ? "the end of the text" : $"'{found}'")}.")
    {
        Text = text;
        Column = column;
        Expected = expected;
    }

    /// <summary>The expression text.</summary>
    public string Text { get; }

    /// <summary>The 1-based column.</summary>
    public int Column { get; }

    /// <summary>What was expected.</summary>
    public string Expected { get; }
}
