using Certus.Core.Networks;
using Certus.Core.Numerics;
using Certus.Core.Sets;
using Certus.Reach.Networks;
using Xunit.Abstractions;

namespace Certus.Reach.Tests.Networks;

public sealed class NetworkBoundTests(ITestOutputHelper output)
{
    private static readonly Box ArmInput = new(new Interval(Math.PI / 3, 2 * Math.PI / 3), new Interval(Math.PI / 3, 2 * Math.PI / 3));

    private static INetworkBoundAlgorithm[] Methods() =>
    [
        new IntervalPropagation(),
        new LinearRelaxation(),
        new SimulationGuidedPartition(),
        new SimulationGuidedPartition { Inner = new LinearRelaxation() },
    ];

    [Theory]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Relu)]
    public void RoboticArm_EveryMethodContainsAMillionSamples_AndReportsTheGap(Activation hidden)
    {
        FeedForwardNetwork net = TestNetworks.RoboticArm(hidden);
        Box sampled = SimulationGuidedPartition.SimulatedHull(net, ArmInput, 1_000_000, 7);
        output.WriteLine($"{net.Name}: hull of 10^6 samples {sampled}");
        double ibpWidth = double.NaN;
        foreach (INetworkBoundAlgorithm method in Methods())
        {
            NetworkBoundResult r = method.Bound(net, ArmInput);
            Assert.True(r.Output.Contains(sampled), $"{method.Name}: {r.Output} misses sampled outputs {sampled}");
            double width = r.Output.Widths.Sum();
            double gap = width - sampled.Widths.Sum();
            ibpWidth = double.IsNaN(ibpWidth) ? width : ibpWidth;
            output.WriteLine($"  {method.Name,-14} {r.Output}  cells {r.Cells,6}  width sum {width:F4}  gap to samples {gap:F4}  ({r.Elapsed.TotalMilliseconds:F1} ms)");
            Assert.True(width <= ibpWidth + 1e-9, $"{method.Name} is looser than interval propagation");
        }

        // The seed method must close most of the gap of plain intervals (the paper's point).
        double seedWidth = new SimulationGuidedPartition().Bound(net, ArmInput).Output.Widths.Sum();
        Assert.True(seedWidth - sampled.Widths.Sum() < 0.25 * (ibpWidth - sampled.Widths.Sum()),
            $"seed method gap {seedWidth - sampled.Widths.Sum()} vs interval gap {ibpWidth - sampled.Widths.Sum()}");
    }

    [Fact]
    public void AffineEnclosure_ContainsSampledOutputs_AndIsTighterOnSmallBoxes()
    {
        FeedForwardNetwork net = TestNetworks.RoboticArm(Activation.Tanh);
        Box small = new(new Interval(1.5, 1.52), new Interval(1.6, 1.61));
        AffineEnclosure affine = LinearRelaxation.Affine(net, small);
        var random = new Random(3);
        for (int k = 0; k < 10_000; k++)
        {
            double[] x = small.Sample(random);
            double[] y = net.Evaluate(x);
            for (int j = 0; j < 2; j++)
            {
                Assert.True(affine.Evaluate(j, x).Inflate(1e-12).Contains(y[j]), $"affine enclosure misses output {j} at ({x[0]}, {x[1]})");
            }
        }

        Box fromAffine = affine.Evaluate(small);
        Box ibp = new IntervalPropagation().Bound(net, small).Output;
        output.WriteLine($"affine remainder widths {affine.Remainder[0].Width:E2}, {affine.Remainder[1].Width:E2}; box from affine {fromAffine}; interval {ibp}");
        Assert.True(affine.Remainder.All(r => r.Width < 0.05 * ibp.MaxWidth));
    }

    [Fact]
    public void Normalisation_IsIncludedInTheBounds()
    {
        var layer = new DenseLayer(2, 1, [1, -1], [0.5], Activation.Relu);
        var net = new FeedForwardNetwork([layer], inputOffset: [1, -1], inputScale: [2, 0.5], outputOffset: [10], outputScale: [-3]);
        Box input = Box.FromBounds([0, 0], [2, 4]);
        Box sampled = SimulationGuidedPartition.SimulatedHull(net, input, 100_000, 1);
        foreach (INetworkBoundAlgorithm m in Methods())
        {
            Box b = m.Bound(net, input).Output;
            Assert.True(b.Contains(sampled), $"{m.Name}: {b} vs {sampled}");
            Assert.True(b[0].Width < 1.2 * sampled[0].Width + 1e-9, $"{m.Name}: {b} far wider than {sampled}");
        }
    }

    [Fact]
    public void WrongDimension_IsRejectedWithMessage()
    {
        FeedForwardNetwork net = TestNetworks.RoboticArm(Activation.Relu);
        var e = Assert.Throws<ArgumentException>(() => new IntervalPropagation().Bound(net, Box.FromBounds([0], [1])));
        Assert.Contains("takes 2 inputs", e.Message, StringComparison.Ordinal);
    }
}
