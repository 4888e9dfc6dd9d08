using Certus.Cli;
using Certus.Control.Distillation;
using Certus.Reach.ClosedLoop;
using Certus.Reach.Flow;
using Certus.Sim.ClosedLoop;
using Certus.Sim.Integration;
using Certus.Verify.Certification;
using Certus.Verify.Specs;
using Xunit.Abstractions;

namespace Certus.Verify.Tests.Distillation;

/// <summary>
/// The certified sets of a team loop (the spec <c>certify-policy</c> writes) contain simulated trajectories of the
/// same loop: every sampled state, four times per period and at the end, lies in a tube segment of its cell.
/// </summary>
public sealed class TeamSoundnessTests(ITestOutputHelper output)
{
    /// <summary>The shipped distilled controller, when it exists; else a hand-made one with a hidden layer.</summary>
    internal static string Model(string prefix)
    {
        string shipped = RepositoryPaths.Spec("madpinn", "distilled-k2.policy.json");
        return File.Exists(shipped)
            ? shipped
            : TestControllers.GoToGoal(TestControllers.Folder(prefix), new DistilledLayout(2, 0.6, 1.5, 1.8), gain: 2, avoid: -1.5, hidden: 12);
    }

    /// <summary>Writes the team spec and analyses its tubes (no properties: the sets alone), default algorithm.</summary>
    internal static ClosedLoopReachResult Tubes(string model, string scene, int agents, double horizon, int maxCells)
    {
        string spec = Path.Combine(TestControllers.Folder("team-sound"), "team.yaml");
        using var o = new StringWriter();
        using var e = new StringWriter();
        int code = CertifyPolicyCommand.Run(new CertifyPolicyCommand.Request(model, Agents: agents, Scene: scene, Horizon: horizon, SpecOut: spec, WriteOnly: true), o, e);
        Assert.True(code == ExitCodes.Ok, e.ToString());
        CertificationSpec s = SpecReader.Read(spec);
        ClosedLoopReachProblem problem = s.ToReachProblem().With(s.Horizon, []);
        return CertificationAlgorithm.Default.Engine(maxCells, TimeSpan.FromMinutes(5), -1, new LinearProgramSeparator()).Analyze(problem);
    }

    /// <summary>Simulates <paramref name="runs"/> trajectories (corners first) and checks each sample against its cell's tube.</summary>
    internal static int AssertContains(ClosedLoopReachResult r, int runs, int seed)
    {
        ClosedLoopReachProblem p = r.Problem;
        const int samples = 3; // 3 inner points + both ends per period
        var simulator = new ClosedLoopSimulator(
            new ClosedLoopProblem { Plant = p.System.Compile(), Controller = p.Controller, Period = p.Controller.Period, Periods = p.Periods },
            new SimulationOptions { Integrator = new Rk4 { StepsPerInterval = 4 }, SamplesPerPeriod = samples });

        // The sample times are the same for every run: the covering segments of each cell, per sample, once.
        double[] times = simulator.Simulate(p.InitialSet.Center).Times.ToArray();
        var covering = new Dictionary<CellResult, FlowSegment[][]>();
        foreach (CellResult cell in r.Cells)
        {
            covering[cell] = [.. times.Select(t => cell.Tube.Where(s => s.Time.Contains(t)).ToArray())];
        }

        var random = new Random(seed);
        double[][] corners = [.. p.InitialSet.Corners().Select(c => c.ToArray())];
        int checkedRuns = 0;
        for (int k = 0; k < runs; k++)
        {
            double[] x0 = k < corners.Length ? corners[k] : p.InitialSet.Sample(random);
            CellResult cell = r.Cells.First(c => c.Cell.Contains(x0));
            Trajectory tr = simulator.Simulate(x0);
            FlowSegment[][] cover = covering[cell];
            for (int i = 0; i < times.Length; i++)
            {
                ReadOnlySpan<double> x = tr.State(i);
                if (cover[i].Length == 0)
                {
                    Assert.NotNull(cell.Failure); // the tube of a failed cell may stop early
                    continue;
                }

                bool inside = false;
                foreach (FlowSegment s in cover[i])
                {
                    bool all = true;
                    for (int j = 0; j < x.Length && all; j++)
                    {
                        all = s.Enclosure[j].Inflate(1e-9 * (1 + Math.Abs(x[j]))).Contains(x[j]);
                    }

                    inside |= all;
                }

                Assert.True(inside, $"t = {times[i]}: ({string.Join(", ", x.ToArray())}) from ({string.Join(", ", x0)}) outside the tube of {cell.Cell}: {string.Join(" / ", cover[i].Select(s => s.Enclosure))}");
            }

            checkedRuns++;
        }

        return checkedRuns;
    }

    [Theory]
    [InlineData("head-on")]
    [InlineData("crossing")]
    public void TeamTubes_ContainSimulations(string scene)
    {
        ClosedLoopReachResult r = Tubes(Model("sound-fast"), scene, 2, 3, 16);
        output.WriteLine($"{scene}: {r.Cells.Count} cells, {r.Elapsed.TotalSeconds:F1} s, failures: {r.Cells.Count(c => c.Failure is not null)}");
        Assert.Equal(3000, AssertContains(r, 3000, seed: 11));
    }

    /// <summary>The issue's figure: 10^5 simulations of the head-on loop against its certified sets.</summary>
    [Fact]
    [Trait("Category", "Slow")]
    public void HeadOnTubes_ContainOneHundredThousandSimulations()
    {
        ClosedLoopReachResult r = Tubes(Model("sound-slow"), "head-on", 2, CertifyPolicyCommand.DefaultHorizon(1.26, 0.6, 0.1), 64);
        output.WriteLine($"head-on: {r.Cells.Count} cells, {r.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(100_000, AssertContains(r, 100_000, seed: 12));
    }
}
