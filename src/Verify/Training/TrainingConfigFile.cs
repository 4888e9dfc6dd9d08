using Certus.Control.MadPinn;

namespace Certus.Verify.Training;

/// <summary>A MAD-PINN training configuration read from YAML.</summary>
/// <param name="Path">The file it came from.</param>
/// <param name="Config">The problem, network and recipe.</param>
/// <param name="OutputPath">Where the model goes (the file's <c>output:</c>, resolved relative to the file), or null.</param>
/// <param name="CompareWithGrid">Whether <c>./verify train</c> compares the result with the grid solver (single-agent problems only).</param>
public sealed record TrainingConfigFile(string Path, MadPinnConfig Config, string? OutputPath, bool CompareWithGrid);
