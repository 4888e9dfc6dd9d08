namespace Certus.Testing;

/// <summary>A controller property was falsified; the message is the full report (shrunk counterexample, trajectory
/// table, replay seed), so that a test runner shows it as the failure message.</summary>
public sealed class ControllerPropertyException : Exception
{
    /// <summary>Creates the exception from a failed check.</summary>
    /// <param name="result">The failed check.</param>
    public ControllerPropertyException(ControllerCheckResult result)
        : base(NotNull(result).Report)
    {
        Result = result;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public ControllerPropertyException()
    {
    }

    /// <summary>Creates the exception with a message only.</summary>
    /// <param name="message">The message.</param>
    public ControllerPropertyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ControllerPropertyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The failed check, when the exception came from one.</summary>
    public ControllerCheckResult? Result { get; }

    private static ControllerCheckResult NotNull(ControllerCheckResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result;
    }
}
