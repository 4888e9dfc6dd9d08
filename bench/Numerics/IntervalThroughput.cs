using BenchmarkDotNet.Attributes;
using Certus.Core.Numerics;

namespace Certus.Bench.Numerics;

/// <summary>
/// Throughput of sound interval operations against the same operation on plain doubles (the baseline), over an
/// array of 4096 operands, so that the ratio column reads "cost of soundness".
/// </summary>
[MemoryDiagnoser]
public class IntervalThroughput
{
    private const int N = 4096;
    private double[] _a = [];
    private double[] _b = [];
    private Interval[] _ia = [];
    private Interval[] _ib = [];

    /// <summary>Which operation to time.</summary>
    [Params("add", "sub", "mul", "exp", "tanh")]
    public string Operation { get; set; } = "add";

    /// <summary>Fills the operands with values in [-3, 3] and narrow intervals around them.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _a = new double[N];
        _b = new double[N];
        _ia = new Interval[N];
        _ib = new Interval[N];
        for (int i = 0; i < N; i++)
        {
            _a[i] = (random.NextDouble() * 6) - 3;
            _b[i] = (random.NextDouble() * 6) - 3;
            _ia[i] = Interval.FromMidRadius(_a[i], 1e-3);
            _ib[i] = Interval.FromMidRadius(_b[i], 1e-3);
        }
    }

    /// <summary>The operation on doubles (no rounding control, no guarantee).</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = N)]
    public double Double()
    {
        double acc = 0;
        double[] a = _a, b = _b;
        switch (Operation)
        {
            case "add": for (int i = 0; i < N; i++) { acc += a[i] + b[i]; } break;
            case "sub": for (int i = 0; i < N; i++) { acc += a[i] - b[i]; } break;
            case "mul": for (int i = 0; i < N; i++) { acc += a[i] * b[i]; } break;
            case "exp": for (int i = 0; i < N; i++) { acc += Math.Exp(a[i]); } break;
            default: for (int i = 0; i < N; i++) { acc += Math.Tanh(a[i]); } break;
        }

        return acc;
    }

    /// <summary>The same operation on intervals, outward rounded (and rigorous for exp and tanh).</summary>
    [Benchmark(OperationsPerInvoke = N)]
    public double Sound()
    {
        double acc = 0;
        Interval[] a = _ia, b = _ib;
        switch (Operation)
        {
            case "add": for (int i = 0; i < N; i++) { acc += (a[i] + b[i]).Hi; } break;
            case "sub": for (int i = 0; i < N; i++) { acc += (a[i] - b[i]).Hi; } break;
            case "mul": for (int i = 0; i < N; i++) { acc += (a[i] * b[i]).Hi; } break;
            case "exp": for (int i = 0; i < N; i++) { acc += Interval.Exp(a[i]).Hi; } break;
            default: for (int i = 0; i < N; i++) { acc += Interval.Tanh(a[i]).Hi; } break;
        }

        return acc;
    }
}
