namespace Certus.Control.MadPinn;

/// <summary>A MAD-PINN model file cannot be used: missing, truncated, malformed, inconsistent or holding non-finite numbers.</summary>
public sealed class MadPinnModelException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MadPinnModelException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong, and where.</param>
    public MadPinnModelException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What is wrong, and where.</param>
    /// <param name="inner">The cause.</param>
    public MadPinnModelException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
