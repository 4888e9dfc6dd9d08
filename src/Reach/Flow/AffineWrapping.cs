namespace Certus.Reach.Flow;

/// <summary>How <see cref="AffineSet.Reduce"/> encloses the coordinates it drops.</summary>
public enum AffineWrapping
{
    /// <summary>One axis-aligned coordinate per component (Girard's reduction): the tightest box around them.</summary>
    Axis,

    /// <summary>Along an orthonormal basis fitted to them (Householder QR with column pivoting, validated in interval
    /// arithmetic) when that encloses them in a smaller volume than the box; otherwise as <see cref="Axis"/>. It stops
    /// the wrapping effect where the dynamics turn or shear the set every period.</summary>
    Oriented,
}
