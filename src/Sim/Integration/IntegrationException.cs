namespace Certus.Sim.Integration;

/// <summary>
/// An integration could not finish: the step count guard was hit, or the adaptive step fell below its minimum
/// (usually a stiff or diverging system, or a non-finite state). The message names the time and the step.
/// </summary>
public sealed class IntegrationException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public IntegrationException()
        : base("The integration failed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What went wrong, where.</param>
    public IntegrationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">What went wrong, where.</param>
    /// <param name="innerException">The cause.</param>
    public IntegrationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a message and the time at which the integration stopped.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="time">The time reached.</param>
    public IntegrationException(string message, double time)
        : base(message) => Time = time;

    /// <summary>The time the integration had reached when it failed (NaN when unknown).</summary>
    public double Time { get; } = double.NaN;
}
