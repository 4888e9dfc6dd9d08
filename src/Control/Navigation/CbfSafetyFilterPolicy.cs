using Certus.Core.Navigation;
using Google.OrTools.LinearSolver;

namespace Certus.Control.Navigation;

/// <summary>How the CBF filter measures the change it makes to the nominal control.</summary>
public enum DeviationNorm
{
    /// <summary>The largest component change (ties broken by a small L1 term).</summary>
    LInfinity,

    /// <summary>The sum of the component changes.</summary>
    L1,
}

/// <summary>
/// A decentralized control-barrier-function safety filter around go-to-goal, for single-integrator agents.
/// Each agent solves a linear program (OR-Tools GLOP) that changes its nominal velocity as little as possible
/// subject to the box on the velocity and one barrier constraint per sensed neighbour and nearby obstacle:
/// for <c>h = |p_i − p_j|² − D²</c> with <c>D = r_i + r_j + margin</c>, agent i takes half of the responsibility,
/// <c>2 (p_i − p_j)·u_i ≥ −(α/2) h</c>; discs <c>2 (p − c)·u ≥ −α h</c>; boxes and the workspace edge give
/// half-planes <c>n·u ≥ −α h</c> with <c>h</c> the gap to the supporting line.
/// </summary>
/// <remarks>
/// Why it is safe in discrete time: <c>h</c> is a convex quadratic of the relative position, so over a step with
/// held velocities <c>h(k+1) = h(k) + Δt·ḣ + |Δp|² ≥ (1 − αΔt) h(k)</c>, which stays non-negative when every
/// agent satisfies its constraint and <c>αΔt ≤ 1</c>. When the constraints and the velocity box conflict (crowds),
/// each constraint gets a slack penalised 10⁴ times the deviation: the filter then does the least unsafe thing and
/// counts it in <see cref="SlackActivations"/>.
/// </remarks>
public sealed class CbfSafetyFilterPolicy : DecentralizedPolicy, IDisposable
{
    private readonly ThreadLocal<Solver> _solvers = new(() => Solver.CreateSolver("GLOP") ?? throw new InvalidOperationException("OR-Tools could not create the GLOP solver."), trackAllValues: true);
    private long _slackActivations;
    private long _solveFailures;

    /// <inheritdoc/>
    public override string Name => RightHandBias > 0 ? "cbf-rh" : "cbf";

    /// <summary>The class-K gain α of the barrier condition <c>ḣ ≥ −α h</c>; 0 (default) picks <c>0.5/Δt</c>.</summary>
    public double Alpha { get; init; }

    /// <summary>Extra clearance added to the sum of the radii. Default 0.01.</summary>
    public double Margin { get; init; } = 0.01;

    /// <summary>
    /// Deadlock breaking by the right-hand rule: when another agent is within four body radii, the nominal velocity
    /// gets this fraction of itself turned 90° clockwise (everyone keeps right, so symmetric encounters become
    /// roundabouts instead of standstills). Default 0: the plain filter.
    /// </summary>
    public double RightHandBias { get; init; }

    /// <summary>
    /// At most this many nearest neighbours get a barrier constraint. Default 16: the discrete-time guarantee only
    /// needs the agents that can touch this one within a step (centres closer than the two radii plus two steps of
    /// travel), and no more than a handful of discs fit there.
    /// </summary>
    public int MaxNeighbours { get; init; } = 16;

    /// <summary>The deviation norm. Default <see cref="DeviationNorm.LInfinity"/>.</summary>
    public DeviationNorm Norm { get; init; } = DeviationNorm.LInfinity;

    /// <summary>Steps, summed over agents, in which some barrier constraint needed its slack.</summary>
    public long SlackActivations => Interlocked.Read(ref _slackActivations);

    /// <summary>Linear programs that did not solve to optimality (the nominal control is then stopped: zero velocity).</summary>
    public long SolveFailures => Interlocked.Read(ref _solveFailures);

    /// <inheritdoc/>
    public override void Reset(NavigationScenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        if (scenario.Dynamics.Kind != AgentDynamicsKind.SingleIntegrator)
        {
            throw new NotSupportedException($"The CBF filter is written for single-integrator agents; this scenario uses {scenario.Dynamics.Kind}.");
        }

        if (Alpha < 0 || Alpha * scenario.TimeStep > 1)
        {
            throw new NotSupportedException($"The CBF gain α = {Alpha} must satisfy 0 ≤ α·Δt ≤ 1 (Δt = {scenario.TimeStep}) for the discrete-time guarantee.");
        }

        Interlocked.Exchange(ref _slackActivations, 0);
        Interlocked.Exchange(ref _solveFailures, 0);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (Solver s in _solvers.Values)
        {
            s.Dispose();
        }

        _solvers.Dispose();
    }

    /// <inheritdoc/>
    protected override void Act(AgentView agent, Span<double> control)
    {
        NavigationScenario s = agent.Scenario;
        double alpha = Alpha > 0 ? Alpha : 0.5 / s.TimeStep;
        Span<double> nominal = stackalloc double[2];
        GoToGoalPolicy.Nominal(agent, nominal);
        double vmax = s.Dynamics.MaxSpeed;
        if (RightHandBias > 0 && agent.NeighbourCount > 0 && agent.Neighbour(0).Distance < 4 * (agent.Radius + agent.Neighbour(0).Radius))
        {
            (double bx, double by) = (nominal[0] + (RightHandBias * nominal[1]), nominal[1] - (RightHandBias * nominal[0]));
            double scale = Math.Max(Math.Abs(bx), Math.Abs(by)) / vmax;
            nominal[0] = scale > 1 ? bx / scale : bx;
            nominal[1] = scale > 1 ? by / scale : by;
        }

        Solver solver = _solvers.Value!;
        solver.Clear();
        Variable ux = solver.MakeNumVar(-vmax, vmax, "ux");
        Variable uy = solver.MakeNumVar(-vmax, vmax, "uy");
        Objective objective = solver.Objective();
        const double SlackPenalty = 1e4;
        AddDeviation(solver, objective, ux, nominal[0]);
        AddDeviation(solver, objective, uy, nominal[1]);
        if (Norm == DeviationNorm.LInfinity)
        {
            Variable t = solver.MakeNumVar(0, double.PositiveInfinity, "t");
            objective.SetCoefficient(t, 1);
            foreach ((Variable u, double nom) in new[] { (ux, nominal[0]), (uy, nominal[1]) })
            {
                Constraint up = solver.MakeConstraint(double.NegativeInfinity, nom);
                up.SetCoefficient(u, 1);
                up.SetCoefficient(t, -1);
                Constraint down = solver.MakeConstraint(nom, double.PositiveInfinity);
                down.SetCoefficient(u, 1);
                down.SetCoefficient(t, 1);
            }
        }

        var slacks = new List<Variable>();
        void Barrier(double ax, double ay, double rhs)
        {
            // ax·ux + ay·uy + slack ≥ rhs
            Variable slack = solver.MakeNumVar(0, double.PositiveInfinity, string.Empty);
            objective.SetCoefficient(slack, SlackPenalty);
            Constraint c = solver.MakeConstraint(rhs, double.PositiveInfinity);
            c.SetCoefficient(ux, ax);
            c.SetCoefficient(uy, ay);
            c.SetCoefficient(slack, 1);
            slacks.Add(slack);
        }

        for (int k = 0, count = Math.Min(agent.NeighbourCount, MaxNeighbours); k < count; k++)
        {
            NeighbourObservation nb = agent.Neighbour(k);
            double px = agent.X - nb.X, py = agent.Y - nb.Y;
            double d = agent.Radius + nb.Radius + Margin;
            double h = (px * px) + (py * py) - (d * d);
            Barrier(2 * px, 2 * py, -0.5 * alpha * h);
        }

        double sense = s.SensingRadius;
        foreach (Obstacle o in s.Obstacles)
        {
            double gap = o.SignedDistance(agent.X, agent.Y);
            if (gap > sense)
            {
                continue;
            }

            if (o is DiscObstacle disc)
            {
                double px = agent.X - disc.CenterX, py = agent.Y - disc.CenterY;
                double d = disc.Radius + agent.Radius + Margin;
                Barrier(2 * px, 2 * py, -alpha * ((px * px) + (py * py) - (d * d)));
            }
            else
            {
                (double qx, double qy, double nx, double ny) = o.Nearest(agent.X, agent.Y);
                double h = (nx * (agent.X - qx)) + (ny * (agent.Y - qy)) - agent.Radius - Margin;
                Barrier(nx, ny, -alpha * h);
            }
        }

        if (s.Workspace is { } ws)
        {
            double r = agent.Radius + Margin;
            Barrier(1, 0, -alpha * (agent.X - ws.MinX - r));
            Barrier(-1, 0, -alpha * (ws.MaxX - agent.X - r));
            Barrier(0, 1, -alpha * (agent.Y - ws.MinY - r));
            Barrier(0, -1, -alpha * (ws.MaxY - agent.Y - r));
        }

        objective.SetMinimization();
        if (solver.Solve() != Solver.ResultStatus.OPTIMAL)
        {
            Interlocked.Increment(ref _solveFailures);
            control[0] = 0;
            control[1] = 0;
            return;
        }

        control[0] = ux.SolutionValue();
        control[1] = uy.SolutionValue();
        if (slacks.Exists(v => v.SolutionValue() > 1e-9))
        {
            Interlocked.Increment(ref _slackActivations);
        }
    }

    private void AddDeviation(Solver solver, Objective objective, Variable u, double nominal)
    {
        // |u − nominal| ≤ e: the L1 objective, or the L∞ objective's tie-break with a small weight.
        Variable e = solver.MakeNumVar(0, double.PositiveInfinity, string.Empty);
        objective.SetCoefficient(e, Norm == DeviationNorm.L1 ? 1 : 1e-3);
        Constraint up = solver.MakeConstraint(double.NegativeInfinity, nominal);
        up.SetCoefficient(u, 1);
        up.SetCoefficient(e, -1);
        Constraint down = solver.MakeConstraint(nominal, double.PositiveInfinity);
        down.SetCoefficient(u, 1);
        down.SetCoefficient(e, 1);
    }
}
