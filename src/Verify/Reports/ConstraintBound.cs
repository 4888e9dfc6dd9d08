using Certus.Core.Systems;
using System.Globalization;

namespace Certus.Verify.Reports;

/// <summary>A property whose constraint is a simple bound on one state: <c>x ≤ Value</c> or <c>x ≥ Value</c>.</summary>
/// <param name="Property">The property.</param>
/// <param name="State">The bounded state's index.</param>
/// <param name="Value">The bound.</param>
/// <param name="IsUpper">True for <c>x ≤ Value</c>.</param>
internal sealed record ConstraintBound(StateProperty Property, int State, double Value, bool IsUpper)
{
    private static readonly double[] Probes = [-1.5, 0.5, 2.25, 7.0];

    /// <summary>The bound as text, e.g. <c>x1 ≤ 1</c>.</summary>
    public string Describe(IReadOnlyList<string> states) =>
        string.Create(CultureInfo.InvariantCulture, $"{states[State]} {(IsUpper ? "≤" : "≥")} {Value:G6}");

    /// <summary>
    /// Recognises a constraint that reads one state and not the time and is affine in it: the margin is evaluated at a
    /// few values of that state (the others at 0) and must lie on one non-constant line.
    /// </summary>
    public static ConstraintBound? Detect(StateProperty property, IReadOnlyList<string> states)
    {
        IReadOnlyList<string> variables = property.Constraint.Variables();
        if (variables.Count != 1)
        {
            return null;
        }

        int index = -1;
        for (int i = 0; i < states.Count; i++)
        {
            if (states[i] == variables[0])
            {
                index = i;
            }
        }

        if (index < 0)
        {
            return null;
        }

        var x = new double[states.Count];
        double G(double v)
        {
            x[index] = v;
            return property.Margin(states, 0, x);
        }

        double[] g = [.. Probes.Select(G)];
        if (!g.All(double.IsFinite))
        {
            return null;
        }

        double slope = (g[1] - g[0]) / (Probes[1] - Probes[0]);
        double scale = g.Max(Math.Abs) + Math.Abs(slope) + 1;
        for (int k = 2; k < Probes.Length; k++)
        {
            if (Math.Abs(g[0] + (slope * (Probes[k] - Probes[0])) - g[k]) > 1e-9 * scale)
            {
                return null;
            }
        }

        if (!(Math.Abs(slope) > 1e-12 * scale))
        {
            return null;
        }

        return new ConstraintBound(property, index, Probes[0] - (g[0] / slope), slope < 0);
    }
}
