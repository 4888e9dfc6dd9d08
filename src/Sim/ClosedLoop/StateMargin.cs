namespace Certus.Sim.ClosedLoop;

/// <summary>
/// A safety margin of a state: non-negative where the property holds, negative where it is violated, with the
/// magnitude saying by how much (for example <c>x_lead − x_ego − 1.4·v_ego − 10</c>).
/// </summary>
/// <param name="time">The time of the state.</param>
/// <param name="state">The state (do not keep the span).</param>
/// <returns>The margin; ≥ 0 means satisfied. A NaN result counts as −∞ (a violation): a state that blew up is never
/// taken as safe.</returns>
/// <remarks>Must be thread-safe: ensembles call one instance from many threads.</remarks>
public delegate double StateMargin(double time, ReadOnlySpan<double> state);
