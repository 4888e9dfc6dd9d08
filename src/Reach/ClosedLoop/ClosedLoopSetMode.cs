namespace Certus.Reach.ClosedLoop;

/// <summary>How <see cref="ClosedLoopReachability"/> carries the state set from one sampling time to the next.</summary>
public enum ClosedLoopSetMode
{
    /// <summary>
    /// Boxes, the recursion of the seed paper: the state box gives a control box, the flow runs from the two boxes and
    /// its end box starts the next period. The reference; the state-control correlation is lost at every period.
    /// </summary>
    Box,

    /// <summary>
    /// Affine sets <c>x = c + M·e, e ∈ E</c> carried across periods: the controller is enclosed as
    /// <c>u ∈ K·x + d + W</c> over the state set (the network's affine relaxation composed with mean-value forms of the
    /// input and output maps), the flow starts from the joint affine set of states and held controls and returns the
    /// end states in affine form, which is order-reduced and passed on. Properties are checked on the tube boxes as in
    /// <see cref="Box"/>.
    /// </summary>
    Affine,
}
