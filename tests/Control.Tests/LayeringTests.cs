using System.Reflection;

namespace Certus.Control.Tests;

/// <summary>The layering rule of DESIGN.md: dependencies point down to Core only; Verify composes the others.</summary>
public sealed class LayeringTests
{
    private static readonly string[] Allowed = ["Certus.Core"];
    private static readonly string[] Forbidden = ["Certus.Sim", "Certus.Reach", "Certus.Verify"];

    [Fact]
    public void Assembly_ReferencesOnlyTheLayersBelowIt()
    {
        Assembly layer = Assembly.Load("Certus.Control");
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
        Assembly layer = Assembly.Load("Certus.Control");
        Assert.NotEqual("Verify", layer.GetName().Name);
        Assert.All(layer.GetReferencedAssemblies(), a => Assert.NotEqual("Verify", a.Name));
    }
}
