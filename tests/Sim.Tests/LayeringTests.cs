namespace Certus.Sim.Tests;

/// <summary>The layer rules of DESIGN.md (the table in tests/Shared/Layering.cs) for Certus.Sim.</summary>
public sealed class LayeringTests
{
    [Fact]
    public void CertusSim_ReferencesOnlyWhatTheLayersAllow() => Layering.AssertFollowsTheRules("Certus.Sim");
}
