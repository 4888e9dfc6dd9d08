using Certus.Core.Systems;
using Certus.Core.Expressions;
using Certus.Core.Numerics;
using Certus.Core.Sets;
using Certus.Reach.Flow;

namespace Certus.Reach.ClosedLoop;

/// <summary>
/// Checks every tube segment of one cell against every property and collects the tube, whatever set mode produced
/// it: the one place where margins, boundary semantics, windows and definedness are decided.
/// </summary>
internal sealed class TubeChecker
{
    private readonly ClosedLoopReachProblem _problem;
    private readonly IPolytopeSeparator? _separator;
    private readonly IReadOnlyList<string> _states;
    private readonly IReadOnlyList<StateProperty> _properties;

    // Always/avoid/at-end keep the smallest margin; eventually keeps the best segment's margin.
    private readonly double[] _margins;
    private readonly double?[] _firstUndecided;

    // Why a property is undecided beyond its margin (a segment where its constraint may be undefined).
    private readonly string?[] _reasons;

    // For eventually, a segment where the goal may be undefined just does not count; its reason is reported only when
    // no segment reaches the goal.
    private readonly string?[] _unreached;

    public TubeChecker(ClosedLoopReachProblem problem, IPolytopeSeparator? separator)
    {
        _problem = problem;
        _separator = separator;
        _states = problem.FlowSystem.States;
        _properties = problem.Properties;
        _margins = [.. _properties.Select(p => p.Kind == PropertyKind.Eventually ? double.NegativeInfinity : double.PositiveInfinity)];
        _firstUndecided = new double?[_properties.Count];
        _reasons = new string?[_properties.Count];
        _unreached = new string?[_properties.Count];
    }

    /// <summary>For a modal loop, the modes of the branches at each sampling instant so far (see <see cref="CellResult.Modes"/>).</summary>
    public List<IReadOnlyList<int>>? Modes { get; set; }

    /// <summary>The segments checked so far, in time order.</summary>
    public List<FlowSegment> Tube { get; } = [];

    /// <summary>Adds a segment to the tube and checks it.</summary>
    /// <param name="segment">The segment.</param>
    public void Add(FlowSegment segment)
    {
        Tube.Add(segment);
        Check(segment.Enclosure, segment.Time, final: false);
    }

    /// <summary>Adds every segment of a tube.</summary>
    /// <param name="segments">The segments.</param>
    public void AddRange(IEnumerable<FlowSegment> segments)
    {
        foreach (FlowSegment s in segments)
        {
            Add(s);
        }
    }

    /// <summary>
    /// Adds the sets of several branches at one time (a modal loop that may be in several modes): every property that
    /// must hold on every state (always, avoid) is checked on each branch; the tube keeps their hull, on which
    /// <c>eventually</c> is checked (a goal counts only when every branch is in it) and a violation is confirmed (only
    /// when every branch violates).
    /// </summary>
    /// <param name="time">The time of the sets.</param>
    /// <param name="boxes">One box per branch (at least one).</param>
    public void AddBranches(Interval time, IReadOnlyList<Box> boxes) =>
        AddBranchTubes([.. boxes.Select(b => (IReadOnlyList<FlowSegment>)[new FlowSegment(time, b)])]);

    /// <summary>Adds the tubes of several branches over one period: as <see cref="AddBranches"/>, each segment checked on
    /// its own for always and avoid, and one segment, the hull of every box over the hull of every time, kept in the
    /// tube and checked for eventually.</summary>
    /// <param name="tubes">One tube per branch (at least one).</param>
    public void AddBranchTubes(IReadOnlyList<IReadOnlyList<FlowSegment>> tubes)
    {
        if (tubes.Count == 1)
        {
            AddRange(tubes[0]);
            return;
        }

        Box? hull = null;
        Interval time = Interval.Empty;
        foreach (FlowSegment s in tubes.SelectMany(t => t))
        {
            Check(s.Enclosure, s.Time, final: false, eventually: false);
            hull = hull is null ? s.Enclosure : Box.Hull([hull, s.Enclosure]);
            time = time.IsEmpty ? s.Time : Interval.Hull(time, s.Time);
        }

        if (hull is not null)
        {
            Tube.Add(new FlowSegment(time, hull));
            Check(hull, time, final: false, others: false);
        }
    }

    /// <summary>Checks the final set (at-end properties).</summary>
    /// <param name="final">A box that contains every state at the end of the horizon.</param>
    public void CheckFinal(Box final) =>
        Check(final, Interval.Point(_problem.Controller.Period) * _problem.Periods, final: true);

    /// <summary>The cell's result.</summary>
    /// <param name="cell">The cell.</param>
    /// <param name="depth">Its bisection depth.</param>
    /// <param name="final">The final set, when the horizon was reached.</param>
    /// <param name="failure">Why the recursion stopped early, or null.</param>
    /// <returns>The result.</returns>
    public CellResult Result(Box cell, int depth, Box? final, CellFailure? failure) => new(
        cell,
        depth,
        [.. _properties.Select((p, k) => new PropertyOutcome(
            p,
            failure is null && _reasons[k] is null && p.IsProvedBy(_margins[k]) ? PropertyStatus.Proved : PropertyStatus.Undecided,
            _margins[k],
            failure is not null && _firstUndecided[k] is null ? Tube.Count > 0 ? Tube[^1].Time.Hi : 0 : _firstUndecided[k])
        {
            Reason = _reasons[k] ?? (p.IsProvedBy(_margins[k]) ? null : _unreached[k]),
        })],
        Tube,
        final,
        failure)
    {
        Modes = Modes,
    };

    // Encloses a property's margin over a tube box; null when the constraint may be undefined there.
    private double? MarginOver(int p, Box box, Interval engineTime, Interval realTime)
    {
        try
        {
            return _properties[p].Margin(_states, box, realTime).Lo;
        }
        catch (UndefinedExpressionException e)
        {
            string why = $"at t in [{engineTime.Lo:G6}, {engineTime.Hi:G6}] s the property '{_properties[p].Name}' is not proved: {e.Message}";
            if (_properties[p].Kind == PropertyKind.Eventually)
            {
                _unreached[p] ??= why;
            }
            else
            {
                _reasons[p] ??= why;
            }

            return null;
        }
    }

    // Tube times are engine times; windows and t in constraints are real times (see ClosedLoopReachProblem.TimeScale).
    private void Check(Box box, Interval time, bool final, bool eventually = true, bool others = true)
    {
        Interval real = _problem.RealTime(time);
        for (int p = 0; p < _properties.Count; p++)
        {
            StateProperty prop = _properties[p];
            if ((prop.Kind == PropertyKind.Eventually && !eventually) || (prop.Kind != PropertyKind.Eventually && !others))
            {
                continue;
            }

            if (prop.Kind == PropertyKind.Eventually)
            {
                if (!final && prop.CountsForEventually(real) && MarginOver(p, box, time, real) is { } reached && !double.IsNaN(reached))
                {
                    _margins[p] = Math.Max(_margins[p], reached);
                }

                continue;
            }

            bool applies = final ? prop.Kind == PropertyKind.AtEnd : prop.Applies(real);
            if (!applies)
            {
                continue;
            }

            double m = MarginOver(p, box, time, real) ?? double.NegativeInfinity;
            if (double.IsNaN(m))
            {
                m = double.NegativeInfinity;
            }

            if (!prop.IsProvedBy(m) && _reasons[p] is null && prop.Kind == PropertyKind.Avoid && prop.Polytope is { } polytope && _separator is { } separator)
            {
                // No single constraint separates the box from the polytope: try a combination of them.
                m = Math.Max(m, separator.SeparationMargin(polytope, _states, box, real));
            }

            _margins[p] = Math.Min(_margins[p], m);
            if (!prop.IsProvedBy(m) && _firstUndecided[p] is null)
            {
                _firstUndecided[p] = real.Lo;
            }
        }
    }
}
