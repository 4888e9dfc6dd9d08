using System.Globalization;
using Certus.Core.Sets;
using Certus.Reach.ClosedLoop;
using Certus.Sim.ClosedLoop;
using Certus.Verify.Tests.Benchmarks;
using Xunit.Abstractions;

namespace Certus.Verify.Tests.Reachability;

/// <summary>
/// Figures for the box and affine set modes on the ARCH-COMP benchmarks (verdict, seconds, cells, final width against
/// the hull of simulated final states). Slow: runs only when the environment variable <c>CERTUS_BENCH</c> is set.
/// </summary>
public sealed class AffineModeBenchmarkTests(ITestOutputHelper output)
{
    private static bool Enabled => Environment.GetEnvironmentVariable("CERTUS_BENCH") is { Length: > 0 };

    private static string Modes => Environment.GetEnvironmentVariable("CERTUS_BENCH_MODES") ?? "Box,Affine";

    private void Measure(string name, ClosedLoopReachProblem problem, int maxCells = 1024, double seconds = 60)
    {
        if (!Enabled)
        {
            return;
        }

        var loop = new ClosedLoopProblem { Plant = problem.System.Compile(), Controller = problem.Controller, Period = problem.Controller.Period, Periods = problem.Periods };
        var simulator = new ClosedLoopSimulator(loop);
        var random = new Random(1);
        var finals = new List<double[]>();
        double[][] corners = [.. problem.InitialSet.Corners().Select(c => c.ToArray())];
        for (int k = 0; k < 2000; k++)
        {
            double[] x0 = k < corners.Length ? corners[k] : problem.InitialSet.Sample(random);
            Trajectory tr = simulator.Simulate(x0);
            finals.Add(tr.State(tr.Times.Length - 1).ToArray());
        }

        Box sim = Box.HullOfPoints(finals);
        foreach (string mode in Modes.Split(','))
        {
            var algorithm = new ClosedLoopReachability { SetMode = Enum.Parse<ClosedLoopSetMode>(mode), MaxCells = maxCells, TimeBudget = TimeSpan.FromSeconds(seconds) };
            ClosedLoopReachResult r = algorithm.Analyze(problem);
            Box? final = r.FinalSet;
            string widths = final is null ? "n/a" : string.Join(" ", final.Select((iv, i) => string.Create(CultureInfo.InvariantCulture, $"{iv.Width:G3}/{sim[i].Width:G3}")));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name} | {mode} | {(r.Proved ? "SAFE" : "UNKNOWN")} | {r.Elapsed.TotalSeconds:F2} s | {r.Cells.Count} cells | margin {r.Properties.Min(p => p.Margin):G4} | final width/sim {widths}"));
            foreach (CellResult c in r.Undecided.Take(2))
            {
                output.WriteLine($"  undecided {c.Cell}: {c.Failure?.Message ?? "margin < 0 at t = " + c.Outcomes.Select(o => o.FirstUndecidedTime).Min()}");
            }
        }
    }

    [Fact]
    public void Acc() => Measure("acc", ArchComp.Acc());

    [Fact]
    public void SinglePendulum() => Measure("single-pendulum", ArchComp.SinglePendulum());

    [Fact]
    public void ToraHeterogeneousReluTanh() => Measure("tora-het relu-tanh", ArchComp.ToraHeterogeneous("TORA_ReLUtanh_controller.polar"));

    [Fact]
    public void ToraHeterogeneousSigmoid() => Measure("tora-het sigmoid", ArchComp.ToraHeterogeneous("TORA_sigmoid_controller.polar"));

    [Fact]
    public void Tora() => Measure("tora", ArchComp.Tora(), 1024, 120);
}
