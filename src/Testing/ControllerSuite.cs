using Certus.Core.Systems;
using System.Collections.Concurrent;
using Certus.Core.Sets;
using Certus.Sim.ClosedLoop;
using Certus.Verify.Certification;
using Certus.Verify.Specs;
using FsCheck;
using FsCheck.Fluent;

namespace Certus.Testing;

/// <summary>
/// A controller under test: a spec's closed loop (plant, controller, initial set, disturbances, horizon) and the
/// properties to check on its simulated trajectories: the spec's own by default, or any built with
/// <see cref="TrajectoryProperties"/>. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// A case is simulated by the Sim layer's <see cref="ClosedLoopSimulator"/> (RK4, 10 points per period, the same
/// options as the certifier's falsification), and each property's margin is the certifier's compiled margin, evaluated
/// at every stored point: <c>always</c> and <c>avoid</c> fail where the margin is negative inside their window,
/// <c>at_end</c> where it is negative at the spec's final time, and <c>eventually</c> when no stored point of its window
/// has a non-negative margin (a run cut short of the window's end cannot violate it). A violation found this way is a
/// test failure from floating-point simulation, not a validated UNSAFE verdict (use <c>certify</c> for that).
/// </remarks>
public sealed class ControllerSuite
{
    private readonly ClosedLoopProblem _loop;
    private readonly StateMargin[] _margins;
    private readonly ConcurrentDictionary<int, ClosedLoopSimulator> _simulators = new();

    /// <summary>Creates the suite of a spec.</summary>
    /// <param name="spec">The spec (closed loop; network-only specs have no trajectories).</param>
    /// <param name="properties">The properties to check (over the spec's states and <c>t</c>); the spec's own when <c>null</c>.</param>
    /// <param name="simulation">How to simulate (default <c>new SimulationOptions()</c>: RK4, 9 stored points inside each period).</param>
    /// <exception cref="ArgumentException">No property is given, or the simulation options are invalid.</exception>
    public ControllerSuite(CertificationSpec spec, IReadOnlyList<StateProperty>? properties = null, SimulationOptions? simulation = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Spec = spec;
        Properties = [.. properties ?? spec.Properties];
        if (Properties.Count == 0)
        {
            throw new ArgumentException("A controller suite needs at least one property.", nameof(properties));
        }

        Simulation = simulation ?? new SimulationOptions();
        Simulation.Validate();
        InitialSet = spec.InnerInitialSet ?? spec.InitialSet;
        DisturbanceSet = spec.Disturbances;
        _loop = spec.SimulationLoop();
        _loop.Validate();
        _margins = [.. Properties.Select(p => Certifier.MarginOf(spec, p))];
    }

    /// <summary>The spec.</summary>
    public CertificationSpec Spec { get; }

    /// <summary>The properties checked, in order.</summary>
    public IReadOnlyList<StateProperty> Properties { get; }

    /// <summary>How cases are simulated.</summary>
    public SimulationOptions Simulation { get; }

    /// <summary>Where initial states are drawn: the doubles inside the written initial set (the spec's inner set)
    /// when it has one, else the enclosing set.</summary>
    public Box InitialSet { get; }

    /// <summary>The box of the disturbance held over each period, or <c>null</c> without disturbances.</summary>
    public Box? DisturbanceSet { get; }

    /// <summary>Reads a spec file and makes its suite (the spec's properties).</summary>
    /// <param name="specPath">A closed-loop spec file (see docs/specs.md).</param>
    /// <returns>The suite.</returns>
    /// <exception cref="SpecException">The file is missing or malformed; the message names the file, line and field.</exception>
    public static ControllerSuite FromSpec(string specPath)
    {
        ArgumentNullException.ThrowIfNull(specPath);
        if (SpecReader.IsNetworkSpec(specPath))
        {
            throw new SpecException($"{specPath}: a network-only spec has no closed loop to test; 'test' needs plant, controller, initial, horizon and properties.");
        }

        return new ControllerSuite(SpecReader.Read(specPath));
    }

    /// <summary>Simulates a case.</summary>
    /// <param name="testCase">The case (its initial state must have one value per state).</param>
    /// <returns>The whole trajectory over the case's periods.</returns>
    /// <exception cref="ArgumentException">The case does not fit the plant.</exception>
    public Trajectory Simulate(ClosedLoopCase testCase)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        if (testCase.Periods > Spec.Horizon)
        {
            throw new ArgumentException($"The case runs {testCase.Periods} periods; the spec's horizon is {Spec.Horizon}.", nameof(testCase));
        }

        ClosedLoopSimulator simulator = _simulators.GetOrAdd(testCase.Periods, k => new ClosedLoopSimulator(_loop with { Periods = k }, Simulation));
        return simulator.Simulate(testCase.InitialStateSpan, testCase.DisturbanceSpan);
    }

    /// <summary>Simulates a case and checks every property along it.</summary>
    /// <param name="testCase">The case.</param>
    /// <returns>Passed, or the first violated property with its margin and when.</returns>
    public CaseOutcome Evaluate(ClosedLoopCase testCase) => Evaluate(Simulate(testCase));

    /// <summary>Checks every property along a simulated trajectory of this suite's loop.</summary>
    /// <param name="trajectory">A trajectory from <see cref="Simulate"/>.</param>
    /// <returns>Passed, or the first violated property with its margin and when.</returns>
    public CaseOutcome Evaluate(Trajectory trajectory)
    {
        ArgumentNullException.ThrowIfNull(trajectory);
        double smallest = double.PositiveInfinity, smallestTime = 0;
        CaseOutcome? failed = null;
        List<int>? violated = null;
        for (int p = 0; p < Properties.Count; p++)
        {
            (double margin, double time, double first, int? periods) = CheckProperty(p, trajectory);
            if (periods is not null)
            {
                (violated ??= []).Add(p);
                failed ??= new CaseOutcome(false, p, Properties[p], margin, time, first, periods, []);
            }
            else if (margin < smallest)
            {
                (smallest, smallestTime) = (margin, time);
            }
        }

        return failed is not null
            ? failed with { ViolatedProperties = violated! }
            : new CaseOutcome(true, -1, null, smallest, smallestTime, double.NaN, null, []);
    }

    /// <summary>The margin of property <paramref name="p"/> along a run; a non-null period count when violated.</summary>
    private (double Margin, double Time, double First, int? Periods) CheckProperty(int p, Trajectory trajectory)
    {
        StateProperty property = Properties[p];
        double[] margins = trajectory.Margins(_margins[p]);
        ReadOnlySpan<double> times = trajectory.Times;
        int stride = trajectory.SamplesPerPeriod + 1;
        double period = Spec.Controller.Period;
        if (property.Kind == PropertyKind.Eventually)
        {
            // The goal must be met at some stored point of the window; a run that ends before the window does cannot tell.
            double end = Spec.Horizon * period;
            double from = property.Window?.Lo ?? 0, to = property.Window?.Hi ?? end;
            double runEnd = times[^1];
            double best = double.NegativeInfinity, bestTime = from;
            for (int i = 0; i < margins.Length; i++)
            {
                if (times[i] >= from && times[i] <= to && margins[i] > best)
                {
                    (best, bestTime) = (margins[i], times[i]);
                }
            }

            if (runEnd < to - (1e-9 * Math.Max(1, to)) || best >= 0)
            {
                return (best >= 0 ? best : double.PositiveInfinity, bestTime, double.NaN, null);
            }

            int needed = Math.Min(Spec.Horizon, Math.Max(1, (int)Math.Ceiling((to / period) - 1e-9)));
            return (best, bestTime, to, needed);
        }

        int worst = 0, firstViolation = -1;
        for (int i = 0; i < margins.Length; i++)
        {
            if (margins[i] < margins[worst])
            {
                worst = i;
            }

            if (firstViolation < 0 && margins[i] < 0)
            {
                firstViolation = i;
            }
        }

        if (firstViolation < 0)
        {
            return (margins[worst], times[worst], double.NaN, null);
        }

        // Point i > 0 lies in period (i - 1) / stride; the run must include that whole period.
        int periods = property.Kind == PropertyKind.AtEnd ? trajectory.Periods : Math.Max(1, ((firstViolation - 1) / stride) + 1);
        return (margins[worst], times[worst], times[firstViolation], periods);
    }

    /// <summary>The same loop with other properties.</summary>
    /// <param name="properties">The properties (build them with <see cref="TrajectoryProperties"/> over <see cref="Spec"/>).</param>
    /// <returns>A new suite.</returns>
    public ControllerSuite With(params IReadOnlyList<StateProperty> properties) => new(Spec, properties, Simulation);

    /// <summary>The case of run <paramref name="run"/> of <see cref="Check"/> with seed <paramref name="seed"/>: drawn
    /// from <see cref="ControllerGen.Cases"/> with a random source mixed from both, so it is the same on every machine.</summary>
    /// <param name="seed">The seed.</param>
    /// <param name="run">The run index (from 0).</param>
    /// <returns>The case.</returns>
    public ClosedLoopCase CaseOf(int seed, int run) => CheckRunner.CaseOf(ControllerGen.Cases(this), seed, run);

    /// <summary>The cases of this suite with the minimizing shrinker (see <see cref="ControllerGen.Arbitrary"/>).</summary>
    public Arbitrary<ClosedLoopCase> Arbitrary => ControllerGen.Arbitrary(this);

    /// <summary>The FsCheck property "every property holds on every case": check it with <c>Check.QuickThrowOnFailure</c>,
    /// <c>Check.One(config, …)</c> or return it from an FsCheck.Xunit <c>[Property]</c> method. A failure is labelled with
    /// the report of the (shrunk) case: the violated property, its margin and the trajectory table.</summary>
    /// <returns>The property.</returns>
    public Property ToProperty() => Prop.ForAll(Arbitrary, c =>
    {
        CaseOutcome o = Evaluate(c);
        return o.Passed.Label(o.Passed ? "passed" : TestReport.Case(this, c, o));
    });

    /// <summary>Runs the suite with this project's own deterministic runner (numbered runs, each drawn from the seed and
    /// its index; the first failure shrunk by <see cref="CaseShrinker.Minimize"/>).</summary>
    /// <param name="options">Runs, seed, parallelism, shrink budget (defaults when null).</param>
    /// <param name="progress">Receives progress after each batch of runs (optional).</param>
    /// <returns>The result, with a printable report.</returns>
    public ControllerCheckResult Check(ControllerCheckOptions? options = null, IProgress<CheckProgress>? progress = null) =>
        CheckRunner.Run(this, options ?? new ControllerCheckOptions(), progress);
}
