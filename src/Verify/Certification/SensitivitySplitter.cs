using Certus.Core.Systems;
using Certus.Core.Sets;
using Certus.Reach.ClosedLoop;
using Certus.Sim.ClosedLoop;
using Certus.Verify.Specs;

namespace Certus.Verify.Certification;

/// <summary>How an undecided cell is split.</summary>
public enum SplittingRule
{
    /// <summary>Along the side that is widest relative to the initial set.</summary>
    Widest,

    /// <summary>Along the side that most affects the failing margin: the cell's centre is moved a quarter of each side
    /// both ways and simulated, and the side whose runs (with the centre's) spread most in the margin of the worst undecided property
    /// (or, for a cell whose flow or controller could not be enclosed, in the states where it failed) is halved.
    /// Deterministic (fixed points, the spec's own disturbance draw); the widest side where the runs say nothing.</summary>
    Sensitivity,
}

/// <summary>The <see cref="SplittingRule.Sensitivity"/> rule: 2n + 1 simulations per split cell.</summary>
internal sealed class SensitivitySplitter
{
    private readonly CertificationSpec _spec;
    private readonly ClosedLoopSimulator _simulator;
    private readonly double[] _disturbances;
    private readonly double _period;

    public SensitivitySplitter(CertificationSpec spec, int seed)
    {
        _spec = spec;
        _simulator = new ClosedLoopSimulator(spec.SimulationLoop(seed));
        _disturbances = _simulator.DrawDisturbances(null);
        _period = spec.Controller.Period;
    }

    /// <summary>How much wider (relative to the initial set) than the chosen side another side may grow before it is
    /// halved instead: the over-approximation's error grows with every side, even one the margin hardly depends on.</summary>
    private const double AspectLimit = 4;

    /// <summary>The dimension to halve, or -1 to leave it to the default rule.</summary>
    public int Choose(CellResult r)
    {
        int chosen = ChooseBySensitivity(r);
        if (chosen < 0)
        {
            return -1;
        }

        Box cell = r.Cell, initial = _spec.InitialSet;
        double Relative(int i) => initial[i].Width > 0 ? cell[i].Width / initial[i].Width : 0;
        int widest = -1;
        for (int i = 0; i < cell.Dimension; i++)
        {
            if (Math.BitIncrement(cell[i].Lo) < cell[i].Hi && (widest < 0 || Relative(i) > Relative(widest)))
            {
                widest = i;
            }
        }

        return widest >= 0 && Relative(widest) > AspectLimit * Relative(chosen) ? widest : chosen;
    }

    private int ChooseBySensitivity(CellResult r)
    {
        if (_spec.Modal is not null || _simulator.ChoiceLength > 0)
        {
            return -1;
        }

        Box cell = r.Cell;
        int n = cell.Dimension;

        // The worst undecided property with a finite margin decides; without one (the flow or the controller failed
        // first), the states at the failing period do.
        int worst = -1;
        for (int k = 0; k < r.Outcomes.Count; k++)
        {
            PropertyOutcome o = r.Outcomes[k];
            if (o.Status != PropertyStatus.Proved && double.IsFinite(o.Margin) && (worst < 0 || o.Margin < r.Outcomes[worst].Margin))
            {
                worst = k;
            }
        }

        StateMargin? margin = worst >= 0 ? Certifier.MarginOf(_spec, r.Outcomes[worst].Property) : null;
        bool eventually = worst >= 0 && r.Outcomes[worst].Property.Kind == PropertyKind.Eventually;
        double failTime = r.Failure switch
        {
            FlowNotEnclosed f => f.Flow.ValidatedUntil,
            ControllerNotEnclosed c => (c.Period - 1) * _period,
            _ => double.PositiveInfinity,
        };
        if (margin is null && double.IsPositiveInfinity(failTime))
        {
            return -1;
        }

        double[] centre = [.. Enumerable.Range(0, n).Select(i => cell[i].Midpoint)];
        if (!Run(centre, margin, eventually, failTime, out double marginCentre, out double[] atCentre))
        {
            return -1;
        }

        var plus = new double[n][];
        var minus = new double[n][];
        var marginPlus = new double[n];
        var marginMinus = new double[n];
        bool any = false;
        for (int i = 0; i < n; i++)
        {
            if (!(cell[i].Width > 0))
            {
                continue;
            }

            double[] up = [.. centre], down = [.. centre];
            up[i] = centre[i] + (cell[i].Width / 4);
            down[i] = centre[i] - (cell[i].Width / 4);
            if (!Run(up, margin, eventually, failTime, out marginPlus[i], out plus[i]) || !Run(down, margin, eventually, failTime, out marginMinus[i], out minus[i]))
            {
                continue;
            }

            any = true;
        }

        if (!any)
        {
            return -1;
        }

        int best = -1;
        double bestScore = 0;
        if (margin is not null)
        {
            for (int i = 0; i < n; i++)
            {
                // The range over the three runs, not the difference of two: a margin symmetric about the centre
                // (|x| <= c from a centred cell) still shows its spread.
                double score = plus[i] is null ? 0
                    : Math.Max(marginCentre, Math.Max(marginPlus[i], marginMinus[i])) - Math.Min(marginCentre, Math.Min(marginPlus[i], marginMinus[i]));
                if (double.IsFinite(score) && score > bestScore)
                {
                    bestScore = score;
                    best = i;
                }
            }

            return best;
        }

        // The states where the enclosure failed: each state's spread scaled by the largest spread of that state over
        // the sides, summed, so that no one state's units dominate.
        var scale = new double[n];
        for (int i = 0; i < n; i++)
        {
            if (plus[i] is null)
            {
                continue;
            }

            for (int j = 0; j < n; j++)
            {
                scale[j] = Math.Max(scale[j], Spread(plus[i][j], minus[i][j], atCentre[j]));
            }
        }

        for (int i = 0; i < n; i++)
        {
            if (plus[i] is null)
            {
                continue;
            }

            double score = 0;
            for (int j = 0; j < n; j++)
            {
                score += scale[j] > 0 ? Spread(plus[i][j], minus[i][j], atCentre[j]) / scale[j] : 0;
            }

            if (double.IsFinite(score) && score > bestScore)
            {
                bestScore = score;
                best = i;
            }
        }

        return best;
    }

    private static double Spread(double a, double b, double c) => Math.Max(a, Math.Max(b, c)) - Math.Min(a, Math.Min(b, c));

    // One run from x0: its margin aggregated over the horizon (the smallest; the largest for a goal), and its state at
    // the failing time (or at the end). False when the run does not integrate or leaves the finite numbers.
    private bool Run(double[] x0, StateMargin? margin, bool eventually, double failTime, out double aggregate, out double[] state)
    {
        aggregate = eventually ? double.NegativeInfinity : double.PositiveInfinity;
        state = [];
        Trajectory trace;
        try
        {
            trace = _simulator.Simulate(x0, _disturbances);
        }
        catch (Exception e) when (e is Sim.Integration.IntegrationException or ArithmeticException or ArgumentException or InvalidOperationException)
        {
            return false;
        }

        ReadOnlySpan<double> times = trace.Times;
        int at = times.Length - 1;
        for (int p = 0; p < times.Length; p++)
        {
            ReadOnlySpan<double> x = trace.State(p);
            if (margin is not null)
            {
                double m = margin(times[p], x);
                aggregate = eventually ? Math.Max(aggregate, m) : Math.Min(aggregate, m);
            }

            if (times[p] <= failTime)
            {
                at = p;
            }
        }

        state = trace.State(at).ToArray();
        return state.All(double.IsFinite) && (margin is null || !double.IsNaN(aggregate));
    }
}
