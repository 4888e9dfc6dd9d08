using Certus.Core.Navigation;

namespace Certus.Sim.Tests.MultiAgent;

/// <summary>Every agent flies at a constant velocity toward its goal, stopping on it (no avoidance).</summary>
internal sealed class StraightPolicy(double speed) : DecentralizedPolicy
{
    public override string Name => "straight";

    protected override void Act(AgentView agent, Span<double> control)
    {
        double ex = agent.GoalX - agent.X, ey = agent.GoalY - agent.Y;
        double d = Math.Sqrt((ex * ex) + (ey * ey));
        double v = Math.Min(speed, d / agent.Scenario.TimeStep);
        control[0] = d > 0 ? v * ex / d : 0;
        control[1] = d > 0 ? v * ey / d : 0;
    }
}

/// <summary>Returns NaN controls (a broken policy).</summary>
internal sealed class NaNPolicy : INavigationPolicy
{
    public string Name => "nan";

    public void Reset(NavigationScenario scenario)
    {
    }

    public void ComputeControls(NavigationSnapshot world, double[] controls) => Array.Fill(controls, double.NaN);
}

/// <summary>Records the largest neighbour count any agent saw, to check that views show only sensed agents.</summary>
internal sealed class RecordingPolicy : DecentralizedPolicy
{
    private int _maxSeen;
    private int _beyond;

    public override string Name => "recording";

    public int MaxSeen => _maxSeen;

    public int NeighboursBeyondSensing => _beyond;

    protected override void Act(AgentView agent, Span<double> control)
    {
        int count = agent.NeighbourCount;
        int seen;
        do
        {
            seen = _maxSeen;
        }
        while (count > seen && Interlocked.CompareExchange(ref _maxSeen, count, seen) != seen);

        for (int k = 0; k < count; k++)
        {
            NeighbourObservation nb = agent.Neighbour(k);
            double d = Math.Sqrt(((nb.X - agent.X) * (nb.X - agent.X)) + ((nb.Y - agent.Y) * (nb.Y - agent.Y)));
            if (d > agent.Scenario.SensingRadius + 1e-12 || Math.Abs(d - nb.Distance) > 1e-12 || (k > 0 && agent.Neighbour(k - 1).Distance > nb.Distance))
            {
                Interlocked.Increment(ref _beyond);
            }
        }

        control[0] = 0;
        control[1] = 0;
    }
}
