using System.Globalization;
using Certus.Control.MadPinn;
using Certus.Verify.Training;
using Xunit.Abstractions;

namespace Certus.Verify.Tests.MadPinn;

/// <summary>
/// The shipped single-agent model (specs/madpinn/madpinn-disc.json: one agent to its goal around a disc, state (x, y, z))
/// against the grid level-set solver on the same epigraph problem at τ = T.
/// </summary>
public sealed class ValueVersusGridTests(ITestOutputHelper output)
{
    /// <summary>Stated tolerances: V = max(g, cost − z) spans about −6 to 7 here (z in [−0.5, 6]); the mean error must stay under 0.15, the largest under 2 (at the kinks of the obstacle), the IoU of the zero sub-level sets above 0.9.</summary>
    private const double MeanTolerance = 0.15;
    private const double MaxTolerance = 2.0;
    private const double IouTolerance = 0.9;

    [Fact]
    public void LearnedValue_AgreesWithTheGridSolver()
    {
        MadPinnModel model = MadPinnModelFile.Load(RepositoryPaths.Spec("madpinn", "madpinn-disc.json"));
        GridComparisonResult c = GridComparison.Compare(model, 41);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"mean |dV| {c.MeanError:G4}, max |dV| {c.MaxError:G4}, IoU {c.IntersectionOverUnion:F4}, {c.Nodes} nodes, grid {c.GridSeconds:F2} s"));
        Assert.True(c.MeanError < MeanTolerance, $"mean error {c.MeanError}");
        Assert.True(c.MaxError < MaxTolerance, $"max error {c.MaxError}");
        Assert.True(c.IntersectionOverUnion > IouTolerance, $"IoU {c.IntersectionOverUnion}");
    }

    [Fact]
    public void Comparison_RefusesAMultiAgentModel()
    {
        MadPinnModel model = MadPinnModelFile.Load(RepositoryPaths.Spec("madpinn", "madpinn-k2.json"));
        Assert.Throws<ArgumentException>(() => GridComparison.Compare(model));
    }
}
