namespace Certus.Reach.Flow;

/// <summary>Thrown by <see cref="IFlowAlgorithm.Enclose"/> when the flow cannot be validated; carries the failure.</summary>
public sealed class FlowValidationException : Exception
{
    /// <summary>Creates the exception from a failure.</summary>
    /// <param name="failure">What failed and what was validated.</param>
    public FlowValidationException(FlowFailure failure)
        : base(Describe(failure))
    {
        Failure = failure;
    }

    /// <summary>Creates the exception with a message only (no failure record).</summary>
    public FlowValidationException()
    {
    }

    /// <summary>Creates the exception with a message only (no failure record).</summary>
    /// <param name="message">The message.</param>
    public FlowValidationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause (no failure record).</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public FlowValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The failure, with the partial tube; <c>null</c> only for the message-only constructors.</summary>
    public FlowFailure? Failure { get; }

    private static string Describe(FlowFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return $"The flow could not be validated after t = {failure.ValidatedUntil.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}: {failure.Reason}";
    }
}
