namespace Certus.Reach.HamiltonJacobi;

/// <summary>The value function at one time-to-go.</summary>
/// <param name="TimeToGo">The time-to-go <c>τ</c> (0 is the terminal value).</param>
/// <param name="Value">The value <c>V(τ, ·)</c> on the grid.</param>
public sealed record ValueSnapshot(double TimeToGo, GridFunction Value);
