using BenchmarkDotNet.Attributes;
using Certus.Core.Networks;
using Certus.Core.Systems;
using Certus.Sim.ClosedLoop;
using Certus.Sim.Ensembles;
using Certus.Sim.Integration;
using Certus.Sim.Networks;

namespace Certus.Bench.Sim;

/// <summary>
/// Control periods per second of the ACC closed loop (6 states, a 5×20 ReLU controller with random weights, RK4
/// with 10 steps per 0.1 s period, 50 periods, the safety margin evaluated at every step point). Each operation is
/// one control period, so <c>1e9 / Mean[ns]</c> is the throughput. Target: at least 10^6 periods/s on 2 cores.
/// </summary>
/// <remarks><see cref="Evaluator"/> picks how the controller evaluates the network: Certus.Sim's
/// <see cref="CompiledNetwork"/> (SIMD, bitwise the same outputs) or Core's scalar
/// <see cref="FeedForwardNetwork.Evaluate(ReadOnlySpan{double}, Span{double})"/>.</remarks>
[MemoryDiagnoser]
public class ClosedLoopThroughput
{
    /// <summary>How the controller evaluates its network.</summary>
    public enum NetworkEvaluator
    {
        /// <summary><see cref="CompiledNetwork"/> from Certus.Sim.</summary>
        Compiled,

        /// <summary><see cref="FeedForwardNetwork"/> from Certus.Core.</summary>
        Core,
    }

    private const int Periods = 50;
    private const int Samples = 2000;

    private ClosedLoopSimulator _simulator = null!;
    private SimulationWorkspace _workspace = null!;
    private EnsembleProblem _ensemble = null!;
    private EnsembleOptions _options = null!;
    private readonly double[] _initial = [100, 32.1, 0, 10.5, 30.1, 0];
    private readonly double[] _final = new double[6];

    /// <summary>The network evaluator of the controller.</summary>
    [Params(NetworkEvaluator.Compiled, NetworkEvaluator.Core)]
    public NetworkEvaluator Evaluator { get; set; } = NetworkEvaluator.Compiled;

    /// <summary>Builds the network (seeded He-uniform weights), the loop and the ensemble.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        var layers = new List<DenseLayer>();
        int inputs = 5;
        for (int l = 0; l < 6; l++)
        {
            int outputs = l < 5 ? 20 : 1;
            double bound = Math.Sqrt(6.0 / inputs);
            double[] weights = new double[inputs * outputs];
            double[] bias = new double[outputs];
            for (int i = 0; i < weights.Length; i++)
            {
                weights[i] = ((2 * random.NextDouble()) - 1) * bound;
            }

            for (int i = 0; i < bias.Length; i++)
            {
                bias[i] = ((2 * random.NextDouble()) - 1) * 0.1;
            }

            layers.Add(new DenseLayer(inputs, outputs, weights, bias, l < 5 ? Activation.Relu : Activation.Identity));
            inputs = outputs;
        }

        var network = new FeedForwardNetwork(layers, name: "acc-random-5x20");
        IStateFeedback controller = Evaluator == NetworkEvaluator.Compiled ? new CompiledAccController(new CompiledNetwork(network)) : new AccController(network);
        var loop = new ClosedLoopProblem { Plant = new AccPlant(), Controller = controller, Period = 0.1, Periods = Periods };
        var simulation = new SimulationOptions { Integrator = new Rk4 { StepsPerInterval = 10 }, SamplesPerPeriod = 9 };
        _simulator = new ClosedLoopSimulator(loop, simulation);
        _workspace = _simulator.CreateWorkspace();
        _ensemble = new EnsembleProblem(loop, [90, 32, 0, 10, 30, 0], [110, 32.2, 0, 11, 30.2, 0], SafetyMargin);
        _options = new EnsembleOptions { Sampling = new UniformSampling(Samples), Simulation = simulation, Seed = 1, MaxDegreeOfParallelism = 2 };
    }

    /// <summary>The ACC safety property: <c>x_lead − x_ego − 1.4·v_ego − 10 ≥ 0</c>. A lambda, not a static method group:
    /// delegates to static methods pay for an argument-shuffling thunk on every call.</summary>
    private static readonly StateMargin SafetyMargin = (time, x) => x[0] - x[3] - (1.4 * x[4]) - 10;

    /// <summary>One run on one thread, margin mode with a reused workspace.</summary>
    /// <returns>The smallest margin (kept so the work is not dropped).</returns>
    [Benchmark(OperationsPerInvoke = Periods)]
    public double SingleThread() => _simulator.SimulateMargin(_initial, [], SafetyMargin, _final, _workspace).MinimumMargin;

    /// <summary>An ensemble of 2000 uniform initial states over both cores.</summary>
    /// <returns>The worst margin.</returns>
    [Benchmark(OperationsPerInvoke = Periods * Samples)]
    public double EnsembleTwoCores() => Ensemble.Run(_ensemble, _options).WorstMargin;

    /// <summary>The ACC plant written by hand: lead car braking at a_lead = −2, ego car driven by the control.</summary>
    private sealed class AccPlant : IClosedLoopPlant
    {
        public int StateCount => 6;

        public int ControlCount => 1;

        public int DisturbanceCount => 0;

        /// <summary>x1' = x2, x2' = x3, x3' = −2x3 + 2·(−2) − 1e-4·x2², x4' = x5, x5' = x6, x6' = −2x6 + 2u − 1e-4·x5²
        /// (a lambda: see <see cref="SafetyMargin"/>).</summary>
        public VectorField Field { get; } = (t, x, u, dx) =>
        {
            dx[5] = (-2 * x[5]) + (2 * u[0]) - (1e-4 * x[4] * x[4]);
            dx[4] = x[5];
            dx[3] = x[4];
            dx[2] = (-2 * x[2]) + (2 * -2.0) - (1e-4 * x[1] * x[1]);
            dx[1] = x[2];
            dx[0] = x[1];
        };
    }

    /// <summary>The compiled network on the inputs [30, 1.4, v_ego, x_lead − x_ego, v_lead − v_ego].</summary>
    private sealed class CompiledAccController(CompiledNetwork network) : IStateFeedback
    {
        public int StateCount => 6;

        public int ControlCount => 1;

        public void Compute(double time, ReadOnlySpan<double> state, Span<double> control)
        {
            Span<double> input = [30, 1.4, state[4], state[0] - state[3], state[1] - state[4]];
            network.Evaluate(input, control);
        }
    }

    /// <summary>The Core network on the inputs [30, 1.4, v_ego, x_lead − x_ego, v_lead − v_ego].</summary>
    private sealed class AccController(FeedForwardNetwork network) : IStateFeedback
    {
        public int StateCount => 6;

        public int ControlCount => 1;

        public void Compute(double time, ReadOnlySpan<double> state, Span<double> control)
        {
            Span<double> input = [30, 1.4, state[4], state[0] - state[3], state[1] - state[4]];
            network.Evaluate(input, control);
        }
    }
}
