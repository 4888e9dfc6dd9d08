using BenchmarkDotNet.Attributes;
using Certus.Control.Networks;
using Certus.Core.Networks;
using Certus.Core.Numerics;
using Certus.Core.Sets;
using Certus.Reach.Networks;

namespace Certus.Bench.Reach;

/// <summary>
/// Sound output bounds per second for the ACC 5x20 and TORA 3x100 controllers over boxes from their benchmarks,
/// by method. The tightness (sampled hull width / bound width) is printed once per configuration.
/// </summary>
public class NetworkBoundThroughput
{
    private FeedForwardNetwork _network = null!;
    private Box _input = null!;
    private INetworkBoundAlgorithm _algorithm = null!;

    /// <summary>The controller.</summary>
    [Params("acc-relu-5x20", "tora-relu-3x100")]
    public string Network { get; set; } = "acc-relu-5x20";

    /// <summary>The bound algorithm.</summary>
    [Params("interval", "crown")]
    public string Method { get; set; } = "interval";

    /// <summary>Loads the network and prints the tightness of the method.</summary>
    [GlobalSetup]
    public void Setup()
    {
        (string file, Interval[] box) = Network switch
        {
            "acc-relu-5x20" => ("acc/ACC_controller_relu.polar", new[] { new Interval(30), new Interval(1.4), new Interval(30, 30.2), new Interval(79, 100), new Interval(1.8, 2.2) }),
            _ => ("tora/TORA_ReLU_controller.polar", new[] { new Interval(0.6, 0.7), new Interval(-0.7, -0.6), new Interval(-0.4, -0.3), new Interval(0.5, 0.6) }),
        };
        _network = NetworkFile.Load(BenchPaths.Spec("networks", file));
        _input = new Box(box);
        _algorithm = Method == "interval" ? new IntervalPropagation() : new LinearRelaxation();
        Box sampled = SimulationGuidedPartition.SimulatedHull(_network, _input, 100_000, 1);
        Box bound = _algorithm.Bound(_network, _input).Output;
        Console.WriteLine($"// tightness {Network} {Method}: sampled width / bound width = {sampled.MaxWidth / bound.MaxWidth:F4}");
    }

    /// <summary>One bound of the whole input box.</summary>
    [Benchmark]
    public Box Bound() => _algorithm.Bound(_network, _input).Output;
}
