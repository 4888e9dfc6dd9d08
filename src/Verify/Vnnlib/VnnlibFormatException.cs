namespace Certus.Verify.Vnnlib;

/// <summary>A VNN-LIB file that cannot be read; the message starts with <c>file:line:column:</c>.</summary>
public sealed class VnnlibFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public VnnlibFormatException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public VnnlibFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public VnnlibFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a place in a file.</summary>
    /// <param name="source">The file.</param>
    /// <param name="line">1-based line.</param>
    /// <param name="column">1-based column.</param>
    /// <param name="problem">What was wrong and what was expected.</param>
    public VnnlibFormatException(string source, int line, int column, string problem)
        : base($"{source}:{line}:{column}: {problem}")
    {
        Line = line;
        Column = column;
    }

    /// <summary>The 1-based line (0 when unknown).</summary>
    public int Line { get; }

    /// <summary>The 1-based column (0 when unknown).</summary>
    public int Column { get; }
}
