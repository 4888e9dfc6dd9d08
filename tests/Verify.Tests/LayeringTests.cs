using System.Reflection;

namespace Certus.Verify.Tests;

/// <summary>The layering rule of DESIGN.md: dependencies point down to Core only; Verify composes the others.</summary>
public sealed class LayeringTests
{
    private static readonly string[] Allowed = ["Certus.Core", "Certus.Sim", "Certus.Reach", "Certus.Control"];
    private static readonly string[] Forbidden = [];

    [Fact]
    public void Assembly_ReferencesOnlyTheLayersBelowIt()
    {
        Assembly layer = Assembly.Load("certus");
        string[] referenced = layer.GetReferencedAssemblies()
            .Select(a => a.Name ?? string.Empty)
            .Where(n => n.StartsWith("Certus.", StringComparison.Ordinal))
            .ToArray();
        foreach (string name in referenced)
        {
            Assert.Contains(name, Allowed);
        }

        foreach (string name in Forbidden)
        {
            Assert.DoesNotContain(name, referenced);
        }
    }

    [Fact]
    public void NoAssemblyIsNamedPlainVerify()
    {
        Assembly layer = Assembly.Load("certus");
        Assert.NotEqual("Verify", layer.GetName().Name);
        Assert.All(layer.GetReferencedAssemblies(), a => Assert.NotEqual("Verify", a.Name));
    }
}
