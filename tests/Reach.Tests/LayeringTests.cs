namespace Certus.Reach.Tests;

/// <summary>The layer rules of DESIGN.md (the table in tests/Shared/Layering.cs) for Certus.Reach.</summary>
public sealed class LayeringTests
{
    [Fact]
    public void CertusReach_ReferencesOnlyWhatTheLayersAllow() => Layering.AssertFollowsTheRules("Certus.Reach");
}
