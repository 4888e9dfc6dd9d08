using Certus.Core.Expressions;
using Certus.Core.Numerics;
using Certus.Core.Sets;

namespace Certus.Reach.ClosedLoop;

/// <summary>
/// Proves that a box does not meet a polytope <c>{x : h_i(x) ≤ 0 for all i}</c> by finding weights λ ≥ 0 with
/// <c>Σ λ_i h_i &gt; 0</c> on the whole box (a separating certificate), confirmed in sound interval arithmetic.
/// </summary>
public interface IPolytopeSeparator
{
    /// <summary>A sound lower bound of <c>Σ λ_i h_i</c> over the box for the best weights found, or −∞.</summary>
    /// <param name="polytope">The functions <c>h_i</c>.</param>
    /// <param name="states">The state names, in the box's order.</param>
    /// <param name="box">The states.</param>
    /// <param name="time">The time interval of the box.</param>
    /// <returns>Positive only when the box and the polytope are proved disjoint.</returns>
    double SeparationMargin(IReadOnlyList<Expr> polytope, IReadOnlyList<string> states, Box box, Interval time);
}
