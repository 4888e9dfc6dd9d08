using Certus.Core.Navigation;

namespace Certus.Verify.Specs;

/// <summary>A navigation scenario file (see docs/navigation.md): the scenario and the run's defaults.</summary>
/// <param name="Name">The scenario's name.</param>
/// <param name="Path">The file it was read from.</param>
/// <param name="Scenario">The generated scenario.</param>
/// <param name="Policy">The policy named by the file (<c>policy:</c>), or <c>orca</c>.</param>
/// <param name="ModelPath">The MAD-PINN model file (<c>madpinn:</c>, relative paths resolved against the file's folder), if any.</param>
public sealed record NavigationSpec(string Name, string Path, NavigationScenario Scenario, string Policy, string? ModelPath);
