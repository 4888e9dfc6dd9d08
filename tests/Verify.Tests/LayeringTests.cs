namespace Certus.Verify.Tests;

/// <summary>The layer rules of DESIGN.md (the table in tests/Shared/Layering.cs) for Verify and the tool.</summary>
public sealed class LayeringTests
{
    [Theory]
    [InlineData("Certus.Verify")]
    [InlineData("certus")]
    public void Assembly_ReferencesOnlyWhatTheLayersAllow(string name) => Layering.AssertFollowsTheRules(name);
}
