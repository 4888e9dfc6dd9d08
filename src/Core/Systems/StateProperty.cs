using Certus.Core.Expressions;
using Certus.Core.Numerics;
using Certus.Core.Sets;

namespace Certus.Core.Systems;

/// <summary>How a constraint <c>g(x) ≥ 0</c> must hold along the closed loop.</summary>
public enum PropertyKind
{
    /// <summary>At every time of the window (safety; the whole horizon when no window is given).</summary>
    Always,

    /// <summary>At the final time (reach a goal set at the end of the horizon).</summary>
    AtEnd,

    /// <summary>
    /// Never inside the unsafe polytope <c>{x : h_i(x) ≤ 0 for all i}</c> during the window (see
    /// <see cref="StateProperty.Polytope"/>); the constraint is <c>max_i h_i</c>, positive outside the polytope.
    /// </summary>
    Avoid,

    /// <summary>
    /// At some time of the window (reach a goal set; the whole horizon when no window is given): proved when, for
    /// every trajectory, a tube segment lying inside the window satisfies the constraint entirely.
    /// </summary>
    Eventually,
}

/// <summary>
/// A property of the closed loop: the constraint <see cref="Constraint"/> (an expression over the states and
/// <c>t</c>) must be non-negative, always during <see cref="Window"/> or at the end. Several properties together
/// express reach-avoid problems (an <c>Always</c> avoid constraint and an <c>AtEnd</c> goal).
/// </summary>
/// <param name="Name">A name for reports.</param>
/// <param name="Kind">When the constraint must hold.</param>
/// <param name="Constraint">The expression <c>g</c>; the property asks <c>g ≥ 0</c>. Its value is the margin.</param>
/// <param name="Window">For <see cref="PropertyKind.Always"/>, the time window (seconds); <c>null</c> for the whole horizon.</param>
public sealed record StateProperty(string Name, PropertyKind Kind, Expr Constraint, Interval? Window = null)
{
    private readonly Interval? _innerWindow;

    /// <summary>
    /// An interval inside the exact window, for containment tests (a goal reached, or a violation seen, must lie in the
    /// window itself); <see cref="Window"/> encloses the window from outside, for overlap tests. The two differ when the
    /// window's ends are decimals or expressions that are not doubles; an empty interval when no inner interval is known
    /// (then nothing can be reached or confirmed inside the window). Default: <see cref="Window"/> (an exact window).
    /// </summary>
    public Interval? InnerWindow
    {
        get => _innerWindow ?? Window;
        init => _innerWindow = value;
    }

    /// <summary>For <see cref="PropertyKind.Avoid"/>: the linear functions <c>h_i</c> whose common non-positive region is the unsafe polytope.</summary>
    public IReadOnlyList<Expr>? Polytope { get; init; }

    /// <summary>An avoid property for the polytope <c>{x : h_i(x) ≤ 0 for all i}</c>.</summary>
    /// <param name="name">A name for reports.</param>
    /// <param name="polytope">The functions <c>h_i</c> (linear in the states for the LP check; any expression works with intervals).</param>
    /// <param name="window">The time window, or <c>null</c> for the whole horizon.</param>
    /// <returns>The property, whose margin is <c>max_i h_i</c>.</returns>
    public static StateProperty Avoid(string name, IReadOnlyList<Expr> polytope, Interval? window = null)
    {
        ArgumentNullException.ThrowIfNull(polytope);
        if (polytope.Count == 0)
        {
            throw new ArgumentException("An avoid polytope needs at least one constraint.", nameof(polytope));
        }

        Expr max = polytope[0];
        for (int i = 1; i < polytope.Count; i++)
        {
            max = new BinaryExpr(BinaryOp.Max, max, polytope[i]);
        }

        return new StateProperty(name, PropertyKind.Avoid, max, window) { Polytope = polytope };
    }

    /// <summary>Encloses the margin <c>g</c> over a box of states during a time interval, soundly, and checks that
    /// <c>g</c> is defined at every point of the box (a margin of an expression undefined on part of the box proves
    /// nothing about those points).</summary>
    /// <param name="states">State names in the order of the box.</param>
    /// <param name="box">The states.</param>
    /// <param name="time">The time interval.</param>
    /// <returns>A non-empty interval containing <c>g(x, t)</c> for all x in the box and t in the interval.</returns>
    /// <exception cref="UndefinedExpressionException">The constraint may be undefined somewhere on the box.</exception>
    public Interval Margin(IReadOnlyList<string> states, Box box, Interval time)
    {
        ArgumentNullException.ThrowIfNull(states);
        ArgumentNullException.ThrowIfNull(box);
        return ExpressionEvaluator.EvaluateDefined(Constraint, name =>
        {
            if (name == Core.Systems.OdeSystem.TimeVariable)
            {
                return time;
            }

            int i = states.IndexOfName(name);
            return i >= 0 ? box[i] : throw new KeyNotFoundException($"The property '{Name}' uses '{name}', which is not a state.");
        });
    }

    /// <summary>
    /// Whether a margin proves the property at the points it encloses, by the boundary semantics of the kind:
    /// <c>always</c>, <c>at_end</c> and <c>eventually</c> constraints describe closed sets <c>{g ≥ 0}</c>, so a lower
    /// bound of 0 proves them; an <c>avoid</c> set is the closed polytope <c>{max_i h_i ≤ 0}</c>, so staying out of it
    /// needs a margin strictly above 0 (a point on its boundary is inside the unsafe set).
    /// </summary>
    /// <param name="lowerBound">A lower bound of the margin over a set (NaN proves nothing).</param>
    /// <returns>True when every point with margin at least <paramref name="lowerBound"/> satisfies the property.</returns>
    public bool IsProvedBy(double lowerBound) => Kind == PropertyKind.Avoid ? lowerBound > 0 : lowerBound >= 0;

    /// <summary>Whether a point with this margin violates the property (the exact complement of satisfaction):
    /// <c>g &lt; 0</c> for closed sets, <c>max_i h_i ≤ 0</c> (inside the closed unsafe polytope) for avoid. NaN (the
    /// constraint undefined at the point) is neither.</summary>
    /// <param name="margin">The margin at one point, or an upper bound of it over a set (then every point of the set
    /// violates the property when this is true).</param>
    /// <returns>True when the point violates the property.</returns>
    public bool IsViolatedBy(double margin) => Kind == PropertyKind.Avoid ? margin <= 0 : margin < 0;


    /// <summary>Evaluates the margin at one state (doubles, for simulation).</summary>
    /// <param name="states">State names in order.</param>
    /// <param name="t">The time.</param>
    /// <param name="x">The state.</param>
    /// <returns><c>g(x, t)</c>.</returns>
    public double Margin(IReadOnlyList<string> states, double t, ReadOnlySpan<double> x)
    {
        ArgumentNullException.ThrowIfNull(states);
        double[] copy = x.ToArray();
        return ExpressionEvaluator.Evaluate<double, DoubleArithmetic>(Constraint, default, name =>
            name == Core.Systems.OdeSystem.TimeVariable ? t : copy[states.IndexOfName(name)]);
    }

    /// <summary>Whether a segment over <paramref name="time"/> must satisfy the property.</summary>
    /// <param name="time">The segment's time interval.</param>
    /// <returns>True when the window overlaps it.</returns>
    public bool Applies(Interval time) => (Kind is PropertyKind.Always or PropertyKind.Avoid) && (Window is not { } w || w.Overlaps(time));

    /// <summary>For <see cref="PropertyKind.Eventually"/>: whether a segment over <paramref name="time"/> lies inside the window.</summary>
    /// <param name="time">The segment's time interval.</param>
    /// <returns>True when a goal reached during the whole segment counts.</returns>
    public bool CountsForEventually(Interval time) => Kind == PropertyKind.Eventually && (InnerWindow is not { } w || w.Contains(time));

    /// <summary>Whether a time interval lies inside the exact window for sure (always true without a window).</summary>
    /// <param name="time">A time interval.</param>
    /// <returns>True when every instant of <paramref name="time"/> is in the window.</returns>
    public bool InsideWindow(Interval time) => InnerWindow is not { } w || w.Contains(time);
}
