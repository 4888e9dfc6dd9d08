namespace Certus.Verify.Reports;

/// <summary>The report could not be written (the folder cannot be created or a file cannot be written); the message
/// names the path and the cause.</summary>
public sealed class ReportException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ReportException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed, with the path.</param>
    public ReportException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed, with the path.</param>
    /// <param name="innerException">The I/O error.</param>
    public ReportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
