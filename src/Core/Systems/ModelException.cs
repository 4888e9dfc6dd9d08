namespace Certus.Core.Systems;

/// <summary>One problem found while validating a model, with the field it concerns.</summary>
/// <param name="Field">Where the problem is, e.g. <c>dynamics.x_lead</c> or <c>controller.inputs[2]</c>.</param>
/// <param name="Message">What is wrong and what is expected.</param>
public sealed record ModelProblem(string Field, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Field}: {Message}";
}

/// <summary>A model (ODE system, controller) failed validation; <see cref="Problems"/> lists every problem found.</summary>
public sealed class ModelException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ModelException()
    {
        Problems = [];
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public ModelException(string message)
        : base(message)
    {
        Problems = [new ModelProblem(string.Empty, message)];
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ModelException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [new ModelProblem(string.Empty, message)];
    }

    /// <summary>Creates the exception from a list of problems.</summary>
    /// <param name="problems">At least one problem.</param>
    public ModelException(IReadOnlyList<ModelProblem> problems)
        : base(string.Join(Environment.NewLine, problems))
    {
        Problems = problems;
    }

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<ModelProblem> Problems { get; }
}
