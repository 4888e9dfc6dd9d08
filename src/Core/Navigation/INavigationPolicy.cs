namespace Certus.Core.Navigation;

/// <summary>
/// A multi-agent navigation policy: every step, it computes every agent's control. Decentralized policies
/// (<see cref="DecentralizedPolicy"/>) compute each agent's control from that agent's <see cref="AgentView"/> only;
/// a policy may batch the agents (one network call for all of them) as long as each control depends only on
/// that agent's view.
/// </summary>
public interface INavigationPolicy
{
    /// <summary>A short name for reports (<c>go-to-goal</c>, <c>cbf</c>, <c>orca</c>, <c>madpinn</c>).</summary>
    string Name { get; }

    /// <summary>Prepares for a run; throws <see cref="NotSupportedException"/> with a message when the scenario's dynamics are not supported.</summary>
    /// <param name="scenario">The scenario about to run.</param>
    void Reset(NavigationScenario scenario);

    /// <summary>Computes the controls of every agent.</summary>
    /// <param name="world">The world at this step.</param>
    /// <param name="controls">Receives the controls, agent-major (<c>agents × controls</c>); the simulator clamps them into the box afterwards.</param>
    void ComputeControls(NavigationSnapshot world, double[] controls);
}
