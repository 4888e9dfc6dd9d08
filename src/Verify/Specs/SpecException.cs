namespace Certus.Verify.Specs;

/// <summary>A spec file that cannot be used; the message names the file, the line and the field.</summary>
public sealed class SpecException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SpecException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public SpecException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public SpecException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a place in a file.</summary>
    /// <param name="file">The spec file.</param>
    /// <param name="line">The 1-based line (0 when unknown).</param>
    /// <param name="field">The field path, e.g. <c>plant.dynamics.x1</c>.</param>
    /// <param name="problem">What is wrong and what is expected.</param>
    public SpecException(string file, long line, string field, string problem)
        : base($"{file}{(line > 0 ? $":{line}" : string.Empty)}: {field}: {problem}")
    {
        File = file;
        Line = line;
        Field = field;
    }

    /// <summary>The spec file.</summary>
    public string? File { get; }

    /// <summary>The 1-based line, or 0.</summary>
    public long Line { get; }

    /// <summary>The field path.</summary>
    public string? Field { get; }
}
