namespace Certus.Sim.Falsification;

/// <summary>Searches for the run of a closed loop with the smallest margin (<see cref="FalsificationProblem"/>, <see cref="FalsificationOptions"/>).</summary>
public static class Falsifier
{
    /// <summary>Runs the search: seeded random points, then compass searches from the best of them, within the budget.</summary>
    /// <param name="problem">What to falsify.</param>
    /// <param name="options">How to search (default <c>new FalsificationOptions()</c>).</param>
    /// <returns>The worst run found, with its full trace; the same for the same seed whatever the parallelism.</returns>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="Integration.IntegrationException">An adaptive integration failed in some run.</exception>
    public static FalsificationResult Falsify(FalsificationProblem problem, FalsificationOptions? options = null) => Falsify(problem, options, CancellationToken.None);

    /// <summary>Runs the search as <see cref="Falsify(FalsificationProblem, FalsificationOptions?)"/> does, checking <paramref name="cancellation"/> between batches and once per control period of every run.</summary>
    /// <param name="problem">What to falsify.</param>
    /// <param name="options">How to search (default <c>new FalsificationOptions()</c>).</param>
    /// <param name="cancellation">Stops the search (for a deadline: a token that cancels after it).</param>
    /// <returns>The worst run found, with its full trace.</returns>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="Integration.IntegrationException">An adaptive integration failed in some run.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled before the search ended.</exception>
    public static FalsificationResult Falsify(FalsificationProblem problem, FalsificationOptions? options, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(problem);
        options ??= new FalsificationOptions();
        options.Validate();
        cancellation.ThrowIfCancellationRequested();
        return new FalsificationSearch(problem, options, cancellation).Run();
    }
}
