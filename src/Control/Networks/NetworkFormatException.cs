namespace Certus.Control.Networks;

/// <summary>
/// A network file could not be read: it is missing, truncated, not in the expected format, declares sizes that do
/// not fit, holds a non-finite weight, names an unknown activation or uses an unsupported ONNX operator. Every reader
/// in <see cref="Certus.Control.Networks"/> throws only this type for bad input; the message names the file, the place
/// (a line number for text formats, a node or initializer for ONNX, a JSON path) and what was expected.
/// </summary>
public sealed class NetworkFormatException : Exception
{
    /// <summary>Creates an exception with a generic message.</summary>
    public NetworkFormatException()
        : base("The network file is malformed.")
    {
    }

    /// <summary>Creates an exception with the given message.</summary>
    /// <param name="message">What went wrong, including the file and the place.</param>
    public NetworkFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with the given message and cause.</summary>
    /// <param name="message">What went wrong, including the file and the place.</param>
    /// <param name="innerException">The lower-level failure (an I/O, protobuf or JSON error), or null.</param>
    public NetworkFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception whose message is <c>source: place: problem</c>.</summary>
    /// <param name="sourceName">The file (or other source) that was read.</param>
    /// <param name="place">Where in the source (such as <c>line 12</c> or <c>node 'Gemm_3'</c>), or null for the whole file.</param>
    /// <param name="problem">What was found and what was expected.</param>
    /// <param name="innerException">The lower-level failure, or null.</param>
    public NetworkFormatException(string sourceName, string? place, string problem, Exception? innerException = null)
        : base(place is null ? $"{sourceName}: {problem}" : $"{sourceName}: {place}: {problem}", innerException)
    {
        SourceName = sourceName;
        Place = place;
    }

    /// <summary>The file (or other source) that was read, when known.</summary>
    public string? SourceName { get; }

    /// <summary>Where in the source the problem is (a line, a node, a JSON path), when known.</summary>
    public string? Place { get; }
}
