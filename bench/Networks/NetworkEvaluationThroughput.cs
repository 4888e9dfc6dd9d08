using BenchmarkDotNet.Attributes;
using Certus.Control.Networks;
using Certus.Core.Networks;
using Certus.Sim.Networks;

namespace Certus.Bench.Networks;

/// <summary>Network evaluations per second on doubles (simulation's hot path) for the ACC 5x20 and TORA 3x100 controllers.</summary>
public class NetworkEvaluationThroughput
{
    private FeedForwardNetwork _network = null!;
    private CompiledNetwork _compiled = null!;
    private double[] _input = [];
    private double[] _output = [];

    /// <summary>The controller.</summary>
    [Params("acc-relu-5x20", "tora-relu-3x100")]
    public string Network { get; set; } = "acc-relu-5x20";

    /// <summary>Loads the network.</summary>
    [GlobalSetup]
    public void Setup()
    {
        (string file, double[] input) = Network == "acc-relu-5x20"
            ? ("acc/ACC_controller_relu.polar", new[] { 30, 1.4, 30.1, 90.0, 2.0 })
            : ("tora/TORA_ReLU_controller.polar", new[] { 0.65, -0.65, -0.35, 0.55 });
        _network = NetworkFile.Load(BenchPaths.Spec("networks", file));
        _compiled = new CompiledNetwork(_network);
        _input = input;
        _output = new double[_network.OutputSize];
    }

    /// <summary>The model's own evaluation (Certus.Core).</summary>
    [Benchmark(Baseline = true)]
    public double Model()
    {
        _network.Evaluate(_input, _output);
        return _output[0];
    }

    /// <summary>The compiled evaluation used by simulation (Certus.Sim).</summary>
    [Benchmark]
    public double Compiled()
    {
        _compiled.Evaluate(_input, _output);
        return _output[0];
    }
}
