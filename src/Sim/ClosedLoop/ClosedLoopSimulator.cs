using System.Globalization;
using Certus.Core.Systems;
using Certus.Sim.Integration;

namespace Certus.Sim.ClosedLoop;

/// <summary>
/// Simulates a <see cref="ClosedLoopProblem"/> with given <see cref="SimulationOptions"/>: zero-order hold of the
/// control (and of the disturbance) over each period, the plant integrated in between. A discrete-time plant
/// (<see cref="IClosedLoopPlant.IsDiscrete"/>) is iterated instead, <c>x_{k+1} = g(t_k, x_k, u_k, w_k)</c>: its state
/// exists at the sampling instants only, so no point is stored inside a period (the options' samples per period are
/// taken as 0).
/// </summary>
/// <remarks>
/// Immutable and thread-safe once made (the plant, controller and margins must be thread-safe, as their contracts
/// say); per-thread scratch lives in a <see cref="SimulationWorkspace"/>. Two modes: <see cref="Simulate(ReadOnlySpan{double})"/>
/// keeps the whole <see cref="Trajectory"/>; <see cref="SimulateMargin(ReadOnlySpan{double}, ReadOnlySpan{double}, StateMargin, Span{double}, SimulationWorkspace)"/>
/// keeps only the final state and the smallest margin over every stored point, and allocates nothing. Both give the
/// same numbers for the same run: the integrator is reset at the start of every run.
/// </remarks>
public sealed class ClosedLoopSimulator
{
    private readonly IClosedLoopPlant _plant;
    private readonly IStateFeedback _controller;
    private readonly int _n;
    private readonly int _m;
    private readonly int _w;
    private readonly int _samples;
    private readonly double _t0;
    private readonly double _period;
    private readonly double _subStep;
    private readonly bool _discrete;
    private readonly IModalFeedback? _modal;
    private readonly int _c;

    /// <summary>Checks the problem and options and prepares the simulator.</summary>
    /// <param name="problem">The closed loop.</param>
    /// <param name="options">How to simulate it (default <c>new SimulationOptions()</c>).</param>
    /// <exception cref="ArgumentException">The problem's parts do not fit together, or an option is out of range.</exception>
    public ClosedLoopSimulator(ClosedLoopProblem problem, SimulationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        options ??= new SimulationOptions();
        problem.Validate();
        options.Validate();
        _discrete = problem.Plant.IsDiscrete;
        if (_discrete)
        {
            options = options with { SamplesPerPeriod = 0 };
        }

        Problem = problem;
        Options = options;
        _plant = problem.Plant;
        _controller = problem.Controller;
        _n = _plant.StateCount;
        _m = _plant.ControlCount;
        _w = _plant.DisturbanceCount;
        _modal = problem.Modal;
        _c = _modal?.ChoiceCount ?? 0;
        _samples = options.SamplesPerPeriod;
        _t0 = problem.StartTime;
        _period = problem.Period;
        _subStep = _period / (_samples + 1);
        long points = ((long)problem.Periods * (_samples + 1)) + 1;
        if (points > int.MaxValue / Math.Max(1, _n))
        {
            throw new ArgumentException($"{problem.Periods} periods with {_samples} samples each are too many points to store.", nameof(options));
        }

        PointCount = (int)points;
    }

    /// <summary>The closed loop.</summary>
    public ClosedLoopProblem Problem { get; }

    /// <summary>The simulation options.</summary>
    public SimulationOptions Options { get; }

    /// <summary>Number of plant states.</summary>
    public int StateCount => _n;

    /// <summary>Number of stored points per run: <c>Periods·(SamplesPerPeriod + 1) + 1</c>.</summary>
    public int PointCount { get; }

    /// <summary>Length of a disturbance sequence: <c>Periods · DisturbanceCount</c>.</summary>
    public int DisturbanceLength => Problem.Periods * _w;

    /// <summary>Length of a selector sequence (the environment's choices of a modal controller): <c>Periods · ChoiceCount</c>.</summary>
    public int ChoiceLength => Problem.Periods * _c;

    /// <summary>The central selector sequence: every selector 0.5 (the middle value of each finite choice, the midpoint of
    /// each interval).</summary>
    /// <returns><see cref="ChoiceLength"/> values.</returns>
    public double[] CentralSelectors() => Enumerable.Repeat(0.5, ChoiceLength).ToArray();

    /// <summary>The time of stored point <paramref name="index"/> (see <see cref="Trajectory"/> for the layout).</summary>
    /// <param name="index">0 to <see cref="PointCount"/> − 1.</param>
    /// <returns>The time.</returns>
    public double PointTime(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, PointCount);
        return PointTimeCore(index);
    }

    internal double PointTimeCore(int index)
    {
        int k = index / (_samples + 1), j = index % (_samples + 1);
        double tk = _t0 + (k * _period);
        return j == 0 ? tk : tk + (j * _subStep);
    }

    /// <summary>Makes scratch buffers for one thread.</summary>
    /// <returns>A workspace bound to this simulator.</returns>
    public SimulationWorkspace CreateWorkspace() =>
        new(this, Options.Integrator.CreateIntegrator(_plant.Field, _n, _m + _w), _n, _m + _w, _samples);

    /// <summary>The disturbance sequence of one run, drawn by the problem's <see cref="DisturbanceModel"/>.</summary>
    /// <param name="random">The source for <see cref="BoxDisturbance"/>; <see langword="null"/> uses a <see cref="Random"/>
    /// seeded with <see cref="BoxDisturbance.Seed"/>.</param>
    /// <returns><see cref="DisturbanceLength"/> values, period by period.</returns>
    public double[] DrawDisturbances(Random? random = null)
    {
        var result = new double[DisturbanceLength];
        DrawDisturbances(random, result);
        return result;
    }

    /// <summary>Writes the disturbance sequence of one run into <paramref name="destination"/>.</summary>
    /// <param name="random">The source for <see cref="BoxDisturbance"/>; <see langword="null"/> uses its seed.</param>
    /// <param name="destination"><see cref="DisturbanceLength"/> values.</param>
    /// <exception cref="ArgumentException">The destination has the wrong length.</exception>
    public void DrawDisturbances(Random? random, Span<double> destination)
    {
        if (destination.Length != DisturbanceLength)
        {
            throw new ArgumentException($"A disturbance sequence has {DisturbanceLength} values, got room for {destination.Length}.", nameof(destination));
        }

        DisturbanceModel model = Problem.Disturbance;
        model.Draw(random ?? (model.IsRandom ? new Random(model.DefaultSeed) : Random.Shared), destination);
    }

    /// <summary>Simulates from an initial state with the disturbances of the problem's model (a
    /// <see cref="BoxDisturbance"/> draws with its own seed).</summary>
    /// <param name="initialState"><see cref="StateCount"/> finite values.</param>
    /// <returns>The whole trajectory.</returns>
    /// <exception cref="ArgumentException">The initial state has the wrong length or a non-finite entry.</exception>
    /// <exception cref="IntegrationException">The adaptive integrator failed.</exception>
    public Trajectory Simulate(ReadOnlySpan<double> initialState) => Simulate(initialState, DrawDisturbances(null));

    /// <summary>Simulates from an initial state, drawing the disturbances (and a modal controller's environment choices)
    /// from <paramref name="random"/>.</summary>
    /// <param name="initialState"><see cref="StateCount"/> finite values.</param>
    /// <param name="random">The source of the disturbances.</param>
    /// <returns>The whole trajectory.</returns>
    /// <exception cref="ArgumentException">The initial state has the wrong length or a non-finite entry.</exception>
    /// <exception cref="IntegrationException">The adaptive integrator failed.</exception>
    public Trajectory Simulate(ReadOnlySpan<double> initialState, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        double[] disturbances = DrawDisturbances(random);

        // A modal controller's environment chooses at random too (uniform selectors).
        double[] selectors = [.. Enumerable.Range(0, ChoiceLength).Select(_ => random.NextDouble())];
        return Simulate(initialState, disturbances, selectors);
    }

    /// <summary>Simulates from an initial state with a given disturbance sequence (used as given, whatever the model).</summary>
    /// <param name="initialState"><see cref="StateCount"/> finite values.</param>
    /// <param name="disturbances"><see cref="DisturbanceLength"/> finite values, period by period.</param>
    /// <returns>The whole trajectory.</returns>
    /// <exception cref="ArgumentException">A length does not match or an entry is not finite.</exception>
    /// <exception cref="IntegrationException">The adaptive integrator failed.</exception>
    public Trajectory Simulate(ReadOnlySpan<double> initialState, ReadOnlySpan<double> disturbances) => Simulate(initialState, disturbances, CentralSelectors());

    /// <summary>Simulates from an initial state with given disturbances and environment choices.</summary>
    /// <param name="initialState"><see cref="StateCount"/> finite values.</param>
    /// <param name="disturbances"><see cref="DisturbanceLength"/> finite values, period by period.</param>
    /// <param name="selectors"><see cref="ChoiceLength"/> values in [0, 1], period by period (see <see cref="ControlCase.Choose"/>).</param>
    /// <returns>The whole trajectory.</returns>
    /// <exception cref="ArgumentException">A length does not match or an entry is not finite.</exception>
    /// <exception cref="IntegrationException">The adaptive integrator failed.</exception>
    public Trajectory Simulate(ReadOnlySpan<double> initialState, ReadOnlySpan<double> disturbances, ReadOnlySpan<double> selectors)
    {
        CheckRun(initialState, disturbances);
        if (selectors.Length != ChoiceLength)
        {
            throw new ArgumentException($"The selector sequence has {selectors.Length} values; {Problem.Periods} periods of {_c} choices need {ChoiceLength}.", nameof(selectors));
        }

        return SimulateCore(CreateWorkspace(), initialState, disturbances, selectors);
    }

    /// <summary>Simulates keeping only the final state and the smallest margin, with the model's disturbances.</summary>
    /// <param name="initialState"><see cref="StateCount"/> finite values.</param>
    /// <param name="margin">Evaluated at every stored point.</param>
    /// <param name="finalState"><see cref="StateCount"/> values, written with the state at the end time.</param>
    /// <returns>The smallest margin and where it occurred.</returns>
    /// <exception cref="ArgumentException">A length does not match or an entry is not finite.</exception>
    /// <exception cref="IntegrationException">The adaptive integrator failed.</exception>
    public MarginSummary SimulateMargin(ReadOnlySpan<double> initialState, StateMargin margin, Span<double> finalState) =>
        SimulateMargin(initialState, DrawDisturbances(null), margin, finalState, CreateWorkspace());

    /// <summary>
    /// Simulates keeping only the final state and the smallest margin over every stored point; allocates nothing.
    /// </summary>
    /// <param name="initialState"><see cref="StateCount"/> finite values.</param>
    /// <param name="disturbances"><see cref="DisturbanceLength"/> finite values, period by period.</param>
    /// <param name="margin">Evaluated at every stored point.</param>
    /// <param name="finalState"><see cref="StateCount"/> values, written with the state at the end time.</param>
    /// <param name="workspace">Scratch from <see cref="CreateWorkspace"/> of this simulator, used by one thread at a time.</param>
    /// <returns>The smallest margin and where it occurred.</returns>
    /// <exception cref="ArgumentException">A length does not match, an entry is not finite, or the workspace belongs to another simulator.</exception>
    /// <exception cref="IntegrationException">The adaptive integrator failed.</exception>
    public MarginSummary SimulateMargin(ReadOnlySpan<double> initialState, ReadOnlySpan<double> disturbances, StateMargin margin, Span<double> finalState, SimulationWorkspace workspace)
    {
        ArgumentNullException.ThrowIfNull(margin);
        ArgumentNullException.ThrowIfNull(workspace);
        CheckRun(initialState, disturbances);
        if (finalState.Length != _n)
        {
            throw new ArgumentException($"The final state needs room for {_n} values, got {finalState.Length}.", nameof(finalState));
        }

        if (!ReferenceEquals(workspace.Owner, this))
        {
            throw new ArgumentException("The workspace was made by another simulator.", nameof(workspace));
        }

        return RunCore(workspace, initialState, disturbances, CentralSelectors(), margin, finalState, null, null);
    }

    private void CheckRun(ReadOnlySpan<double> initialState, ReadOnlySpan<double> disturbances)
    {
        if (initialState.Length != _n)
        {
            throw new ArgumentException($"The initial state has {initialState.Length} entries, the plant {_n} states.", nameof(initialState));
        }

        for (int i = 0; i < initialState.Length; i++)
        {
            if (!double.IsFinite(initialState[i]))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Initial state entry {i} is {initialState[i]}; it must be finite."), nameof(initialState));
            }
        }

        if (disturbances.Length != DisturbanceLength)
        {
            throw new ArgumentException(
                $"The disturbance sequence has {disturbances.Length} values; {Problem.Periods} periods of {_w} disturbances need {DisturbanceLength}.", nameof(disturbances));
        }

        for (int i = 0; i < disturbances.Length; i++)
        {
            if (!double.IsFinite(disturbances[i]))
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Disturbance {i % Math.Max(1, _w)} of period {i / Math.Max(1, _w)} is {disturbances[i]}; it must be finite."), nameof(disturbances));
            }
        }
    }

    internal Trajectory SimulateCore(SimulationWorkspace workspace, ReadOnlySpan<double> initialState, ReadOnlySpan<double> disturbances, CancellationToken cancellation = default) =>
        SimulateCore(workspace, initialState, disturbances, CentralSelectors(), cancellation);

    internal Trajectory SimulateCore(SimulationWorkspace workspace, ReadOnlySpan<double> initialState, ReadOnlySpan<double> disturbances, ReadOnlySpan<double> selectors, CancellationToken cancellation = default)
    {
        var times = new double[PointCount];
        for (int i = 0; i < times.Length; i++)
        {
            times[i] = PointTimeCore(i);
        }

        var states = new double[PointCount * _n];
        var controls = new double[Problem.Periods * _m];
        int[]? modes = _modal is null ? null : new int[Problem.Periods];
        RunCore(workspace, initialState, disturbances, selectors, null, [], states, controls, cancellation, modes);
        return new Trajectory(Problem, Options, times, states, controls, disturbances.ToArray()) { Modes = modes, Selectors = selectors.ToArray() };
    }

    /// <summary>
    /// The closed loop itself, unchecked. Records states and controls when the arrays are given, tracks the smallest
    /// margin when a margin is given, and writes the final state when room is given.
    /// </summary>
    internal MarginSummary RunCore(
        SimulationWorkspace workspace, ReadOnlySpan<double> initialState, ReadOnlySpan<double> disturbances, ReadOnlySpan<double> selectors, StateMargin? margin, Span<double> finalState, double[]? states, double[]? controls, CancellationToken cancellation = default, int[]? modes = null, MarginAggregate aggregate = MarginAggregate.Minimum)
    {
        bool maximum = aggregate == MarginAggregate.Maximum;
        IModalFeedback? modal = _modal;
        int c = _c, mode = modal?.InitialMode ?? 0;
        int n = _n, m = _m, w = _w, samples = _samples, stride = samples + 1;
        OdeIntegrator integrator = workspace.Integrator;
        IStateFeedback controller = _controller;
        Span<double> x = workspace.State;
        Span<double> inputs = workspace.Inputs;
        Span<double> control = inputs[..m];
        Span<double> disturbance = inputs[m..];
        Span<double> interior = workspace.Interior;
        initialState.CopyTo(x);
        integrator.Reset();

        double best = maximum ? double.NegativeInfinity : double.PositiveInfinity, bestTime = _t0;
        int bestIndex = 0;
        if (margin is not null)
        {
            Track(margin, _t0, x, 0, ref best, ref bestTime, ref bestIndex, maximum);
        }

        if (states is not null)
        {
            x.CopyTo(states.AsSpan(0, n));
        }

        int periods = Problem.Periods;
        for (int k = 0; k < periods; k++)
        {
            // A long horizon must not outlive a deadline: one cheap check per period.
            cancellation.ThrowIfCancellationRequested();
            double tk = _t0 + (k * _period);
            double tNext = _t0 + ((k + 1) * _period);
            if (modal is null)
            {
                controller.Compute(tk, x, control);
            }
            else
            {
                mode = modal.Compute(tk, x, mode, selectors.Slice(k * c, c), control);
                if (modes is not null)
                {
                    modes[k] = mode;
                }
            }

            disturbances.Slice(k * w, w).CopyTo(disturbance);
            if (_discrete)
            {
                // x_{k+1} = g(t_k, x_k, u_k, w_k): the map writes into scratch, then the state moves.
                Span<double> next = workspace.Next;
                _plant.Field(tk, x, inputs, next);
                next.CopyTo(x);
            }
            else
            {
                integrator.AdvanceCore(tk, tNext, x, inputs, interior, null);
            }

            int baseIndex = k * stride;
            if (states is not null)
            {
                interior.CopyTo(states.AsSpan((baseIndex + 1) * n, samples * n));
                x.CopyTo(states.AsSpan((baseIndex + stride) * n, n));
                control.CopyTo(controls.AsSpan(k * m, m));
            }

            if (margin is not null)
            {
                for (int j = 1; j <= samples; j++)
                {
                    Track(margin, tk + (j * _subStep), interior.Slice((j - 1) * n, n), baseIndex + j, ref best, ref bestTime, ref bestIndex, maximum);
                }

                Track(margin, tNext, x, baseIndex + stride, ref best, ref bestTime, ref bestIndex, maximum);
            }
        }

        if (!finalState.IsEmpty)
        {
            x.CopyTo(finalState);
        }

        return new MarginSummary(best, bestTime, bestIndex);
    }

    private static void Track(StateMargin margin, double time, ReadOnlySpan<double> state, int index, ref double best, ref double bestTime, ref int bestIndex, bool maximum)
    {
        double value = margin(time, state);
        if (double.IsNaN(value))
        {
            value = double.NegativeInfinity;
        }

        if (maximum ? value > best : value < best)
        {
            best = value;
            bestTime = time;
            bestIndex = index;
        }
    }
}
