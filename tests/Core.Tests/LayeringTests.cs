namespace Certus.Core.Tests;

/// <summary>The layer rules of DESIGN.md (the table in tests/Shared/Layering.cs) for Certus.Core.</summary>
public sealed class LayeringTests
{
    [Fact]
    public void CertusCore_ReferencesOnlyWhatTheLayersAllow() => Layering.AssertFollowsTheRules("Certus.Core");
}
