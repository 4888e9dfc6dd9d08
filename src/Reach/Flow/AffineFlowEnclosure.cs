namespace Certus.Reach.Flow;

/// <summary>
/// A validated enclosure of the flow from an affine initial set: the box enclosure (end box and tube, as for the
/// hull problem) and the end states in affine form, which contains the end state of every trajectory from the
/// initial set. With the doubleton form the end set's first coordinates are the initial set's own (the trajectory
/// from <c>c + G·e</c> ends at <c>c' + G'·(e, r)</c> for some <c>r</c> in the new error coordinates' box).
/// </summary>
/// <param name="Problem">The problem solved.</param>
/// <param name="Enclosure">End box and tube (its <see cref="FlowEnclosure.Problem"/> is <see cref="AffineFlowProblem.Hull"/>).</param>
/// <param name="End">The end states (the state rows only) in affine form over the initial coordinates followed by new
/// error coordinates.</param>
public sealed record AffineFlowEnclosure(AffineFlowProblem Problem, FlowEnclosure Enclosure, AffineSet End);
