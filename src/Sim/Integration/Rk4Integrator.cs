using Certus.Core.Systems;

namespace Certus.Sim.Integration;

/// <summary>The engine of <see cref="Rk4"/>: equal steps, four evaluations each, no allocation per call.</summary>
internal sealed class Rk4Integrator : OdeIntegrator
{
    private readonly Rk4 _options;
    private readonly double[] _k1;
    private readonly double[] _k2;
    private readonly double[] _k3;
    private readonly double[] _k4;
    private readonly double[] _stage;
    private readonly double[] _dense;

    public Rk4Integrator(Rk4 options, VectorField field, int stateCount, int inputCount)
        : base(options, field, stateCount, inputCount)
    {
        _options = options;
        _k1 = new double[stateCount];
        _k2 = new double[stateCount];
        _k3 = new double[stateCount];
        _k4 = new double[stateCount];
        _stage = new double[stateCount];
        _dense = new double[4 * stateCount];
    }

    internal override DenseKind DenseKind => DenseKind.Hermite;

    private protected override void ResetCore()
    {
    }

    internal override void AdvanceCore(double t0, double t1, Span<double> y, ReadOnlySpan<double> u, Span<double> interior, IStepObserver? observer)
    {
        int n = y.Length;
        int points = interior.Length / n;
        double length = t1 - t0;
        if (length == 0)
        {
            FillConstant(y, interior);
            return;
        }

        int steps = _options.StepCountCore(length, points);
        int per = steps / (points + 1);
        double h = length / steps;
        if (observer is not null)
        {
            AdvanceObserved(t0, t1, steps, h, y, u, observer);
            return;
        }

        // The hot path: each step in its own small method keeps this loop's few variables in registers.
        VectorField f = Field;
        int untilPoint = per;
        int point = 0;
        for (int i = 0; i < steps; i++)
        {
            double tEnd = i + 1 == steps ? t1 : t0 + ((i + 1) * h);
            Step(f, t0 + (i * h), tEnd, h, y, u);
            if (--untilPoint == 0 && point < points)
            {
                y.CopyTo(interior.Slice(point * n, n));
                point++;
                untilPoint = per;
            }
        }

        AcceptedSteps += steps;
        Evaluations += 4L * steps;
    }

    /// <summary>One classical RK4 step from t to tEnd = t + h, in place.</summary>
    private void Step(VectorField f, double t, double tEnd, double h, Span<double> y, ReadOnlySpan<double> u)
    {
        int n = y.Length;
        double half = 0.5 * h;
        Span<double> k1 = _k1.AsSpan(0, n), k2 = _k2.AsSpan(0, n), k3 = _k3.AsSpan(0, n), k4 = _k4.AsSpan(0, n), stage = _stage.AsSpan(0, n);
        f(t, y, u, k1);
        Stage(stage, y, half, k1);
        f(t + half, stage, u, k2);
        Stage(stage, y, half, k2);
        f(t + half, stage, u, k3);
        Stage(stage, y, h, k3);
        f(tEnd, stage, u, k4);
        Combine(y, h / 6, k1, k2, k3, k4);
    }

    /// <summary>stage = y + a·k.</summary>
    private static void Stage(Span<double> stage, ReadOnlySpan<double> y, double a, ReadOnlySpan<double> k)
    {
        y = y[..stage.Length];
        k = k[..stage.Length];
        for (int i = 0; i < stage.Length; i++)
        {
            stage[i] = y[i] + (a * k[i]);
        }
    }

    /// <summary>y += w·(k1 + 2(k2 + k3) + k4).</summary>
    private static void Combine(Span<double> y, double w, ReadOnlySpan<double> k1, ReadOnlySpan<double> k2, ReadOnlySpan<double> k3, ReadOnlySpan<double> k4)
    {
        k1 = k1[..y.Length];
        k2 = k2[..y.Length];
        k3 = k3[..y.Length];
        k4 = k4[..y.Length];
        for (int i = 0; i < y.Length; i++)
        {
            y[i] += w * (k1[i] + (2 * (k2[i] + k3[i])) + k4[i]);
        }
    }

    /// <summary>The same steps, reporting each to the observer with the end derivative reused as the next first stage.</summary>
    private void AdvanceObserved(double t0, double t1, int steps, double h, Span<double> y, ReadOnlySpan<double> u, IStepObserver observer)
    {
        int n = y.Length;
        double half = 0.5 * h;
        VectorField f = Field;
        Span<double> k1 = _k1.AsSpan(0, n), k2 = _k2.AsSpan(0, n), k3 = _k3.AsSpan(0, n), k4 = _k4.AsSpan(0, n), stage = _stage.AsSpan(0, n);
        Span<double> dense = _dense;
        f(t0, y, u, k1);
        long evaluations = 1;
        for (int i = 0; i < steps; i++)
        {
            double t = t0 + (i * h);
            double tEnd = i + 1 == steps ? t1 : t0 + ((i + 1) * h);
            y.CopyTo(dense[..n]);
            k1.CopyTo(dense.Slice(2 * n, n));
            Stage(stage, y, half, k1);
            f(t + half, stage, u, k2);
            Stage(stage, y, half, k2);
            f(t + half, stage, u, k3);
            Stage(stage, y, h, k3);
            f(tEnd, stage, u, k4);
            Combine(y, h / 6, k1, k2, k3, k4);

            // f at the step end is the next step's first stage: computed once, used twice.
            f(tEnd, y, u, k1);
            evaluations += 4;
            y.CopyTo(dense.Slice(n, n));
            k1.CopyTo(dense.Slice(3 * n, n));
            observer.OnAccepted(t, tEnd, y, dense);
        }

        AcceptedSteps += steps;
        Evaluations += evaluations;
    }
}
