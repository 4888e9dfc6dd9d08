using Certus.Sim.Integration;

namespace Certus.Sim.ClosedLoop;

/// <summary>
/// Scratch buffers of one <see cref="ClosedLoopSimulator"/> for one thread: the integrator with its stages, the
/// state, the held inputs and the interior points of a period. Made by
/// <see cref="ClosedLoopSimulator.CreateWorkspace"/>; reusing it makes runs allocation-free. Not thread-safe.
/// </summary>
public sealed class SimulationWorkspace
{
    internal SimulationWorkspace(ClosedLoopSimulator owner, OdeIntegrator integrator, int stateCount, int inputCount, int interiorPoints)
    {
        Owner = owner;
        Integrator = integrator;
        State = new double[stateCount];
        Inputs = new double[inputCount];
        Interior = new double[interiorPoints * stateCount];
        Next = new double[stateCount];
    }

    internal ClosedLoopSimulator Owner { get; }

    internal OdeIntegrator Integrator { get; }

    internal double[] State { get; }

    internal double[] Inputs { get; }

    internal double[] Interior { get; }

    // The next state of a discrete-time plant, before it replaces the state.
    internal double[] Next { get; }

    /// <summary>Work done by this workspace's integrator in its last run.</summary>
    public IntegrationStatistics LastRunStatistics => Integrator.Statistics;
}
