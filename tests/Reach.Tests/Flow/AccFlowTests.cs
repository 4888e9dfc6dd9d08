using System.Diagnostics;
using System.Globalization;
using Certus.Core.Numerics;
using Certus.Core.Sets;
using Certus.Core.Systems;
using Certus.Reach.Flow;
using Xunit.Abstractions;

namespace Certus.Reach.Tests.Flow;

/// <summary>The ACC plant over one control period from the benchmark's initial box, against 2000 simulations.</summary>
public sealed class AccFlowTests(ITestOutputHelper output)
{
    private const int Substeps = 400;

    private static readonly IntervalTaylorFlow[] Algorithms =
    [
        new() { Form = TaylorEnclosureForm.Direct },
        new() { Form = TaylorEnclosureForm.MeanValue },
        new() { Form = TaylorEnclosureForm.Lohner },
        new() { Form = TaylorEnclosureForm.Doubleton },
        new() { Form = TaylorEnclosureForm.Doubleton, StepControl = StepSizeControl.Adaptive, RemainderTolerance = 1e-8, Steps = 2 },
    ];

    [Fact]
    public void OnePeriod_EveryFormContainsEverySimulatedStateAtTheEndAndAlongTheTube()
    {
        OdeSystem system = FlowTestSupport.Acc();
        var inputs = new Box(new Interval(-1, -0.9));
        var problem = new FlowProblem(system, FlowTestSupport.AccInitial(), inputs, 0, 0.1);
        FlowEnclosure[] enclosures = [.. Algorithms.Select(a => a.Enclose(problem))];
        int[][][] tables = [.. enclosures.Select(e => FlowTestSupport.SegmentTable(e.Tube, 0, 0.1, Substeps))];

        VectorField field = system.Compile().Field;
        var random = new Random(20240601);
        Box? hull = null;
        long tubeChecks = 0;
        foreach ((double[] x0, double[] v) in FlowTestSupport.Samples(problem.InitialStates, inputs, random, 2000))
        {
            double[] end = FlowTestSupport.Simulate(field, 0, 0.1, x0, v, Substeps, (k, s, x) =>
            {
                for (int a = 0; a < enclosures.Length; a++)
                {
                    foreach (int i in tables[a][k])
                    {
                        FlowSegment seg = enclosures[a].Tube[i];
                        FlowTestSupport.AssertInside(seg.Enclosure, x, () => $"{Algorithms[a].Name}: {seg} misses the simulated state ({string.Join(", ", x)}) at t = {s} from x0 = ({string.Join(", ", x0)}), u = {v[0]}.");
                        tubeChecks++;
                    }
                }
            });
            for (int a = 0; a < enclosures.Length; a++)
            {
                FlowTestSupport.AssertInside(enclosures[a].End, end, () => $"{Algorithms[a].Name}: the end box {enclosures[a].End} misses ({string.Join(", ", end)}) from x0 = ({string.Join(", ", x0)}), u = {v[0]}.");
            }

            hull = hull is null ? Box.FromPoint(end) : Box.Hull([hull, Box.FromPoint(end)]);
        }

        output.WriteLine($"simulated end hull {hull}; {tubeChecks} tube checks");
        for (int a = 0; a < enclosures.Length; a++)
        {
            FlowEnclosure e = enclosures[a];
            double[] ratios = [.. e.End.Widths.Zip(hull!.Widths, (w, h) => w / h)];
            output.WriteLine($"{Algorithms[a].Name}: {MedianMilliseconds(Algorithms[a], problem):F2} ms per period, {e.Statistics}");
            output.WriteLine($"  end box {e.End}");
            output.WriteLine($"  width / simulated hull width: {string.Join(", ", ratios.Select(r => r.ToString("F4", CultureInfo.InvariantCulture)))}");
            Assert.All(ratios, r => Assert.True(r < (Algorithms[a].Form == TaylorEnclosureForm.Direct ? 1.5 : 1.01), $"{Algorithms[a].Name} is {r} times the simulated hull."));
        }

        Assert.Equal(10, enclosures[2].Tube.Count);
    }

    // The median of repeated runs after a first (JIT) one.
    private static double MedianMilliseconds(IntervalTaylorFlow algorithm, FlowProblem problem)
    {
        _ = algorithm.Enclose(problem);
        var times = new List<double>();
        for (int k = 0; k < 15; k++)
        {
            long start = Stopwatch.GetTimestamp();
            _ = algorithm.Enclose(problem);
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        times.Sort();
        return times[times.Count / 2];
    }
}
