namespace Certus.Reach.Flow;

/// <summary>How <see cref="IntervalTaylorFlow"/> turns the Taylor expansion of one step into the enclosure of the next state.</summary>
public enum TaylorEnclosureForm
{
    /// <summary>
    /// The plain interval Taylor method (the reference): the Taylor polynomial's coefficients are enclosed over the
    /// whole box <c>X_t</c>, <c>x(t + h) ∈ Σ_{k&lt;K} x_k(X_t) h^k + h^K x_K(B)</c>. Simple and loose: the dependency
    /// and wrapping effects grow the box at every step.
    /// </summary>
    Direct,

    /// <summary>
    /// The first-order mean-value form on boxes: <c>x(t + h) ∈ T(x̂) + DT(X_t)(X_t − x̂) + h^K x_K(B)</c>, with
    /// <c>x̂</c> the midpoint, <c>T</c> the Taylor polynomial and <c>DT</c> its Jacobian with respect to the initial
    /// state (Taylor coefficients of the variational equation), intersected with <see cref="Direct"/>.
    /// </summary>
    MeanValue,

    /// <summary>
    /// Lohner's QR method: the mean-value form applied to a moving parallelepiped <c>x̂ + A r</c>, <c>r ∈ [r]</c>, whose
    /// frame <c>A</c> is the orthogonal factor of a QR decomposition of the midpoint of <c>DT · A</c>, so that
    /// rotations do not wrap the set into ever larger boxes; the box of each step is intersected with the direct form.
    /// </summary>
    Lohner,

    /// <summary>
    /// Lohner's QR method with the initial set kept apart (the "doubleton" of CAPD): <c>x̂ + C r₀ + A r</c>, where
    /// <c>r₀ = X₀ − x̂₀</c> never changes, the point matrix <c>C</c> follows the flow's Jacobian
    /// (<c>C' = mid(DT · C)</c>) and only the local errors and the rest <c>(DT · C − C') r₀</c> go into the QR-framed
    /// <c>A r</c>. Shears and stretches then wrap only the small error part, so linear flows are enclosed almost exactly.
    /// The default.
    /// </summary>
    Doubleton,
}
