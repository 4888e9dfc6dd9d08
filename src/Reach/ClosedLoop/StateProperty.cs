using Certus.Core.Expressions;
using Certus.Core.Numerics;
using Certus.Core.Sets;

namespace Certus.Reach.ClosedLoop;

/// <summary>How a constraint <c>g(x) ≥ 0</c> must hold along the closed loop.</summary>
public enum PropertyKind
{
    /// <summary>At every time of the window (safety; the whole horizon when no window is given).</summary>
    Always,

    /// <summary>At the final time (reach a goal set at the end of the horizon).</summary>
    AtEnd,
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
    /// <summary>Encloses the margin <c>g</c> over a box of states during a time interval, soundly.</summary>
    /// <param name="states">State names in the order of the box.</param>
    /// <param name="box">The states.</param>
    /// <param name="time">The time interval.</param>
    /// <returns>An interval containing <c>g(x, t)</c> for all x in the box and t in the interval.</returns>
    public Interval Margin(IReadOnlyList<string> states, Box box, Interval time)
    {
        ArgumentNullException.ThrowIfNull(states);
        ArgumentNullException.ThrowIfNull(box);
        return ExpressionEvaluator.Evaluate<Interval, IntervalArithmetic>(Constraint, default, name =>
        {
            if (name == Core.Systems.OdeSystem.TimeVariable)
            {
                return time;
            }

            int i = IndexOf(states, name);
            return i >= 0 ? box[i] : throw new KeyNotFoundException($"The property '{Name}' uses '{name}', which is not a state.");
        });
    }

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
            name == Core.Systems.OdeSystem.TimeVariable ? t : copy[IndexOf(states, name)]);
    }

    /// <summary>Whether a segment over <paramref name="time"/> must satisfy the property.</summary>
    /// <param name="time">The segment's time interval.</param>
    /// <returns>True when the window overlaps it.</returns>
    public bool Applies(Interval time) => Kind == PropertyKind.Always && (Window is not { } w || w.Overlaps(time));

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (int i = 0; i < names.Count; i++)
        {
            if (names[i] == name)
            {
                return i;
            }
        }

        return -1;
    }
}
