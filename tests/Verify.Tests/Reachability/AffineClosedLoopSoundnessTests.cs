using Certus.Core.Sets;
using Certus.Reach.ClosedLoop;
using Certus.Reach.Flow;
using Certus.Sim.ClosedLoop;
using Certus.Sim.Integration;
using Certus.Verify.Specs;
using Certus.Verify.Tests.Benchmarks;
using FsCheck.Xunit;
using Xunit.Abstractions;

namespace Certus.Verify.Tests.Reachability;

/// <summary>
/// The affine set mode (<see cref="ClosedLoopSetMode.Affine"/>): its tubes contain thousands of simulated trajectories,
/// densely between the sampling instants, on the ARCH-COMP benchmarks and on random small closed loops; a falsifiable
/// problem is never proved.
/// </summary>
public sealed class AffineClosedLoopSoundnessTests(ITestOutputHelper output)
{
    private static readonly ClosedLoopReachability Affine = new() { SetMode = ClosedLoopSetMode.Affine };

    // Every simulated state, at 20 instants per period, lies in a tube segment of its cell; returns the runs checked.
    internal static void AssertContainsSimulations(ClosedLoopReachResult r, int runs, int seed = 1)
    {
        ClosedLoopReachProblem p = r.Problem;
        var simulator = new ClosedLoopSimulator(
            new ClosedLoopProblem { Plant = p.System.Compile(), Controller = p.Controller, Period = p.Controller.Period, Periods = p.Periods },
            new SimulationOptions { Integrator = new Rk4 { StepsPerInterval = 40 }, SamplesPerPeriod = 19 });
        var random = new Random(seed);
        double[][] corners = [.. p.InitialSet.Corners().Select(c => c.ToArray())];
        for (int k = 0; k < runs; k++)
        {
            double[] x0 = k < corners.Length ? corners[k] : p.InitialSet.Sample(random);
            CellResult cell = r.Cells.First(c => c.Cell.Contains(x0));
            Trajectory tr = simulator.Simulate(x0);
            for (int i = 0; i < tr.Times.Length; i++)
            {
                double t = tr.Times[i];
                double[] x = tr.State(i).ToArray();
                FlowSegment[] covering = [.. cell.Tube.Where(s => s.Time.Contains(t))];
                if (covering.Length == 0)
                {
                    Assert.NotNull(cell.Failure);
                    continue;
                }

                Assert.True(covering.Any(s => s.Enclosure.Select((iv, j) => iv.Inflate(1e-7 * (1 + Math.Abs(x[j]))).Contains(x[j])).All(b => b)),
                    $"t = {t}: ({string.Join(", ", x)}) from ({string.Join(", ", x0)}) outside the tube of {cell.Cell}: {string.Join(" / ", covering.Select(s => s.Enclosure))}");
            }

            if (cell.FinalSet is { } final)
            {
                double[] end = tr.State(tr.Times.Length - 1).ToArray();
                Assert.True(final.Select((iv, j) => iv.Inflate(1e-7 * (1 + Math.Abs(end[j]))).Contains(end[j])).All(b => b), $"final state ({string.Join(", ", end)}) outside {final}");
            }
        }
    }

    private void Report(string name, ClosedLoopReachResult r)
    {
        output.WriteLine($"{name}: proved {r.Proved}, cells {r.Cells.Count}, {r.Elapsed.TotalSeconds:F2} s, final {r.FinalSet}");
        foreach (PropertyOutcome p in r.Properties)
        {
            output.WriteLine($"  {p.Property.Name}: {p.Status}, margin {p.Margin:G6}");
        }
    }

    [Fact]
    public void Acc_TubeContainsSimulations_AndIsProved()
    {
        ClosedLoopReachResult r = (Affine with { MaxCells = 16 }).Analyze(ArchComp.Acc());
        Report("acc", r);
        AssertContainsSimulations(r, 2000);
        Assert.True(r.Proved);
    }

    [Fact]
    public void SinglePendulum_TubeContainsSimulations_AndIsProved()
    {
        ClosedLoopReachResult r = (Affine with { MaxCells = 16 }).Analyze(ArchComp.SinglePendulum());
        Report("single pendulum", r);
        AssertContainsSimulations(r, 3000);
        Assert.True(r.Proved);
    }

    [Fact]
    public void ToraHeterogeneousReluTanh_TubeContainsSimulations_AndIsProved()
    {
        ClosedLoopReachResult r = (Affine with { MaxCells = 16 }).Analyze(ArchComp.ToraHeterogeneous("TORA_ReLUtanh_controller.polar"));
        Report("tora relu-tanh", r);
        AssertContainsSimulations(r, 2000);
        Assert.True(r.Proved);
    }

    [Fact]
    public void ToraHeterogeneousSigmoid_TubeContainsSimulations()
    {
        ClosedLoopReachResult r = (Affine with { MaxCells = 16 }).Analyze(ArchComp.ToraHeterogeneous("TORA_sigmoid_controller.polar"));
        Report("tora sigmoid", r);
        AssertContainsSimulations(r, 2000);
    }

    [Fact]
    public void SinglePendulum_FalsifiableInitialSet_IsNeverProved()
    {
        ClosedLoopReachProblem p = ArchComp.SinglePendulum();
        var unsafeProblem = new ClosedLoopReachProblem(p.Controller, Box.FromBounds([1.0, 0.0], [1.2, 0.2]), p.Periods, p.Properties);
        ClosedLoopReachResult r = (Affine with { MaxCells = 64 }).Analyze(unsafeProblem);
        Report("single pendulum, old initial set", r);
        AssertContainsSimulations(r, 1000);
        Assert.False(r.Proved);
    }

    [Property(Arbitrary = [typeof(RandomClosedLoopSoundnessTests.Arbitraries)], MaxTest = 60, Replay = "(8080,8081)")]
    public bool RandomClosedLoops_SimulatedTrajectoriesLieInTheAffineTube(RandomClosedLoopSoundnessTests.Loop loop)
    {
        var problem = new ClosedLoopReachProblem(loop.Controller, loop.Initial, loop.Periods, []);
        CellResult cell = Affine.AnalyzeCell(problem, loop.Initial);
        var result = new ClosedLoopReachResult(problem, Affine, [cell], [], false, TimeSpan.Zero);
        AssertContainsSimulations(result, 300);
        return true;
    }

    // The portfolio's second configuration: oriented wrapping, with one coordinate per state so that every period wraps.
    [Property(Arbitrary = [typeof(RandomClosedLoopSoundnessTests.Arbitraries)], MaxTest = 60, Replay = "(8082,8083)")]
    public bool RandomClosedLoops_SimulatedTrajectoriesLieInTheOrientedWrappingTube(RandomClosedLoopSoundnessTests.Loop loop)
    {
        var problem = new ClosedLoopReachProblem(loop.Controller, loop.Initial, loop.Periods, []);
        ClosedLoopReachability oriented = Affine with { Wrapping = AffineWrapping.Oriented, GeneratorsPerState = 1 };
        CellResult cell = oriented.AnalyzeCell(problem, loop.Initial);
        AssertContainsSimulations(new ClosedLoopReachResult(problem, oriented, [cell], [], false, TimeSpan.Zero), 300);
        return true;
    }

    // CartPole from a small box for 3 s (150 periods): proved by oriented wrapping (axis wrapping loses it), and every
    // one of 100 simulations (corners first) at 20 instants per period, 3 * 10^5 states, lies in the tube.
    [Fact]
    public void SmallCartPole_OrientedWrapping_TubeContainsSimulations_AndIsProved()
    {
        string yaml = File.ReadAllText(RepositoryPaths.Spec(Path.Combine("open", "cartpole.yaml")));
        yaml = yaml[..yaml.IndexOf("initial:", StringComparison.Ordinal)]
            + "initial: { x1: [-0.00001, 0.00001], x2: [-0.000005, 0.000005], x3: [-0.00001, 0.00001], x4: [-0.000005, 0.000005] }\n"
            + "horizon: 150\nproperties:\n  - name: upright\n    always: [x3 >= -0.2, x3 <= 0.2]\n";
        string path = RepositoryPaths.WriteTemporarySpec(yaml.Replace("../networks/", "networks/", StringComparison.Ordinal), "cartpole");
        try
        {
            ClosedLoopReachProblem problem = SpecReader.Read(path).ToReachProblem();
            ClosedLoopReachability oriented = Affine with { Wrapping = AffineWrapping.Oriented };
            ClosedLoopReachResult r = (oriented with { MaxCells = 1 }).Analyze(problem);
            Report("cartpole (small)", r);
            Assert.True(r.Proved, r.Cells[0].Failure?.Message);
            AssertContainsSimulations(r, 100);
            Assert.False((Affine with { MaxCells = 1 }).Analyze(problem).Proved);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
