namespace Certus.Core.IO;

/// <summary>An input file that cannot be read as a regular file of bounded size; the message names the file and the reason.</summary>
public sealed class InputFileException : IOException
{
    /// <summary>Creates the exception.</summary>
    public InputFileException()
    {
        Reason = string.Empty;
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public InputFileException(string message)
        : base(message)
    {
        Reason = message;
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public InputFileException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = message;
    }

    /// <summary>Creates the exception for a file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="reason">What is wrong, as a sentence.</param>
    /// <param name="innerException">The cause, if any.</param>
    public InputFileException(string path, string reason, Exception? innerException = null)
        : base($"{path}: {reason}", innerException)
    {
        FilePath = path;
        Reason = reason;
    }

    /// <summary>The file, when known.</summary>
    public string? FilePath { get; }

    /// <summary>What is wrong, without the file name.</summary>
    public string Reason { get; }
}
