using Certus.Verify.Specs;
using FsCheck;

namespace Certus.Testing;

/// <summary>
/// One-line entry points for test projects: a spec file becomes an FsCheck property, a checked result, or an assertion.
/// </summary>
/// <example>
/// <code>
/// [Fact]
/// public void AccKeepsItsDistance() => ControllerProperties.AssertHolds("specs/acc.yaml", runs: 1000, seed: 12345);
///
/// [Property(MaxTest = 200)]
/// public Property AccProperty() => ControllerProperties.FromSpec("specs/acc.yaml");
/// </code>
/// </example>
public static class ControllerProperties
{
    /// <summary>The FsCheck property "every property of the spec holds on every case" (cases from
    /// <see cref="ControllerGen.Cases"/>, shrunk by <see cref="CaseShrinker"/>; failures labelled with the trajectory).</summary>
    /// <param name="specPath">A closed-loop spec file.</param>
    /// <returns>The property: <c>Check.QuickThrowOnFailure(…)</c>, or return it from a <c>[Property]</c> test.</returns>
    /// <exception cref="SpecException">The file is missing or malformed.</exception>
    public static Property FromSpec(string specPath) => ControllerSuite.FromSpec(specPath).ToProperty();

    /// <summary>Checks a spec's properties on <paramref name="runs"/> random cases with this project's deterministic
    /// runner, shrinking the first failure.</summary>
    /// <param name="specPath">A closed-loop spec file.</param>
    /// <param name="runs">Random cases (default 100; at least 1).</param>
    /// <param name="seed">The seed (default: a fresh one, reported in the result); the same seed gives the same counterexample.</param>
    /// <returns>The result: <see cref="ControllerCheckResult.Passed"/>, the counterexample as found and shrunk, the seed, the report.</returns>
    /// <exception cref="SpecException">The file is missing or malformed.</exception>
    public static ControllerCheckResult Check(string specPath, int runs = 100, int? seed = null) =>
        ControllerSuite.FromSpec(specPath).Check(new ControllerCheckOptions { Runs = runs, Seed = seed });

    /// <summary>Like <see cref="Check"/>, but throws <see cref="ControllerPropertyException"/> with the report when a run fails.</summary>
    /// <param name="specPath">A closed-loop spec file.</param>
    /// <param name="runs">Random cases (default 100).</param>
    /// <param name="seed">The seed (default: a fresh one).</param>
    /// <returns>The (passing) result.</returns>
    /// <exception cref="ControllerPropertyException">A run violated a property; the message is the report.</exception>
    public static ControllerCheckResult AssertHolds(string specPath, int runs = 100, int? seed = null)
    {
        ControllerCheckResult result = Check(specPath, runs, seed);
        result.ThrowIfFailed();
        return result;
    }
}
