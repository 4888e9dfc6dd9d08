namespace Certus.Verify.Certification;

/// <summary>The three-valued answer of certification. Never collapse <see cref="Unsafe"/> and <see cref="Unknown"/>.</summary>
public enum Verdict
{
    /// <summary>Proved: no trajectory from the initial set violates the property.</summary>
    Safe,

    /// <summary>A trajectory violates the property, confirmed by a validated (interval) simulation.</summary>
    Unsafe,

    /// <summary>Neither proved nor refuted within the budget; the result says why.</summary>
    Unknown,
}
