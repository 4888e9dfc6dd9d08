using Certus.Core.Systems;
using Certus.Core.Expressions;
using Certus.Core.Sets;
using Certus.Reach.ClosedLoop;
using Certus.Reach.Flow;
using Certus.Sim.ClosedLoop;
using Certus.Sim.Integration;
using Certus.Verify.Tests.Benchmarks;
using Xunit.Abstractions;

namespace Certus.Verify.Tests.Reachability;

/// <summary>Closed-loop reachability of ACC: the tube contains simulated trajectories at every time; safety is proved.</summary>
public sealed class AccReachabilityTests(ITestOutputHelper output)
{
    internal static readonly Box AccInitial = Box.FromBounds([90, 32, 0, 10, 30, 0], [110, 32.2, 0, 11, 30.2, 0]);

    internal static StateProperty Safety => new("safe distance", PropertyKind.Always, ExpressionParser.Parse("x_lead - x_ego - 1.4*v_ego - 10"));

    [Theory]
    [InlineData(ClosedLoopSetMode.Box)]
    [InlineData(ClosedLoopSetMode.Affine)]
    public void Tube_ContainsSimulatedTrajectoriesAtEveryTime(ClosedLoopSetMode mode)
    {
        var (system, controller) = AccSimulationTests.Acc();
        const int periods = 10;
        var problem = new ClosedLoopReachProblem(controller, AccInitial, periods, [Safety]);
        ClosedLoopReachResult result = new ClosedLoopReachability { MaxCells = 1, SetMode = mode }.Analyze(problem);
        CellResult cell = Assert.Single(result.Cells);
        Assert.Null(cell.Failure);
        output.WriteLine($"final set after {periods} periods: {cell.FinalSet}; {cell.Tube.Count} segments; {result.Elapsed.TotalMilliseconds:F0} ms");

        var loop = new ClosedLoopProblem { Plant = system.Compile(), Controller = controller, Period = 0.1, Periods = periods };
        var simulator = new ClosedLoopSimulator(loop, new SimulationOptions { Integrator = new Rk4 { StepsPerInterval = 20 }, SamplesPerPeriod = 19 });
        var random = new Random(5);
        int checkedPoints = 0;
        for (int run = 0; run < 1000; run++)
        {
            double[] x0 = run < 64 ? [.. AccInitial.Corners().ElementAt(run % 16)] : AccInitial.Sample(random);
            Trajectory tr = simulator.Simulate(x0);
            for (int i = 0; i < tr.Times.Length; i++)
            {
                double t = tr.Times[i];
                double[] x = tr.State(i).ToArray();
                FlowSegment[] covering = [.. cell.Tube.Where(s => s.Time.Contains(t))];
                Assert.NotEmpty(covering);
                // RK4 with 20 substeps is accurate to ~1e-9 here; the tolerance absorbs only that.
                Assert.True(covering.Any(s => s.Enclosure.Select((iv, k) => iv.Inflate(1e-7 * (1 + Math.Abs(x[k]))).Contains(x[k])).All(b => b)),
                    $"state at t = {t} from x0 = ({string.Join(", ", x0)}) is outside the tube: ({string.Join(", ", x)})");
                checkedPoints++;
            }
        }

        output.WriteLine($"{checkedPoints} simulated states inside the tube");
    }

    [Theory]
    [InlineData(ClosedLoopSetMode.Box)]
    [InlineData(ClosedLoopSetMode.Affine)]
    public void FullHorizon_IsProvedSafe(ClosedLoopSetMode mode)
    {
        var (_, controller) = AccSimulationTests.Acc();
        var problem = new ClosedLoopReachProblem(controller, AccInitial, 50, [Safety]);
        ClosedLoopReachResult result = new ClosedLoopReachability { MaxCells = 16, SetMode = mode }.Analyze(problem);
        output.WriteLine($"proved: {result.Proved}; cells {result.Cells.Count}; margin {result.Properties[0].Margin:F3}; final {result.FinalSet}; {result.Elapsed.TotalSeconds:F2} s");
        foreach (CellResult c in result.Undecided)
        {
            output.WriteLine($"  undecided {c.Cell}: {c.Failure?.Message ?? $"margin {c.Outcomes[0].Margin} from t = {c.Outcomes[0].FirstUndecidedTime}"}");
        }

        Assert.True(result.Proved);
        Assert.InRange(result.Properties[0].Margin, 0, 24.21);
    }
}
