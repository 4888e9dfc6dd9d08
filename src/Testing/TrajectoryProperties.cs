using Certus.Core.Expressions;
using Certus.Core.Systems;
using Certus.Verify.Specs;
using Interval = Certus.Core.Numerics.Interval;

namespace Certus.Testing;

/// <summary>
/// Properties over closed-loop trajectories, written in code with the same constraint text as spec files
/// (<c>"x_lead - x_ego >= 10 + 1.4*v_ego"</c>, over the spec's states, parameters and <c>t</c>). They are the spec
/// files' own <see cref="StateProperty"/> values, so a suite checks them exactly as the certifier reads a spec.
/// </summary>
public static class TrajectoryProperties
{
    /// <summary><c>always</c>: the constraint holds at every time of the horizon.</summary>
    /// <param name="spec">The spec whose states and parameters the constraint uses.</param>
    /// <param name="constraint"><c>expression &gt;= expression</c> or <c>expression &lt;= expression</c>.</param>
    /// <param name="name">A name for reports (default: the constraint).</param>
    /// <returns>The property.</returns>
    /// <exception cref="ArgumentException">The constraint does not parse or uses an unknown name.</exception>
    public static StateProperty Always(CertificationSpec spec, string constraint, string? name = null) =>
        new(name ?? constraint, PropertyKind.Always, Parse(spec, constraint));

    /// <summary><c>always … during [from, to]</c>: the constraint holds at every time of the window.</summary>
    /// <param name="spec">The spec.</param>
    /// <param name="constraint">The constraint.</param>
    /// <param name="from">Window start (seconds, at least 0).</param>
    /// <param name="to">Window end (seconds, at least <paramref name="from"/>, inside the horizon).</param>
    /// <param name="name">A name for reports.</param>
    /// <returns>The property.</returns>
    public static StateProperty During(CertificationSpec spec, string constraint, double from, double to, string? name = null) =>
        new(name ?? $"{constraint} during [{from}, {to}]", PropertyKind.Always, Parse(spec, constraint), Window(spec, from, to));

    /// <summary><c>eventually</c>: the goal (every constraint at once) is met at some time of the window (the whole
    /// horizon by default).</summary>
    /// <param name="spec">The spec.</param>
    /// <param name="goal">One or more constraints, all of which must hold at the same time.</param>
    /// <param name="from">Window start (default 0).</param>
    /// <param name="to">Window end (default the end of the horizon).</param>
    /// <param name="name">A name for reports.</param>
    /// <returns>The property.</returns>
    public static StateProperty Eventually(CertificationSpec spec, IReadOnlyList<string> goal, double? from = null, double? to = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(goal);
        Expr g = Conjunction(spec, goal);
        Interval? window = from is null && to is null ? null : Window(spec, from ?? 0, to ?? EndTime(spec));
        return new StateProperty(name ?? $"eventually {string.Join(" and ", goal)}", PropertyKind.Eventually, g, window);
    }

    /// <summary><c>at_end</c>: the goal holds at the final time.</summary>
    /// <param name="spec">The spec.</param>
    /// <param name="goal">The constraint.</param>
    /// <param name="name">A name for reports.</param>
    /// <returns>The property.</returns>
    public static StateProperty AtEnd(CertificationSpec spec, string goal, string? name = null) =>
        new(name ?? $"at end {goal}", PropertyKind.AtEnd, Parse(spec, goal));

    /// <summary><c>avoid</c>: never inside the polytope where every (linear) constraint holds at once.</summary>
    /// <param name="spec">The spec.</param>
    /// <param name="polytope">The constraints whose conjunction is the unsafe set.</param>
    /// <param name="name">A name for reports.</param>
    /// <returns>The property.</returns>
    public static StateProperty Avoid(CertificationSpec spec, IReadOnlyList<string> polytope, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(polytope);
        if (polytope.Count == 0)
        {
            throw new ArgumentException("An avoid set needs at least one constraint.", nameof(polytope));
        }

        return StateProperty.Avoid(name ?? $"avoid {string.Join(" and ", polytope)}", [.. polytope.Select(c => -Parse(spec, c))]);
    }

    /// <summary>Reach-avoid: never enter the unsafe polytope, and meet the goal at some time of the window.</summary>
    /// <param name="spec">The spec.</param>
    /// <param name="avoid">The constraints whose conjunction is the unsafe set.</param>
    /// <param name="goal">The constraints of the goal set.</param>
    /// <param name="from">Goal window start (default 0).</param>
    /// <param name="to">Goal window end (default the end of the horizon).</param>
    /// <returns>The two properties (avoid, then eventually).</returns>
    public static StateProperty[] ReachAvoid(CertificationSpec spec, IReadOnlyList<string> avoid, IReadOnlyList<string> goal, double? from = null, double? to = null) =>
        [Avoid(spec, avoid), Eventually(spec, goal, from, to)];

    private static double EndTime(CertificationSpec spec) => spec.Horizon * spec.Controller.Period;

    private static Interval Window(CertificationSpec spec, double from, double to)
    {
        double end = EndTime(spec);
        if (!(from >= 0) || !(to >= from) || to > end * (1 + 1e-12))
        {
            throw new ArgumentException($"The window [{from}, {to}] must lie inside the horizon [0, {end}] s.", nameof(to));
        }

        return new Interval(from, to);
    }

    private static Expr Conjunction(CertificationSpec spec, IReadOnlyList<string> constraints)
    {
        if (constraints.Count == 0)
        {
            throw new ArgumentException("A goal needs at least one constraint.", nameof(constraints));
        }

        Expr g = Parse(spec, constraints[0]);
        foreach (string c in constraints.Skip(1))
        {
            g = new BinaryExpr(BinaryOp.Min, g, Parse(spec, c));
        }

        return g;
    }

    /// <summary>"lhs &gt;= rhs" → lhs − rhs; "lhs &lt;= rhs" → rhs − lhs, parameters substituted, as spec files read it.</summary>
    private static Expr Parse(CertificationSpec spec, string text)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(text);
        int ge = text.IndexOf(">=", StringComparison.Ordinal), le = text.IndexOf("<=", StringComparison.Ordinal);
        if ((ge < 0) == (le < 0) || text.IndexOf(ge >= 0 ? ">=" : "<=", (ge >= 0 ? ge : le) + 2, StringComparison.Ordinal) >= 0)
        {
            throw new ArgumentException($"Expected one comparison 'expression >= expression' or 'expression <= expression', got '{text}'.", nameof(text));
        }

        int at = ge >= 0 ? ge : le;
        Expr lhs, rhs;
        try
        {
            lhs = ExpressionParser.Parse(text[..at]);
            rhs = ExpressionParser.Parse(text[(at + 2)..]);
        }
        catch (ExpressionParseException e)
        {
            throw new ArgumentException($"'{text}': {e.Message}", nameof(text), e);
        }

        OdeSystem system = spec.System;
        Expr g = system.SubstituteParameters(ge >= 0 ? lhs - rhs : rhs - lhs);
        foreach (string v in g.Variables())
        {
            if (v != OdeSystem.TimeVariable && !system.States.Contains(v))
            {
                throw new ArgumentException($"Unknown variable '{v}' in '{text}'; a property can use the states ({string.Join(", ", system.States)}), parameters and t.", nameof(text));
            }
        }

        return g;
    }
}
