namespace Certus.Control.Tests;

/// <summary>The layer rules of DESIGN.md (the table in tests/Shared/Layering.cs) for Certus.Control.</summary>
public sealed class LayeringTests
{
    [Fact]
    public void CertusControl_ReferencesOnlyWhatTheLayersAllow() => Layering.AssertFollowsTheRules("Certus.Control");
}
