using Certus.Control.Networks;
using Certus.Core.Networks;
using Certus.Core.Numerics;
using Certus.Core.Sets;
using Certus.Reach.Networks;
using Xunit.Abstractions;

namespace Certus.Verify.Tests.Benchmarks;

/// <summary>Network bounds of the ARCH-COMP controllers over input boxes from their benchmarks.</summary>
public sealed class BenchmarkNetworkBoundTests(ITestOutputHelper output)
{
    public static TheoryData<string, string> Cases => new()
    {
        // ACC: inputs (v_set, T_gap, v_ego, D_rel, v_rel) over the initial set.
        { "acc/ACC_controller_relu.polar", "[30,30] [1.4,1.4] [30,30.2] [79,100] [1.8,2.2]" },
        { "acc/ACC_controller_tanh.polar", "[30,30] [1.4,1.4] [30,30.2] [79,100] [1.8,2.2]" },
        // TORA: the initial set.
        { "tora/TORA_ReLU_controller.polar", "[0.6,0.7] [-0.7,-0.6] [-0.4,-0.3] [0.5,0.6]" },
        { "tora_heterogeneous/TORA_sigmoid_controller.polar", "[-0.77,-0.75] [-0.45,-0.43] [0.51,0.54] [-0.3,-0.28]" },
        { "tora_heterogeneous/TORA_ReLUtanh_controller.polar", "[-0.77,-0.75] [-0.45,-0.43] [0.51,0.54] [-0.3,-0.28]" },
    };

    private static Box ParseBox(string text) =>
        new(text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Interval.Parse));

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryMethod_ContainsSampledOutputs(string file, string box)
    {
        FeedForwardNetwork net = NetworkFile.Load(RepositoryPaths.Spec("networks", file));
        Box input = ParseBox(box);
        Box sampled = SimulationGuidedPartition.SimulatedHull(net, input, 100_000, 11);
        output.WriteLine($"{file} ({net}) over {input}: sampled hull {sampled}");
        INetworkBoundAlgorithm[] methods =
        [
            new IntervalPropagation(),
            new LinearRelaxation(),
            new SimulationGuidedPartition { Tolerance = 0.05, MaxCells = 2000 },
        ];
        double ibp = double.NaN;
        foreach (INetworkBoundAlgorithm m in methods)
        {
            NetworkBoundResult r = m.Bound(net, input);
            Assert.True(r.Output.Contains(sampled), $"{m.Name}: {r.Output} misses {sampled}");
            double width = r.Output.MaxWidth;
            ibp = double.IsNaN(ibp) ? width : ibp;
            Assert.True(width <= ibp + 1e-12);
            output.WriteLine($"  {m.Name,-14} {r.Output} cells {r.Cells} tightness (sampled/bound width) {sampled.MaxWidth / width:F3} in {r.Elapsed.TotalMilliseconds:F1} ms");
        }
    }
}
