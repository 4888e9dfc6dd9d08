using Certus.Core.Sets;
using Certus.Reach.ClosedLoop;
using Certus.Sim.ClosedLoop;
using Xunit.Abstractions;

namespace Certus.Verify.Tests.Benchmarks;

public sealed class ArchCompReachabilityTests(ITestOutputHelper output)
{
    // Whatever the verdict, every simulated trajectory must stay inside the tube of its cell (soundness).
    private static void AssertContainsSimulations(ClosedLoopReachResult r, int runs)
    {
        ClosedLoopReachProblem p = r.Problem;
        var loop = new ClosedLoopProblem { Plant = p.System.Compile(), Controller = p.Controller, Period = p.Controller.Period, Periods = p.Periods };
        var simulator = new ClosedLoopSimulator(loop);
        var random = new Random(1);
        for (int k = 0; k < runs; k++)
        {
            double[] x0 = p.InitialSet.Sample(random);
            CellResult cell = r.Cells.First(c => c.Cell.Contains(x0));
            Trajectory tr = simulator.Simulate(x0);
            for (int i = 0; i < tr.Times.Length; i++)
            {
                double t = tr.Times[i];
                double[] x = tr.State(i).ToArray();
                var covering = cell.Tube.Where(s => s.Time.Contains(t)).ToArray();
                if (covering.Length == 0)
                {
                    continue; // after a failure the tube stops; nothing was claimed there
                }

                Assert.True(covering.Any(s => s.Enclosure.Select((iv, j) => iv.Inflate(1e-7 * (1 + Math.Abs(x[j]))).Contains(x[j])).All(b => b)),
                    $"t = {t}: ({string.Join(", ", x)}) outside the tube of {cell.Cell}");
            }
        }
    }

    private void Report(string name, ClosedLoopReachResult r)
    {
        AssertContainsSimulations(r, 200);
        output.WriteLine($"{name}: proved {r.Proved}, cells {r.Cells.Count}, {r.Elapsed.TotalSeconds:F2} s, final {r.FinalSet}");
        foreach (PropertyOutcome p in r.Properties)
        {
            output.WriteLine($"  {p.Property.Name}: {p.Status}, margin {p.Margin:G6}");
        }

        foreach (CellResult c in r.Undecided.Take(3))
        {
            output.WriteLine($"  undecided {c.Cell}: {c.Failure?.Message ?? "margin < 0 at t = " + c.Outcomes.Select(o => o.FirstUndecidedTime).Min()}");
        }
    }

    [Fact]
    public void ToraHeterogeneous_Sigmoid()
    {
        ClosedLoopReachResult r = new ClosedLoopReachability { MaxCells = 16 }.Analyze(ArchComp.ToraHeterogeneous("TORA_sigmoid_controller.polar"));
        Report("tora sigmoid", r);
    }

    [Fact]
    public void ToraHeterogeneous_ReluTanh()
    {
        ClosedLoopReachResult r = new ClosedLoopReachability { MaxCells = 16 }.Analyze(ArchComp.ToraHeterogeneous("TORA_ReLUtanh_controller.polar"));
        Report("tora relu-tanh", r);
    }

    [Fact]
    public void SinglePendulum()
    {
        ClosedLoopReachResult r = new ClosedLoopReachability { MaxCells = 16 }.Analyze(ArchComp.SinglePendulum());
        Report("single pendulum", r);
    }

    [Fact]
    public void Tora()
    {
        ClosedLoopReachResult r = new ClosedLoopReachability { MaxCells = 4, TimeBudget = TimeSpan.FromSeconds(30) }.Analyze(ArchComp.Tora());
        Report("tora", r);
    }

    [Fact]
    public void SinglePendulum_OldFalsifiableInitialSet_IsNeverProved()
    {
        ClosedLoopReachProblem p = ArchComp.SinglePendulum();
        var unsafeProblem = new ClosedLoopReachProblem(p.Controller, Box.FromBounds([1.0, 0.0], [1.2, 0.2]), p.Periods, p.Properties);
        ClosedLoopReachResult r = new ClosedLoopReachability { MaxCells = 16 }.Analyze(unsafeProblem);
        Report("single pendulum, old initial set", r);
        Assert.False(r.Proved);
    }
}
