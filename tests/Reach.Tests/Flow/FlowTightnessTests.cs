using System.Globalization;
using Certus.Core.Sets;
using Certus.Core.Systems;
using Certus.Reach.Flow;
using Xunit.Abstractions;

namespace Certus.Reach.Tests.Flow;

/// <summary>
/// Widths of end boxes against the exact image of X₀ for linear systems (the interval hull of e^{AT} X₀, from the
/// matrix exponential), for the three enclosure forms.
/// </summary>
public sealed class FlowTightnessTests(ITestOutputHelper output)
{
    private static readonly TaylorEnclosureForm[] Forms = [TaylorEnclosureForm.Direct, TaylorEnclosureForm.MeanValue, TaylorEnclosureForm.Lohner, TaylorEnclosureForm.Doubleton];

    private static string F(double x) => x.ToString("F4", CultureInfo.InvariantCulture);

    private static string Coefficient(double c) => c.ToString("R", CultureInfo.InvariantCulture);

    private static OdeSystem Linear(double[,] a)
    {
        int n = a.GetLength(0);
        string[] states = [.. Enumerable.Range(1, n).Select(i => $"x{i}")];
        string[] rhs = [.. Enumerable.Range(0, n).Select(i => string.Join(" + ", Enumerable.Range(0, n).Select(j => $"({Coefficient(a[i, j])})*x{j + 1}")))];
        return FlowTestSupport.System(states, [], rhs);
    }

    // The largest ratio over the components of the end box width to the exact hull width.
    private static double Ratio(Box end, double[] exact) => end.Widths.Zip(exact, (w, e) => w / e).Max();

    [Fact]
    public void Rotation_OnePeriod_MeanValueFormsAreCloseToTheExactHull()
    {
        double[,] a = { { 0, 1 }, { -1, 0 } };
        OdeSystem system = Linear(a);
        var x0 = Box.FromBounds([0.9, -0.1], [1.1, 0.1]);
        foreach (double period in new[] { 0.1, 0.5, 1.0 })
        {
            double[] exact = FlowTestSupport.ImageWidths(FlowTestSupport.Expm(a, period), x0);
            var problem = new FlowProblem(system, x0, null, 0, period);
            double[] ratios = [.. Forms.Select(f => Ratio(new IntervalTaylorFlow { Form = f }.Enclose(problem).End, exact))];
            output.WriteLine($"rotation, T = {period}, 10 steps: {string.Join(", ", Forms.Select((f, i) => $"{f} {F(ratios[i])}"))} times the exact hull");
            Assert.All(ratios, r => Assert.True(r >= 1 - 1e-9, $"{r} times the exact hull: unsound."));
            if (period <= 0.5)
            {
                Assert.True(ratios[1] < 1.5, $"Mean-value form {ratios[1]} times the exact hull.");
            }

            Assert.True(ratios[2] < 1.01, $"Lohner form {ratios[2]} times the exact hull.");
            Assert.True(ratios[3] < 1.01, $"Doubleton form {ratios[3]} times the exact hull.");
            Assert.True(ratios[1] <= ratios[0] && ratios[2] <= ratios[1]);
        }
    }

    [Fact]
    public void RandomLinearSystems_WidthRatiosAgainstTheMatrixExponential()
    {
        var random = new Random(4242);
        var sums = new double[Forms.Length];
        var worst = new double[Forms.Length];
        const int Systems = 30;
        for (int k = 0; k < Systems; k++)
        {
            int n = 2 + (k % 2);
            var a = new double[n, n];
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    a[i, j] = Math.Round((random.NextDouble() * 4) - 2, 2);
                }
            }

            double[] lo = new double[n], hi = new double[n];
            for (int i = 0; i < n; i++)
            {
                double c = (random.NextDouble() * 2) - 1, r = 0.05 + (random.NextDouble() * 0.45);
                lo[i] = c - r;
                hi[i] = c + r;
            }

            Box x0 = Box.FromBounds(lo, hi);
            double period = 0.5;
            double[] exact = FlowTestSupport.ImageWidths(FlowTestSupport.Expm(a, period), x0);
            var problem = new FlowProblem(Linear(a), x0, null, 0, period);
            for (int f = 0; f < Forms.Length; f++)
            {
                double ratio = Ratio(new IntervalTaylorFlow { Form = Forms[f] }.Enclose(problem).End, exact);
                sums[f] += ratio;
                worst[f] = Math.Max(worst[f], ratio);
                Assert.True(ratio >= 1 - 1e-9, $"{Forms[f]} is narrower than the exact hull ({ratio}): unsound.");
            }
        }

        for (int f = 0; f < Forms.Length; f++)
        {
            output.WriteLine($"{Forms[f]}: mean {F(sums[f] / Systems)}, worst {F(worst[f])} times the exact hull (largest component ratio, {Systems} systems, T = 0.5, 10 steps)");
        }

        Assert.True(worst[1] < 3, $"Mean-value form up to {worst[1]} times the exact hull.");
        Assert.True(worst[3] < 1.05, $"Doubleton form up to {worst[3]} times the exact hull.");
        Assert.True(sums[1] < sums[0] && sums[2] <= sums[1] && sums[3] <= sums[2]);
    }

    [Fact]
    public void HarmonicOscillator_TwentyChainedPeriods_MeanValueIsTighterThanDirect()
    {
        double[,] a = { { 0, 1 }, { -1, 0 } };
        OdeSystem system = Linear(a);
        var x0 = Box.FromBounds([0.95, -0.05], [1.05, 0.05]);
        const double Period = 0.3;
        double[,] m = FlowTestSupport.Expm(a, Period);
        var ends = Forms.ToDictionary(f => f, _ => x0);
        Box ideal = x0;
        for (int k = 1; k <= 20; k++)
        {
            foreach (TaylorEnclosureForm form in Forms)
            {
                ends[form] = new IntervalTaylorFlow { Form = form }.Enclose(new FlowProblem(system, ends[form], null, (k - 1) * Period, Period)).End;
            }

            // The best a box-to-box chain can do: the exact hull of the image of the previous exact hull.
            double[] c = ideal.Center, w = FlowTestSupport.ImageWidths(m, ideal);
            double[] mc = [(m[0, 0] * c[0]) + (m[0, 1] * c[1]), (m[1, 0] * c[0]) + (m[1, 1] * c[1])];
            ideal = Box.FromBounds([mc[0] - (w[0] / 2), mc[1] - (w[1] / 2)], [mc[0] + (w[0] / 2), mc[1] + (w[1] / 2)]);
            if (k % 5 == 0)
            {
                output.WriteLine($"period {k}: widths {string.Join(", ", Forms.Select(f => $"{f} {F(ends[f].MaxWidth)}"))}, ideal box chain {F(ideal.MaxWidth)}");
            }
        }

        foreach (TaylorEnclosureForm form in Forms)
        {
            Assert.True(ends[form].MaxWidth >= ideal.MaxWidth * (1 - 1e-9), $"{form} is narrower than the ideal chain: unsound.");
        }

        Assert.True(ends[TaylorEnclosureForm.MeanValue].MaxWidth < ends[TaylorEnclosureForm.Direct].MaxWidth);
        Assert.True(ends[TaylorEnclosureForm.Lohner].MaxWidth <= ends[TaylorEnclosureForm.MeanValue].MaxWidth);
        Assert.True(ends[TaylorEnclosureForm.Doubleton].MaxWidth <= ends[TaylorEnclosureForm.MeanValue].MaxWidth);
    }
}
