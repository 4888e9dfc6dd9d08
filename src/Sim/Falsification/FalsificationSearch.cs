using System.Diagnostics;
using Certus.Sim.ClosedLoop;

namespace Certus.Sim.Falsification;

/// <summary>The engine of <see cref="Falsifier"/>: one search, on coordinates scaled to [0, 1].</summary>
internal sealed class FalsificationSearch
{
    /// <summary>Points evaluated together; fixed so that results do not depend on the thread count.</summary>
    private const int BatchSize = 64;

    private readonly FalsificationProblem _problem;
    private readonly FalsificationOptions _options;
    private readonly ClosedLoopSimulator _simulator;
    private readonly double[] _lower;
    private readonly double[] _upper;
    private readonly int[] _activeStates;
    private readonly double[] _disturbanceLower;
    private readonly double[] _disturbanceUpper;
    private readonly int[] _activeDisturbances;
    private readonly double[] _fixedDisturbances;
    private readonly int _dimension;
    private readonly int _periods;
    private readonly int _w;
    private readonly int _choices;
    private readonly CancellationToken _cancellation;

    private double[]? _bestPoint;
    private MarginSummary _best = new(double.PositiveInfinity, 0, 0);
    private int _used;
    private bool _stopped;

    public FalsificationSearch(FalsificationProblem problem, FalsificationOptions options, CancellationToken cancellation = default)
    {
        _cancellation = cancellation;
        _problem = problem;
        _options = options;
        _simulator = new ClosedLoopSimulator(problem.Loop, options.Simulation);
        _lower = problem.LowerArray;
        _upper = problem.UpperArray;
        _activeStates = BoxBounds.Active(_lower, _upper);
        _periods = problem.Loop.Periods;
        _w = problem.Loop.Plant.DisturbanceCount;
        if (problem.Loop.Disturbance is BoxDisturbance box)
        {
            _disturbanceLower = [.. box.Lower];
            _disturbanceUpper = [.. box.Upper];
            _activeDisturbances = BoxBounds.Active(_disturbanceLower, _disturbanceUpper);
            _fixedDisturbances = [];
        }
        else
        {
            _disturbanceLower = [];
            _disturbanceUpper = [];
            _activeDisturbances = [];
            _fixedDisturbances = _simulator.DrawDisturbances(null);
        }

        // A modal controller's environment choices are searched too: one selector in [0, 1] per choice and period.
        _choices = _simulator.ChoiceLength;
        _dimension = _activeStates.Length + (_periods * _activeDisturbances.Length) + _choices;
    }

    public FalsificationResult Run()
    {
        var clock = Stopwatch.StartNew();
        double[] margins = Explore();
        if (!_stopped && _dimension > 0)
        {
            LocalSearches(margins);
        }

        double[] x0 = new double[_lower.Length];
        double[] disturbances = new double[_simulator.DisturbanceLength];
        double[] selectors = new double[_choices];
        Map(_bestPoint!, x0, disturbances, selectors);
        Trajectory trace = _simulator.SimulateCore(_simulator.CreateWorkspace(), x0, disturbances, selectors, _cancellation);
        return new FalsificationResult(_problem, _options, x0, disturbances, _best, trace, _used, _stopped, clock.Elapsed);
    }

    /// <summary>The global phase: centre, corners, then seeded uniform points, in fixed batches.</summary>
    private double[] Explore()
    {
        int count = _dimension == 0 ? 1 : _options.RandomSamples;
        var margins = new double[count];
        Array.Fill(margins, double.PositiveInfinity);
        for (int start = 0; start < count && !_stopped; start += BatchSize)
        {
            int size = Math.Min(BatchSize, count - start);
            var points = new double[size][];
            for (int i = 0; i < size; i++)
            {
                points[i] = GlobalPoint(start + i);
            }

            MarginSummary[] results = Evaluate(points);
            for (int i = 0; i < size; i++)
            {
                margins[start + i] = results[i].MinimumMargin;
            }
        }

        return margins;
    }

    /// <summary>Point <paramref name="index"/> of the global phase (a pure function of the seed and the index).</summary>
    private double[] GlobalPoint(int index)
    {
        var z = new double[_dimension];
        Random random = Seeds.For(_options.Seed, index, Seeds.SearchStream);
        for (int d = 0; d < z.Length; d++)
        {
            z[d] = random.NextDouble();
        }

        if (!_options.IncludeCentreAndCorners)
        {
            return z;
        }

        if (index == 0)
        {
            Array.Fill(z, 0.5);
            return z;
        }

        int states = _activeStates.Length;
        int corners = states <= 20 && (1 << states) <= _options.RandomSamples / 2 ? 1 << states : 0;
        if (index <= corners)
        {
            // Corners of the initial box (random disturbances).
            int corner = index - 1;
            for (int j = 0; j < states; j++)
            {
                z[j] = (corner & (1 << j)) != 0 ? 1 : 0;
            }

            return z;
        }

        // Held extremes: the same vertex of the disturbance box in every period, and every environment choice at the
        // same end of its range (a constant worst case is what random sequences almost never draw over many periods),
        // from a random initial state.
        int w = _activeDisturbances.Length;
        int vertices = w <= 5 ? 1 << w : 32;
        int ends = _choices > 0 ? 2 : 1;
        int held = (_periods * w) + _choices > 0 ? vertices * ends : 0;
        if (held <= _options.RandomSamples / 4 && index - corners - 1 < held)
        {
            int pattern = index - corners - 1;
            int vertex = pattern % vertices, end = pattern / vertices;
            for (int k = 0; k < _periods; k++)
            {
                for (int d = 0; d < w; d++)
                {
                    z[states + (k * w) + d] = (vertex & (1 << (d % 31))) != 0 ? 1 : 0;
                }
            }

            for (int c = 0; c < _choices; c++)
            {
                z[z.Length - _choices + c] = end;
            }
        }

        return z;
    }

    /// <summary>Compass searches from the best global points, each with an equal share of what is left of the budget.</summary>
    private void LocalSearches(double[] margins)
    {
        int[] order = Enumerable.Range(0, margins.Length).OrderBy(i => margins[i]).ThenBy(i => i).ToArray();
        int starts = Math.Min(_options.LocalSearches, order.Length);
        for (int s = 0; s < starts && !_stopped && _used < _options.Budget; s++)
        {
            int share = (_options.Budget - _used) / (starts - s);
            CompassSearch(GlobalPoint(order[s]), margins[order[s]], share);
        }
    }

    private void CompassSearch(double[] z, double value, int share)
    {
        double step = _options.InitialStep;
        int spent = 0;
        var candidates = new List<double[]>(2 * _dimension);
        while (step >= _options.MinStep && spent < share && !_stopped)
        {
            candidates.Clear();
            int room = Math.Min(share - spent, _options.Budget - _used);
            for (int d = 0; d < _dimension && candidates.Count < room; d++)
            {
                foreach (double sign in (ReadOnlySpan<double>)[1, -1])
                {
                    double moved = Math.Clamp(z[d] + (sign * step), 0, 1);
                    if (moved != z[d] && candidates.Count < room)
                    {
                        double[] c = (double[])z.Clone();
                        c[d] = moved;
                        candidates.Add(c);
                    }
                }
            }

            if (candidates.Count == 0)
            {
                break;
            }

            MarginSummary[] results = Evaluate([.. candidates]);
            spent += candidates.Count;
            int best = -1;
            for (int i = 0; i < results.Length; i++)
            {
                if (results[i].MinimumMargin < value && (best < 0 || results[i].MinimumMargin < results[best].MinimumMargin))
                {
                    best = i;
                }
            }

            if (best >= 0)
            {
                z = candidates[best];
                value = results[best].MinimumMargin;
            }
            else
            {
                step *= 0.5;
            }
        }
    }

    /// <summary>Simulates a batch in parallel, updates the best run, and applies the budget and the early stop.</summary>
    private MarginSummary[] Evaluate(double[][] points)
    {
        _cancellation.ThrowIfCancellationRequested();
        var results = new MarginSummary[points.Length];
        StateMargin margin = _problem.Margin;
        CancellationToken cancellation = _cancellation;
        ParallelLoop.For(
            0,
            points.Length,
            _options.MaxDegreeOfParallelism,
            1,
            () => (Workspace: _simulator.CreateWorkspace(), State: new double[_lower.Length], Disturbances: new double[_simulator.DisturbanceLength], Selectors: new double[_choices]),
            (i, local) =>
            {
                Map(points[i], local.State, local.Disturbances, local.Selectors);
                results[i] = _simulator.RunCore(local.Workspace, local.State, local.Disturbances, local.Selectors, margin, [], null, null, cancellation, null, _problem.Aggregate);
            });

        _used += points.Length;
        for (int i = 0; i < results.Length; i++)
        {
            // Strictly smaller only: the first point that attains a value keeps it.
            if (_bestPoint is null || results[i].MinimumMargin < _best.MinimumMargin)
            {
                _best = results[i];
                _bestPoint = points[i];
            }
        }

        if (_options.StopAtViolation && _best.MinimumMargin < 0)
        {
            _stopped = true;
        }

        return results;
    }

    /// <summary>From scaled coordinates to an initial state, a disturbance sequence and the environment's selectors
    /// (the last coordinates, taken as they are: a selector is already in [0, 1]).</summary>
    private void Map(ReadOnlySpan<double> z, Span<double> state, Span<double> disturbances, Span<double> selectors)
    {
        z.Slice(z.Length - _choices, _choices).CopyTo(selectors);
        _lower.CopyTo(state);
        int j = 0;
        foreach (int d in _activeStates)
        {
            state[d] = BoxBounds.Lerp(_lower[d], _upper[d], z[j++]);
        }

        if (_fixedDisturbances.Length > 0 || _disturbanceLower.Length == 0)
        {
            _fixedDisturbances.CopyTo(disturbances);
            return;
        }

        for (int k = 0; k < _periods; k++)
        {
            Span<double> row = disturbances.Slice(k * _w, _w);
            _disturbanceLower.CopyTo(row);
            foreach (int d in _activeDisturbances)
            {
                row[d] = BoxBounds.Lerp(_disturbanceLower[d], _disturbanceUpper[d], z[j++]);
            }
        }
    }
}
