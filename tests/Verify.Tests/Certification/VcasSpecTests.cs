using System.Text.Json;
using Certus.Cli;
using Certus.Core.Sets;
using Certus.Core.Systems;
using Certus.Reach.ClosedLoop;
using Certus.Sim.ClosedLoop;
using Certus.Verify.Certification;
using Certus.Verify.Specs;

namespace Certus.Verify.Tests.Certification;

/// <summary>
/// ARCH-COMP's VerticalCAS with modes (nine networks, argmax, the pilot's choices): the known answers of the middle
/// instances (JuliaReach's: safe for ḣ0(0) = −19.5 and −22.5, violated for −25.5 and −28.5), the worst instances'
/// evidence checked by dense simulation over random choices, and the mode syntax's errors.
/// </summary>
public sealed class VcasSpecTests
{
    private static string Vcas(string instance) => RepositoryPaths.Spec("vcas", $"vcas-{instance}.yaml");

    private static readonly string MiddleText = File.ReadAllText(Vcas("middle-19.5"));

    private static CertificationResult Certify(string instance) =>
        Certifier.Certify(SpecReader.Read(Vcas(instance)), new CertifyOptions { Timeout = TimeSpan.FromSeconds(60) });

    [Theory]
    [InlineData("middle-19.5", Verdict.Safe)]
    [InlineData("middle-22.5", Verdict.Safe)]
    [InlineData("middle-25.5", Verdict.Unsafe)]
    [InlineData("middle-28.5", Verdict.Unsafe)]
    public void Middle_HasTheKnownAnswer(string instance, Verdict expected)
    {
        CertificationResult r = Certify(instance);
        Assert.Equal(expected, r.Verdict);
        if (expected == Verdict.Unsafe)
        {
            Counterexample cx = r.Counterexample!;
            Assert.NotNull(cx.Modes);
            Assert.Equal(10, cx.Modes.Length);
            Assert.Equal(10, cx.Controls.Length);
            Assert.Empty(cx.Selectors); // the middle instances leave the pilot no choice
        }
    }

    // Every worst instance gets a verdict with its evidence: UNSAFE with a choice sequence that, replayed, violates;
    // SAFE only where no simulated choice sequence violates and every simulated state lies in the proved sets.
    [Theory]
    [InlineData("worst-19.5")]
    [InlineData("worst-22.5")]
    [InlineData("worst-25.5")]
    [InlineData("worst-28.5")]
    public void Worst_HasAVerdictWithItsEvidence(string instance)
    {
        CertificationResult r = Certify(instance);
        CertificationSpec spec = r.Spec;
        var simulator = new ClosedLoopSimulator(spec.SimulationLoop());
        if (r.Verdict == Verdict.Unsafe)
        {
            Counterexample cx = r.Counterexample!;
            Assert.Equal(10, cx.Selectors.Length);
            Trajectory replay = simulator.Simulate(cx.InitialState, [], cx.Selectors);
            double worst = Enumerable.Range(1, 10).Min(k => Math.Abs(replay.State(k)[0]));
            Assert.True(worst <= 100, $"the replayed choices keep |h| > 100 (smallest {worst})");
            return;
        }

        Assert.Equal(Verdict.Safe, r.Verdict);
        ModalController modal = spec.Modal!;
        ClosedLoopReachProblem problem = spec.ToReachProblem();
        CellResult cell = new ClosedLoopReachability().AnalyzeCell(problem, spec.InitialSet);
        var random = new Random(3);
        for (int run = 0; run < 4000; run++)
        {
            double[] x0 = [-133 + (4 * random.NextDouble()), spec.InitialSet[1].Lo, 25];
            double[] selectors = [.. Enumerable.Range(0, 10 * modal.ChoiceCount).Select(_ => run % 2 == 0 ? random.Next(3) / 2.0 : random.NextDouble())];
            Trajectory tr = simulator.Simulate(x0, [], selectors);
            for (int k = 1; k <= 10; k++)
            {
                double[] x = tr.State(k).ToArray();
                Assert.True(Math.Abs(x[0]) > 100, $"run {run}: |h| = {Math.Abs(x[0])} at step {k}, but the spec was proved SAFE");
                Box set = cell.Tube[k].Enclosure;
                Assert.True(set.Select((iv, i) => iv.Contains(x[i])).All(b => b), $"run {run}: step {k} state ({string.Join(", ", x)}) outside {set}");
                Assert.Contains(tr.Modes![k - 1], cell.Modes![k]);
            }
        }
    }

    [Fact]
    public void CounterexampleJson_ListsModesAndControls()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        string json = Path.Combine(Path.GetTempPath(), $"certus-vcas-{Guid.NewGuid():N}.json");
        try
        {
            Assert.Equal(ExitCodes.Violated, CertifyCommand.Run(Vcas("worst-25.5"), json, 60, -1, 1024, output, error));
            using JsonDocument d = JsonDocument.Parse(File.ReadAllText(json));
            JsonElement steps = d.RootElement.GetProperty("counterexamples")[0].GetProperty("steps");
            Assert.Equal(10, steps.GetArrayLength());
            Assert.False(string.IsNullOrEmpty(steps[0].GetProperty("mode").GetString()));
            Assert.True(steps[0].GetProperty("u").TryGetProperty("acc", out _));
            Assert.Contains("modes:", output.ToString(), StringComparison.Ordinal);
            Assert.Equal(10, d.RootElement.GetProperty("inputs").EnumerateArray().Count(i => i.GetProperty("role").GetString() == "network") + 1);
        }
        finally
        {
            File.Delete(json);
        }
    }

    [Fact]
    public void Reads_NineNetworksAndTheCases()
    {
        CertificationSpec spec = SpecReader.Read(Vcas("worst-19.5"));
        ModalController modal = spec.Modal!;
        Assert.Equal(9, modal.ModeNames.Count);
        Assert.Equal("COC", modal.ModeNames[modal.InitialMode]);
        Assert.Equal(9, modal.Networks.Count);
        Assert.Equal(13, modal.Cases[0].Count);
        Assert.Equal(1, modal.ChoiceCount);
        Assert.Equal(9, spec.NetworkPaths.Count);
        Assert.Same(modal.Primary, spec.Controller);

        // Simulation and reachability are both built from the one closed-loop type.
        Assert.Same(modal, spec.Loop.Modal);
        Assert.Same(modal, spec.ToReachProblem().Modal);
        Assert.Same(modal, spec.SimulationLoop().Modal);
        Assert.Equal(spec.Loop.Horizon, spec.SimulationLoop().Periods);

        // -7g/24 is no double: simulation uses the nearest, the sets its enclosure.
        ChoiceValue middle = modal.Cases[0][9].Choices![1];
        Assert.True(middle.Enclosure.Contains(middle.Nearest));
        Assert.Equal(-7 * 32.2 / 24, middle.Nearest, 12);
    }

    [Theory]
    [InlineData("  initial_mode: COC\n", "  initial_mode: CCO\n", "controller.initial_mode: 'CCO' is not a mode", "(did you mean 'COC'?)")]
    [InlineData("    SCL2500: ../networks/vcas/VertCAS_noResp_pra09_v9_20HU_200.onnx\n", "", "controller.networks: no network for mode SCL2500", "")]
    [InlineData("    SCL2500: ../networks/vcas/VertCAS_noResp_pra09_v9_20HU_200.onnx\n", "    SCL2500: ../networks/vcas/missing.onnx\n", "controller.networks.SCL2500", "")]
    [InlineData("      - { mode: [SCL1500, SCL2500], value: g / 3 }\n", "", "no case applies to every state when the mode becomes SCL1500", "")]
    [InlineData("      - { mode: COC, value: 0 }\n", "      - { mode: COC, value: 0, choose: [1] }\n", "expected exactly one of 'value: <expression>', 'choose:", "")]
    [InlineData("      - { mode: COC, value: 0 }\n", "      - { mode: COC, choose: [] }\n", "choose: expected at least one value", "")]
    [InlineData("      - { mode: COC, value: 0 }\n", "      - { mode: COC, between: [1, 0] }\n", "the lower end 1 exceeds the upper end 0", "")]
    [InlineData("      - { mode: COC, value: 0 }\n", "      - { mode: COC, value: \"out[9]\" }\n", "unknown variable 'out[9]'", "")]
    [InlineData("when: [60 * hdot0 <= 0]", "when: [60 * hdot <= 0]", "unknown variable 'hdot'", "")]
    [InlineData("  next_mode: argmax ", "  next_mode: argmin ", "controller.next_mode", "argmax")]
    [InlineData("  initial_mode: COC\n", "  initial_mode: COC\n  network: x.onnx\n", "controller.network: a controller with modes has one network per mode", "")]
    public void Malformed_NamesFileLineAndField(string find, string replace, string expected, string also)
    {
        Assert.Contains(find, MiddleText, StringComparison.Ordinal);
        SpecException e = Assert.Throws<SpecException>(() => SpecReader.Parse(MiddleText.Replace(find, replace, StringComparison.Ordinal), Vcas("middle-19.5")));
        Assert.True(e.Message.Contains(expected, StringComparison.Ordinal) && e.Message.Contains(also, StringComparison.Ordinal), e.Message);
        Assert.Matches(@"vcas-middle-19\.5\.yaml:\d+: ", e.Message);
    }

    [Fact]
    public void ModeFieldsWithoutModes_AreRefused()
    {
        string plain = File.ReadAllText(RepositoryPaths.Spec("discrete-rotation.yaml")).Replace("  inputs: [x1, x2]\n", "  inputs: [x1, x2]\n  next_mode: argmax\n", StringComparison.Ordinal);
        SpecException e = Assert.Throws<SpecException>(() => SpecReader.Parse(plain, RepositoryPaths.Spec("discrete-rotation.yaml")));
        Assert.Contains("'next_mode' goes with 'modes'", e.Message, StringComparison.Ordinal);
    }
}
