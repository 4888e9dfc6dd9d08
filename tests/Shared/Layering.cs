using System.Reflection;

namespace Certus.Tests;

/// <summary>
/// The layer rules of DESIGN.md in one table, checked against the references compiled into each assembly: dependencies
/// point down only; Verify, Testing and Training sit on Core, Sim, Reach and Control (Testing also on Verify);
/// the tool (<c>certus</c>, src/Cli) never references Certus.Training; only Certus.Training references TorchSharp;
/// no assembly is named plain <c>Verify</c>.
/// </summary>
internal static class Layering
{
    /// <summary>For each of our assemblies, the Certus assemblies it may reference.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Allowed = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["Certus.Core"] = [],
        ["Certus.Sim"] = ["Certus.Core"],
        ["Certus.Reach"] = ["Certus.Core"],
        ["Certus.Control"] = ["Certus.Core"],
        ["Certus.Verify"] = ["Certus.Core", "Certus.Sim", "Certus.Reach", "Certus.Control"],
        ["Certus.Testing"] = ["Certus.Core", "Certus.Sim", "Certus.Reach", "Certus.Control", "Certus.Verify"],
        ["Certus.Training"] = ["Certus.Core", "Certus.Sim", "Certus.Reach", "Certus.Control", "Certus.Verify"],
        ["certus"] = ["Certus.Core", "Certus.Sim", "Certus.Reach", "Certus.Control", "Certus.Verify", "Certus.Testing"],
    };

    /// <summary>The only assembly that may reference TorchSharp.</summary>
    public const string TorchSharpUser = "Certus.Training";

    /// <summary>Asserts that an assembly follows the rules.</summary>
    /// <param name="name">The assembly (a key of <see cref="Allowed"/>).</param>
    public static void AssertFollowsTheRules(string name)
    {
        Assert.True(Allowed.TryGetValue(name, out string[]? allowed), $"{name} has no entry in the layer table (tests/Shared/Layering.cs).");
        Assembly assembly = Assembly.Load(name);
        Assert.NotEqual("Verify", assembly.GetName().Name);
        AssemblyName[] references = assembly.GetReferencedAssemblies();
        foreach (AssemblyName r in references)
        {
            string referenced = r.Name ?? string.Empty;
            Assert.NotEqual("Verify", referenced);
            if (referenced.StartsWith("Certus.", StringComparison.Ordinal) || referenced == "certus")
            {
                Assert.True(allowed!.Contains(referenced), $"{name} references {referenced}; the layers allow only [{string.Join(", ", allowed!)}].");
            }

            if (referenced.StartsWith("TorchSharp", StringComparison.Ordinal))
            {
                Assert.True(name == TorchSharpUser, $"{name} references {referenced}; only {TorchSharpUser} may use TorchSharp.");
            }
        }
    }
}
