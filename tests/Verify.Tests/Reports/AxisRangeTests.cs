using Certus.Verify.Certification;
using Certus.Verify.Reports;
using Certus.Reach.ClosedLoop;
using Certus.Reach.Flow;
using Certus.Core.Sets;
using Interval = Certus.Core.Numerics.Interval;

namespace Certus.Verify.Tests.Reports;

/// <summary>The plots' axes: a blown-up reach tube is clipped to the simulations, tick labels stay short.</summary>
public sealed class AxisRangeTests(CertifiedSpecs certified) : IClassFixture<CertifiedSpecs>
{
    [Fact]
    public void BlownUpTube_IsClippedAroundTheData_AndSaysWhatItReaches()
    {
        var range = new AxisRange();
        range.Add([-0.1, 0.1]);
        range.AddTube([-0.2, -1.8e40]);
        range.AddTube([0.2, 1.8e40]);
        range.Near(0.001);

        Assert.True(range.TubeClipped);
        Assert.InRange(range.PaddedLo, -1.0, -0.1);
        Assert.InRange(range.PaddedHi, 0.1, 1.0);
        Assert.Equal("±1.8e+40", range.TubeReach);
        Assert.True(range.Shows(0.001));
    }

    [Fact]
    public void ComparableTube_IsShownWhole_AsBefore()
    {
        var range = new AxisRange();
        range.Add([-1.0, 1.0]);
        range.AddTube([-3.0, 4.0]);

        Assert.False(range.TubeClipped);
        Assert.Equal(-3.0 - 0.35, range.PaddedLo, 12);
        Assert.Equal(4.0 + 0.35, range.PaddedHi, 12);
    }

    [Fact]
    public void InfiniteAndNaNTubeBounds_LeaveFiniteLimits()
    {
        var range = new AxisRange();
        range.Add([0.0, 2.0]);
        range.AddTube([double.NegativeInfinity, double.NaN, 1.0, double.PositiveInfinity]);

        Assert.True(range.TubeClipped);
        Assert.True(double.IsFinite(range.PaddedLo) && double.IsFinite(range.PaddedHi));
        Assert.InRange(range.PaddedLo, -7.0, 0.0);
        Assert.InRange(range.PaddedHi, 2.0, 9.0);
    }

    [Theory]
    [InlineData(1.8e40)]
    [InlineData(-1.23456789e40)]
    [InlineData(-1.23456789e-300)]
    [InlineData(123456789.0)]
    [InlineData(-0.00123456789)]
    [InlineData(-99999.5)]
    [InlineData(-1234.56789)]
    [InlineData(0.25)]
    public void TickLabels_AreShort(double value)
    {
        string label = TickLabels.Format(value);
        Assert.True(label.Length <= TickLabels.MaxLength, $"'{label}' is too long");
        Assert.DoesNotContain(",", label, StringComparison.Ordinal);
        Assert.Equal(value, double.Parse(label, System.Globalization.CultureInfo.InvariantCulture), Math.Abs(value) * 1e-2);
    }

    [Fact]
    public void PendulumWithBlownUpTube_StatePlotIsClipped_WithShortTicks_AndTheReportSaysSo()
    {
        CertificationResult full = certified.Pendulum;
        ClosedLoopReachResult reach = full.Reach!;
        // Blow the tube up from its middle on, as a flow does before it fails.
        CellResult[] cells = [.. reach.Cells.Select(c => c with
        {
            Tube = [.. c.Tube.Select((s, k) => k < c.Tube.Count / 2 ? s
                : new FlowSegment(s.Time, new Box(s.Enclosure.Select(_ => new Interval(-1.8e40, 1.8e40)))))],
        })];
        CertificationResult blown = full with { Reach = reach with { Cells = cells } };
        var options = new ReportOptions { Width = 900, Height = 600, Simulations = 8, HullSimulations = 20 };

        DrawnPlot normal = Plots(full, options).StatePlot(0);
        normal.Plot.Dispose();
        Assert.DoesNotContain("clipped", normal.Caption, StringComparison.Ordinal);

        DrawnPlot drawn = Plots(blown, options).StatePlot(0);
        using ScottPlot.Plot plot = drawn.Plot;
        var limits = drawn.Plot.Axes.GetLimits();
        Assert.InRange(limits.Top - limits.Bottom, 0.01, 100);
        Assert.Contains("clipped", drawn.Caption, StringComparison.Ordinal);
        Assert.Contains("1.8e+40", drawn.Caption, StringComparison.Ordinal);
        drawn.Plot.GetImage(900, 600).Dispose();
        string[] labels = [.. drawn.Plot.Axes.Left.TickGenerator.Ticks.Where(t => t.IsMajor).Select(t => t.Label)];
        Assert.NotEmpty(labels);
        Assert.All(labels, l => Assert.True(l.Length <= 10, $"tick label '{l}' is too long"));

        string folder = Path.Combine(Path.GetTempPath(), $"certus-axis-{Guid.NewGuid():N}");
        try
        {
            string md = File.ReadAllText(ReportWriter.Write(blown, folder, options).Markdown);
            Assert.Contains("clipped to the plotted range", md, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static ReportPlots Plots(CertificationResult result, ReportOptions options)
    {
        var states = result.Spec.System.States;
        return new ReportPlots(result, options, SimulationEnsemble.Run(result.Spec, options),
            TubeBoxes.From(result.Reach!.Cells, states.Count, options.MaxRectangles),
            [.. result.Spec.Properties.Select(p => ConstraintBound.Detect(p, states))]);
    }
}
