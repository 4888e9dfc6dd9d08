namespace Certus.Control.MadPinn;

/// <summary>Everything a training run needs: the problem, the network and the recipe (read from a YAML file by <c>./verify train</c>).</summary>
/// <param name="Problem">The reduced epigraph problem.</param>
/// <param name="Network">The network.</param>
/// <param name="Training">The recipe.</param>
public sealed record MadPinnConfig(MadPinnProblem Problem, SineNetworkOptions Network, MadPinnTrainingOptions Training)
{
    /// <summary>Validates the three parts.</summary>
    /// <exception cref="ArgumentException">A field is out of range.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Problem);
        ArgumentNullException.ThrowIfNull(Network);
        ArgumentNullException.ThrowIfNull(Training);
        Problem.Validate();
        Network.Validate();
        Training.Validate();
    }
}
