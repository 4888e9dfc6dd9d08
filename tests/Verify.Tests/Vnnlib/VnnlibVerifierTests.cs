using Certus.Core.Networks;
using Certus.Verify.Vnnlib;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Certus.Verify.Tests.Vnnlib;

public sealed class VnnlibVerifierTests
{
    private static readonly VnnlibOptions Quick = VnnlibOptions.Default with { Timeout = TimeSpan.FromSeconds(20) };

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void RandomNetworks_AgreeWithAFineGrid(int seed)
    {
        FeedForwardNetwork net = RandomRelu.Network(seed, inputs: 2, width: 10, depth: 2);
        double[] grid = RandomRelu.Grid2(net, 201);
        double min = grid.Min(), range = grid.Max() - min;

        // A grid point violates: never unsat, and the attack or the search finds a checked counterexample.
        VnnlibProperty violated = RandomRelu.Property(2, min + (0.02 * range));
        VnnlibResult sat = VnnlibVerifier.Verify(net, violated, Quick);
        Assert.Equal(VnnlibVerdict.Sat, sat.Verdict);
        Assert.True(VnnlibVerifier.IsCounterexample(net, violated, sat.Input!));
        Assert.All(sat.Input!, x => Assert.InRange(x, -1, 1));

        // Well below the grid minimum (more than a Lipschitz step of the grid away): proven.
        VnnlibProperty holds = RandomRelu.Property(2, min - (0.2 * range));
        VnnlibResult unsat = VnnlibVerifier.Verify(net, holds, Quick);
        Assert.Equal(VnnlibVerdict.Unsat, unsat.Verdict);
    }

    [Fact]
    public void JustBelowTheGridMinimum_IsNeverAWrongSat()
    {
        // The true minimum may lie between grid points, so sat is possible here, but only with a checked point (a margin
        // this thin usually needs more input splits than the budget allows: timeout is an acceptable answer).
        for (int seed = 10; seed < 14; seed++)
        {
            FeedForwardNetwork net = RandomRelu.Network(seed, inputs: 2, width: 8, depth: 2);
            double min = RandomRelu.Grid2(net, 101).Min();
            VnnlibProperty p = RandomRelu.Property(2, min - 1e-3);
            VnnlibResult r = VnnlibVerifier.Verify(net, p, Quick with { Timeout = TimeSpan.FromSeconds(0.5) });
            if (r.Verdict == VnnlibVerdict.Sat)
            {
                Assert.True(VnnlibVerifier.IsCounterexample(net, p, r.Input!));
            }
        }
    }

    [Fact]
    public void Jobs_DoNotChangeTheResult()
    {
        FeedForwardNetwork net = RandomRelu.Network(7, inputs: 3, width: 12, depth: 2);
        double min = Enumerable.Range(0, 4000).Select(k =>
        {
            var random = new Random(k);
            double[] y = net.Evaluate([(random.NextDouble() * 2) - 1, (random.NextDouble() * 2) - 1, (random.NextDouble() * 2) - 1]);
            return y[0] - y[1];
        }).Min();
        VnnlibProperty p = RandomRelu.Property(3, min - 0.3);
        VnnlibResult one = VnnlibVerifier.Verify(net, p, Quick with { Jobs = 1 });
        VnnlibResult two = VnnlibVerifier.Verify(net, p, Quick with { Jobs = 2 });
        Assert.Equal(one.Verdict, two.Verdict);
        Assert.Equal(one.Nodes, two.Nodes);
        Assert.Equal(one.Input, two.Input);
    }

    [Fact]
    public void Timeout_IsRespected()
    {
        FeedForwardNetwork net = RandomRelu.Network(8, inputs: 5, width: 60, depth: 5);
        double min = Enumerable.Range(0, 2000).Select(k =>
        {
            var random = new Random(k);
            double[] y = net.Evaluate([.. Enumerable.Range(0, 5).Select(_ => (random.NextDouble() * 2) - 1)]);
            return y[0] - y[1];
        }).Min();

        // Just below the sampled minimum of a deep network: hard; it must stop near the budget.
        VnnlibResult r = VnnlibVerifier.Verify(net, RandomRelu.Property(5, min - 1e-4), VnnlibOptions.Default with { Timeout = TimeSpan.FromSeconds(0.5) });
        Assert.True(r.Elapsed < TimeSpan.FromSeconds(3), $"took {r.Elapsed}");
    }

    [Fact]
    public void SizeMismatch_IsAnArgumentError()
    {
        FeedForwardNetwork net = RandomRelu.Network(1, inputs: 3, width: 4, depth: 1);
        var e = Assert.Throws<ArgumentException>(() => VnnlibVerifier.Verify(net, RandomRelu.Property(2, 0), Quick));
        Assert.Contains("declares 2 input(s)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StrictAtom_IsNotSatisfiedOnItsBoundary()
    {
        // y = x on [0, 1]; violation y < 0 has no solution (x = 0 gives y = 0, not < 0): never sat.
        var net = new FeedForwardNetwork([new DenseLayer(1, 1, [1.0], [0.0], Activation.Identity)]);
        VnnlibProperty p = VnnlibReader.Parse("(declare-const X_0 Real)(declare-const Y_0 Real)(assert (>= X_0 0))(assert (<= X_0 1))(assert (< Y_0 0))", "s.vnnlib");
        VnnlibResult r = VnnlibVerifier.Verify(net, p, Quick with { Timeout = TimeSpan.FromSeconds(2) });
        Assert.NotEqual(VnnlibVerdict.Sat, r.Verdict);

        // The non-strict one is satisfied exactly at x = 0.
        VnnlibProperty q = VnnlibReader.Parse("(declare-const X_0 Real)(declare-const Y_0 Real)(assert (>= X_0 0))(assert (<= X_0 1))(assert (<= Y_0 0))", "s.vnnlib");
        Assert.Equal(VnnlibVerdict.Sat, VnnlibVerifier.Verify(net, q, Quick).Verdict);
    }

    // The law: whenever a sampled input violates, the verifier says sat with a checked point (never unsat).
    [Property(MaxTest = 25)]
    public bool SampledViolation_IsFound(PositiveInt seed, byte rank)
    {
        FeedForwardNetwork net = RandomRelu.Network(seed.Get, inputs: 2, width: 6, depth: 2);
        var random = new Random(seed.Get);
        double[] values = [.. Enumerable.Range(0, 200).Select(_ =>
        {
            double[] y = net.Evaluate([(random.NextDouble() * 2) - 1, (random.NextDouble() * 2) - 1]);
            return y[0] - y[1];
        }).Order()];
        VnnlibProperty p = RandomRelu.Property(2, values[rank % 100]);
        VnnlibResult r = VnnlibVerifier.Verify(net, p, Quick);
        return r.Verdict == VnnlibVerdict.Sat && VnnlibVerifier.IsCounterexample(net, p, r.Input!);
    }
}

public sealed class VnnlibBoundTests
{
    // The law: on any sub-box, the branch-and-bound bound is below the largest atom value at every sampled input.
    [Property(MaxTest = 60)]
    public bool LowerBound_IsBelowEverySampledViolationMargin(PositiveInt seed, byte widthCode)
    {
        FeedForwardNetwork net = RandomRelu.Network(seed.Get, inputs: 3, width: 12, depth: 3);
        VnnlibProperty p = VnnlibReader.Parse(
            "(declare-const X_0 Real)(declare-const X_1 Real)(declare-const X_2 Real)(declare-const Y_0 Real)(declare-const Y_1 Real)"
            + "(assert (>= X_0 -1))(assert (<= X_0 1))(assert (>= X_1 -1))(assert (<= X_1 1))(assert (>= X_2 -1))(assert (<= X_2 1))"
            + "(assert (<= (+ Y_0 (* -0.3 Y_1)) 0.1))(assert (>= Y_1 -0.7))",
            "law.vnnlib");
        var random = new Random(seed.Get);
        double w = 0.01 + (widthCode / 128.0);
        double[] c = [.. Enumerable.Range(0, 3).Select(_ => (random.NextDouble() * 2) - 1)];
        var box = new Certus.Core.Sets.Box(c.Select(v => new Certus.Core.Numerics.Interval(v - w, v + w)));
        double bound = VnnlibVerifier.LowerBound(net, p.Cases[0], box);
        for (int k = 0; k < 300; k++)
        {
            double[] x = box.Sample(random);
            double[] y = net.Evaluate(x);
            double margin = Math.Max(y[0] - (0.3 * y[1]) - 0.1, -0.7 - y[1]);
            if (margin < bound - 1e-9)
            {
                return false;
            }
        }

        return true;
    }

    [Fact]
    public void OnnxController_IsDecidedWithACheckedAnswer()
    {
        FeedForwardNetwork net = Certus.Control.Networks.NetworkFile.Load(RepositoryPaths.Spec("networks", "acc", "controller_5_20.onnx"));
        var random = new Random(3);
        double[] lo = [90, 32, 0, 10, 30], hi = [91, 32.2, 0.1, 11, 30.2];
        double min = Enumerable.Range(0, 500).Select(_ => net.Evaluate([.. lo.Select((l, i) => l + (random.NextDouble() * (hi[i] - l)))])[0]).Min();
        string header = string.Concat(Enumerable.Range(0, 5).Select(i => $"(declare-const X_{i} Real)")) + "(declare-const Y_0 Real)"
            + string.Concat(Enumerable.Range(0, 5).Select(i => FormattableString.Invariant($"(assert (>= X_{i} {lo[i]}))(assert (<= X_{i} {hi[i]}))")));
        var options = VnnlibOptions.Default with { Timeout = TimeSpan.FromSeconds(10) };
        VnnlibProperty violated = VnnlibReader.Parse(header + FormattableString.Invariant($"(assert (<= Y_0 {min + 1e-6:R}))"), "acc.vnnlib");
        VnnlibResult sat = VnnlibVerifier.Verify(net, violated, options);
        Assert.Equal(VnnlibVerdict.Sat, sat.Verdict);
        Assert.True(VnnlibVerifier.IsCounterexample(net, violated, sat.Input!));
        VnnlibProperty holds = VnnlibReader.Parse(header + FormattableString.Invariant($"(assert (<= Y_0 {min - 1:R}))"), "acc.vnnlib");
        Assert.NotEqual(VnnlibVerdict.Sat, VnnlibVerifier.Verify(net, holds, options).Verdict);
    }
}
