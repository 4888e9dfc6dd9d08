namespace Certus.Testing.Tests;

/// <summary>The layer rules of DESIGN.md (the table in tests/Shared/Layering.cs) for Certus.Testing.</summary>
public sealed class LayeringTests
{
    [Fact]
    public void CertusTesting_ReferencesOnlyWhatTheLayersAllow() => Layering.AssertFollowsTheRules("Certus.Testing");
}
