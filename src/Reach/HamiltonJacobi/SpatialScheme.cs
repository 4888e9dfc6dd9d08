namespace Certus.Reach.HamiltonJacobi;

/// <summary>The upwind approximation of the one-sided (left and right) derivatives.</summary>
public enum SpatialScheme
{
    /// <summary>Fifth-order weighted ENO (Jiang and Peng 2000, as in Osher and Fedkiw, ch. 3.4), with
    /// <c>ε = 10⁻⁶ · max_k v_k² + 10⁻³⁰</c>; stencil of three points to each side (the default).</summary>
    Weno5 = 0,

    /// <summary>Second-order ENO (Osher and Fedkiw, ch. 3.3): the first difference corrected by the second difference
    /// of smaller magnitude; stencil of two points to each side. Cheaper, more dissipative.</summary>
    Eno2 = 1,

    /// <summary>First-order one-sided differences. With <see cref="TimeIntegrator.Euler"/> and a CFL number at most 1 the
    /// scheme is monotone (Crandall and Lions 1984), so the computed tube's value is exactly non-increasing in τ; for tests
    /// and for checking the higher-order schemes.</summary>
    FirstOrder = 2,
}
