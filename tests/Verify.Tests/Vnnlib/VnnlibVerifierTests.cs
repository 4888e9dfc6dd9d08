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
