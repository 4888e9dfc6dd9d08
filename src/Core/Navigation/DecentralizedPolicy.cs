namespace Certus.Core.Navigation;

/// <summary>
/// A policy that computes each agent's control from that agent's view alone, agents in parallel.
/// </summary>
public abstract class DecentralizedPolicy : INavigationPolicy
{
    /// <inheritdoc/>
    public abstract string Name { get; }

    /// <summary>Maximum worker threads; 0 for one per core. Default 0.</summary>
    public int MaxDegreeOfParallelism { get; init; }

    /// <inheritdoc/>
    public virtual void Reset(NavigationScenario scenario) => ArgumentNullException.ThrowIfNull(scenario);

    /// <inheritdoc/>
    public void ComputeControls(NavigationSnapshot world, double[] controls)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(controls);
        int m = world.Scenario.Dynamics.ControlCount;
        int n = world.AgentCount;
        if (controls.Length != n * m)
        {
            throw new ArgumentException($"The control buffer has {controls.Length} entries; {n} agents x {m} controls need {n * m}.", nameof(controls));
        }

        const int Chunk = 32;
        if (n <= Chunk || MaxDegreeOfParallelism == 1)
        {
            for (int i = 0; i < n; i++)
            {
                Act(world.View(i), controls.AsSpan(i * m, m));
            }

            return;
        }

        var options = new ParallelOptions { MaxDegreeOfParallelism = MaxDegreeOfParallelism > 0 ? MaxDegreeOfParallelism : Environment.ProcessorCount };
        Parallel.For(0, (n + Chunk - 1) / Chunk, options, c =>
        {
            int end = Math.Min(n, (c + 1) * Chunk);
            for (int i = c * Chunk; i < end; i++)
            {
                Act(world.View(i), controls.AsSpan(i * m, m));
            }
        });
    }

    /// <summary>Computes one agent's control from its view. Must be thread-safe.</summary>
    /// <param name="agent">What the agent observes.</param>
    /// <param name="control">Receives its control.</param>
    protected abstract void Act(AgentView agent, Span<double> control);
}
