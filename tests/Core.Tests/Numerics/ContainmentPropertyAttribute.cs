using FsCheck.Xunit;

namespace Certus.Core.Tests.Numerics;

/// <summary>
/// An FsCheck property whose case count comes from the environment variable <c>CERTUS_CONTAINMENT_CASES</c>
/// (default 2000, the fast unit tier); the bench tier runs <c>CERTUS_CONTAINMENT_CASES=100000</c>.
/// </summary>
public sealed class ContainmentPropertyAttribute : PropertyAttribute
{
    /// <summary>The case count when the environment does not set one.</summary>
    public const int DefaultCases = 2000;

    /// <summary>Creates the attribute with the case count from the environment.</summary>
    public ContainmentPropertyAttribute()
    {
        MaxTest = Cases;
    }

    /// <summary>The case count in effect.</summary>
    public static int Cases =>
        int.TryParse(Environment.GetEnvironmentVariable("CERTUS_CONTAINMENT_CASES"), out int n) && n > 0 ? n : DefaultCases;
}
