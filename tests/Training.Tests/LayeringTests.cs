namespace Certus.Training.Tests;

/// <summary>
/// The layer rules of DESIGN.md (the table in tests/Shared/Layering.cs) over every assembly: this project references
/// all of them, Certus.Training and the tool included.
/// </summary>
public sealed class LayeringTests
{
    public static TheoryData<string> Assemblies => [.. Layering.Allowed.Keys];

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void Assembly_ReferencesOnlyWhatTheLayersAllow(string name) => Layering.AssertFollowsTheRules(name);

}
