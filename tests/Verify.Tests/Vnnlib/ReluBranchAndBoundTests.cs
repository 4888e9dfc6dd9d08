using System.Globalization;
using System.Text;
using Certus.Core.Networks;
using Certus.Verify.Vnnlib;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Certus.Verify.Tests.Vnnlib;

/// <summary>
/// Branch and bound with ReLU splits and optimised slopes against known answers: exhaustive fine grids in two input
/// dimensions, planted violations, --jobs invariance, and ONNX Runtime as an independent evaluator of a shipped network.
/// </summary>
public sealed class ReluBranchAndBoundTests
{
    private static readonly VnnlibOptions Default = VnnlibOptions.Default with { Timeout = TimeSpan.FromSeconds(20) };

    // ReLU splits preferred: one input candidate, four neurons.
    private static readonly VnnlibOptions ReluHeavy = Default with { StrongBranchingCandidates = 1, ReluCandidates = 4 };

    // Neither the attack nor the slopes: branch and bound alone has to find violations at box centres and corners.
    private static readonly VnnlibOptions NoAttack = ReluHeavy with { AttackRestarts = 0, AttackSteps = 0 };

    public static TheoryData<int, string> Seeds()
    {
        var data = new TheoryData<int, string>();
        foreach (int seed in new[] { 21, 22, 23, 24, 25, 26 })
        {
            data.Add(seed, "default");
            data.Add(seed, "relu");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void RandomNetworks_AgreeWithAnExhaustiveGrid(int seed, string mode)
    {
        VnnlibOptions options = mode == "relu" ? ReluHeavy : Default;
        FeedForwardNetwork net = RandomRelu.Network(seed, inputs: 2, width: 12, depth: 3);
        double[] grid = RandomRelu.Grid2(net, 301);
        double min = grid.Min(), range = grid.Max() - min;

        // A grid point violates (by 1e-6 of the range): never unsat; sat only with a checked point.
        VnnlibProperty violated = RandomRelu.Property(2, min + (1e-6 * range));
        VnnlibResult r = VnnlibVerifier.Verify(net, violated, options);
        Assert.NotEqual(VnnlibVerdict.Unsat, r.Verdict);
        Assert.Equal(VnnlibVerdict.Sat, r.Verdict);
        Assert.True(VnnlibVerifier.IsCounterexample(net, violated, r.Input!));

        // Below the grid minimum by more than the grid's Lipschitz step: proven.
        VnnlibProperty holds = RandomRelu.Property(2, min - (0.1 * range));
        Assert.Equal(VnnlibVerdict.Unsat, VnnlibVerifier.Verify(net, holds, options).Verdict);

        // Thin margins: any answer is acceptable except a sat that does not check.
        foreach (double margin in new[] { 1e-3, 1e-2 })
        {
            VnnlibProperty thin = RandomRelu.Property(2, min - (margin * range));
            VnnlibResult t = VnnlibVerifier.Verify(net, thin, options with { Timeout = TimeSpan.FromSeconds(1) });
            if (t.Verdict == VnnlibVerdict.Sat)
            {
                Assert.True(VnnlibVerifier.IsCounterexample(net, thin, t.Input!));
            }
        }
    }

    // The law: a violation planted at a random point (a threshold just above the network's value there) is found as a
    // checked sat by branch and bound alone, never answered unsat.
    [Property(MaxTest = 15)]
    public bool PlantedViolation_IsFoundAsSat(PositiveInt seed)
    {
        FeedForwardNetwork net = RandomRelu.Network(seed.Get + 100, inputs: 3, width: 10, depth: 2);
        var random = new Random(seed.Get);
        double[] x0 = [.. Enumerable.Range(0, 3).Select(_ => (random.NextDouble() * 2) - 1)];
        double[] y0 = net.Evaluate(x0);
        VnnlibProperty p = RandomRelu.Property(3, y0[0] - y0[1] + 0.01);
        VnnlibResult r = VnnlibVerifier.Verify(net, p, NoAttack);
        return r.Verdict == VnnlibVerdict.Sat && VnnlibVerifier.IsCounterexample(net, p, r.Input!);
    }

    [Fact]
    public void BenchmarkSizedNetwork_SameResultForAnyJobs()
    {
        // A 5-input 6 x 50 network as in the vnnlib bench suite, a property that holds with a margin.
        FeedForwardNetwork net = RandomRelu.Network(31, inputs: 5, width: 50, depth: 6, outputs: 2);
        var random = new Random(31);
        double[] centre = [.. Enumerable.Range(0, 5).Select(_ => (random.NextDouble() * 2) - 1)];
        const double radius = 0.05;
        double min = Enumerable.Range(0, 2000).Select(_ =>
        {
            double[] y = net.Evaluate([.. centre.Select(c => c + (((random.NextDouble() * 2) - 1) * radius))]);
            return y[0] - y[1];
        }).Min();
        VnnlibProperty p = BoxProperty(centre, radius, min - 0.05);
        VnnlibResult one = VnnlibVerifier.Verify(net, p, Default with { Jobs = 1 });
        VnnlibResult two = VnnlibVerifier.Verify(net, p, Default with { Jobs = 2 });
        Assert.Equal(VnnlibVerdict.Unsat, one.Verdict);
        Assert.Equal(one.Verdict, two.Verdict);
        Assert.Equal(one.Nodes, two.Nodes);
    }

    [Fact]
    public void OnnxRuntime_ConfirmsTheAnswersOnAShippedNetwork()
    {
        // VerticalCAS advisory network (3 inputs, 9 outputs), read by certus and evaluated independently by ONNX Runtime.
        string path = RepositoryPaths.Spec("networks", "vcas", "VertCAS_noResp_pra01_v9_20HU_200.onnx");
        FeedForwardNetwork net = Certus.Control.Networks.NetworkFile.Load(path);
        using var session = new InferenceSession(path);
        (string name, NodeMetadata input) = session.InputMetadata.Single();
        int[] dims = [.. input.Dimensions.Select(d => d < 0 ? 1 : d)];
        double[] Runtime(double[] x)
        {
            float[] xf = [.. x.Select(v => (float)v)];
            NamedOnnxValue value = NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(xf, dims));
            using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> results = session.Run([value]);
            return [.. results.First().AsTensor<float>().Select(v => (double)v)];
        }

        double[] centre = [0.05, 0.01, 0.1];
        const double radius = 0.02;
        var random = new Random(5);
        double[][] samples = [.. Enumerable.Range(0, 500).Select(_ => centre.Select(c => c + (((random.NextDouble() * 2) - 1) * radius)).Select(v => (double)(float)v).ToArray())];
        double Margin(double[] y) => y[0] - y[1];
        double min = samples.Min(x => Margin(net.Evaluate(x)));

        // Sat: the counterexample violates under ONNX Runtime too (up to float rounding).
        VnnlibProperty violated = BoxProperty(centre, radius, min + 1e-3, outputs: net.OutputSize);
        VnnlibResult sat = VnnlibVerifier.Verify(net, violated, Default);
        Assert.Equal(VnnlibVerdict.Sat, sat.Verdict);
        double[] x = sat.Input!;
        Assert.True(Margin(Runtime(x)) <= min + 1e-3 + 1e-4, $"ONNX Runtime gives {Margin(Runtime(x))} at the counterexample");

        // Unsat well below the sampled minimum: no ONNX Runtime sample violates either.
        double threshold = min - (0.5 * (samples.Max(s => Margin(net.Evaluate(s))) - min)) - 1e-3;
        VnnlibProperty holds = BoxProperty(centre, radius, threshold, outputs: net.OutputSize);
        VnnlibResult unsat = VnnlibVerifier.Verify(net, holds, Default);
        Assert.Equal(VnnlibVerdict.Unsat, unsat.Verdict);
        Assert.All(samples, s => Assert.True(Margin(Runtime(s)) > threshold));

        // And the two evaluators agree on the samples.
        Assert.All(samples, s => Assert.InRange(Math.Abs(Margin(Runtime(s)) - Margin(net.Evaluate(s))), 0, 1e-4));
    }

    // "Y_0 − Y_1 <= threshold" over the box centre ± radius (every number written round-trip, so exact).
    internal static VnnlibProperty BoxProperty(double[] centre, double radius, double threshold, int outputs = 2)
    {
        var text = new StringBuilder();
        for (int i = 0; i < centre.Length; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"(declare-const X_{i} Real)\n");
        }

        for (int j = 0; j < outputs; j++)
        {
            text.Append(CultureInfo.InvariantCulture, $"(declare-const Y_{j} Real)\n");
        }

        for (int i = 0; i < centre.Length; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"(assert (>= X_{i} {R(centre[i] - radius)}))\n(assert (<= X_{i} {R(centre[i] + radius)}))\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"(assert (<= (- Y_0 Y_1) {R(threshold)}))\n");
        return VnnlibReader.Parse(text.ToString(), "box.vnnlib");
    }

    private static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
