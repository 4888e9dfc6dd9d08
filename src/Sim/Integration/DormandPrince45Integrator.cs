using System.Globalization;
using Certus.Core.Systems;

namespace Certus.Sim.Integration;

/// <summary>The engine of <see cref="DormandPrince45"/> (after Hairer, Nørsett and Wanner's DOPRI5).</summary>
internal sealed class DormandPrince45Integrator : OdeIntegrator
{
    // Butcher tableau of Dormand and Prince (1980).
    private const double C2 = 1.0 / 5, C3 = 3.0 / 10, C4 = 4.0 / 5, C5 = 8.0 / 9;
    private const double A21 = 1.0 / 5;
    private const double A31 = 3.0 / 40, A32 = 9.0 / 40;
    private const double A41 = 44.0 / 45, A42 = -56.0 / 15, A43 = 32.0 / 9;
    private const double A51 = 19372.0 / 6561, A52 = -25360.0 / 2187, A53 = 64448.0 / 6561, A54 = -212.0 / 729;
    private const double A61 = 9017.0 / 3168, A62 = -355.0 / 33, A63 = 46732.0 / 5247, A64 = 49.0 / 176, A65 = -5103.0 / 18656;
    private const double A71 = 35.0 / 384, A73 = 500.0 / 1113, A74 = 125.0 / 192, A75 = -2187.0 / 6784, A76 = 11.0 / 84;

    // Error coefficients: fifth-order minus embedded fourth-order weights.
    private const double E1 = 71.0 / 57600, E3 = -71.0 / 16695, E4 = 71.0 / 1920, E5 = -17253.0 / 339200, E6 = 22.0 / 525, E7 = -1.0 / 40;

    // Dense output coefficients of Hairer's CONTD5 (fourth-order continuous extension).
    private const double D1 = -12715105075.0 / 11282082432, D3 = 87487479700.0 / 32700410799, D4 = -10690763975.0 / 1880347072;
    private const double D5 = 701980252875.0 / 199316789632, D6 = -1453857185.0 / 822651844, D7 = 69997945.0 / 29380423;

    private readonly DormandPrince45 _options;
    private readonly double[] _k1;
    private readonly double[] _k2;
    private readonly double[] _k3;
    private readonly double[] _k4;
    private readonly double[] _k5;
    private readonly double[] _k6;
    private readonly double[] _k7;
    private readonly double[] _stage;
    private readonly double[] _next;
    private readonly double[] _dense;
    private double _carriedStep = double.NaN;

    public DormandPrince45Integrator(DormandPrince45 options, VectorField field, int stateCount, int inputCount)
        : base(options, field, stateCount, inputCount)
    {
        _options = options;
        _k1 = new double[stateCount];
        _k2 = new double[stateCount];
        _k3 = new double[stateCount];
        _k4 = new double[stateCount];
        _k5 = new double[stateCount];
        _k6 = new double[stateCount];
        _k7 = new double[stateCount];
        _stage = new double[stateCount];
        _next = new double[stateCount];
        _dense = new double[5 * stateCount];
    }

    internal override DenseKind DenseKind => DenseKind.DormandPrince;

    private protected override void ResetCore() => _carriedStep = double.NaN;

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

        VectorField f = Field;
        double atol = _options.AbsoluteTolerance, rtol = _options.RelativeTolerance;
        double safety = _options.Safety, minScale = _options.MinScale, maxScale = _options.MaxScale;
        double maxStep = _options.MaxStep, minStep = _options.MinStep;
        int maxSteps = _options.MaxSteps;

        // The two stage arrays that change roles each step (FSAL: the last stage is the next step's first).
        double[] first = _k1, last = _k7;
        Span<double> k2 = _k2.AsSpan(0, n), k3 = _k3.AsSpan(0, n), k4 = _k4.AsSpan(0, n), k5 = _k5.AsSpan(0, n), k6 = _k6.AsSpan(0, n);
        Span<double> stage = _stage.AsSpan(0, n), next = _next.AsSpan(0, n), dense = _dense.AsSpan(0, 5 * n);

        f(t0, y, u, first);
        long evaluations = 1;
        double h = !double.IsNaN(_carriedStep) ? _carriedStep : _options.InitialStep ?? InitialStep(t0, y, u, first, ref evaluations);
        h = Math.Min(h, maxStep);

        double spacing = length / (points + 1);
        int nextPoint = 1;
        double t = t0;
        int attempts = 0;
        bool rejected = false;
        long accepted = 0, rejections = 0;
        try
        {
            while (true)
            {
                Span<double> k1 = first.AsSpan(0, n), k7 = last.AsSpan(0, n);
                double proposed = h;
                bool final = false;
                if (t + (1.01 * h) >= t1)
                {
                    h = t1 - t;
                    final = true;
                }

                if (++attempts > maxSteps)
                {
                    throw new IntegrationException(
                        string.Create(CultureInfo.InvariantCulture, $"DormandPrince45 took more than MaxSteps = {maxSteps} steps on [{t0}, {t1}] and stopped at t = {t} with step {h}; raise MaxSteps or loosen the tolerances (the system may be stiff)."),
                        t);
                }

                for (int i = 0; i < stage.Length; i++)
                {
                    stage[i] = y[i] + (h * A21 * k1[i]);
                }

                f(t + (C2 * h), stage, u, k2);
                for (int i = 0; i < stage.Length; i++)
                {
                    stage[i] = y[i] + (h * ((A31 * k1[i]) + (A32 * k2[i])));
                }

                f(t + (C3 * h), stage, u, k3);
                for (int i = 0; i < stage.Length; i++)
                {
                    stage[i] = y[i] + (h * ((A41 * k1[i]) + (A42 * k2[i]) + (A43 * k3[i])));
                }

                f(t + (C4 * h), stage, u, k4);
                for (int i = 0; i < stage.Length; i++)
                {
                    stage[i] = y[i] + (h * ((A51 * k1[i]) + (A52 * k2[i]) + (A53 * k3[i]) + (A54 * k4[i])));
                }

                f(t + (C5 * h), stage, u, k5);
                for (int i = 0; i < stage.Length; i++)
                {
                    stage[i] = y[i] + (h * ((A61 * k1[i]) + (A62 * k2[i]) + (A63 * k3[i]) + (A64 * k4[i]) + (A65 * k5[i])));
                }

                double tNew = final ? t1 : t + h;
                f(tNew, stage, u, k6);
                for (int i = 0; i < next.Length; i++)
                {
                    next[i] = y[i] + (h * ((A71 * k1[i]) + (A73 * k3[i]) + (A74 * k4[i]) + (A75 * k5[i]) + (A76 * k6[i])));
                }

                f(tNew, next, u, k7);
                evaluations += 6;

                double sum = 0;
                for (int i = 0; i < next.Length; i++)
                {
                    double scale = atol + (rtol * Math.Max(Math.Abs(y[i]), Math.Abs(next[i])));
                    double e = h * ((E1 * k1[i]) + (E3 * k3[i]) + (E4 * k4[i]) + (E5 * k5[i]) + (E6 * k6[i]) + (E7 * k7[i])) / scale;
                    sum += e * e;
                }

                double err = Math.Sqrt(sum / n);
                if (err <= 1)
                {
                    accepted++;
                    bool pointInStep = nextPoint <= points && (final || t0 + (nextPoint * spacing) <= tNew);
                    if (pointInStep || observer is not null)
                    {
                        Span<double> r1 = dense[..n], r2 = dense.Slice(n, n), r3 = dense.Slice(2 * n, n), r4 = dense.Slice(3 * n, n), r5 = dense.Slice(4 * n, n);
                        for (int i = 0; i < r1.Length; i++)
                        {
                            double diff = next[i] - y[i];
                            double bspl = (h * k1[i]) - diff;
                            r1[i] = y[i];
                            r2[i] = diff;
                            r3[i] = bspl;
                            r4[i] = diff - (h * k7[i]) - bspl;
                            r5[i] = h * ((D1 * k1[i]) + (D3 * k3[i]) + (D4 * k4[i]) + (D5 * k5[i]) + (D6 * k6[i]) + (D7 * k7[i]));
                        }

                        while (nextPoint <= points)
                        {
                            double tp = t0 + (nextPoint * spacing);
                            if (tp > tNew && !final)
                            {
                                break;
                            }

                            DenseOutput.Evaluate(DenseKind.DormandPrince, dense, h, Math.Min(1, (tp - t) / h), interior.Slice((nextPoint - 1) * n, n));
                            nextPoint++;
                        }

                        observer?.OnAccepted(t, tNew, next, dense);
                    }

                    next.CopyTo(y);
                    (first, last) = (last, first);
                    double grow = err == 0 ? maxScale : Math.Min(maxScale, Math.Max(minScale, safety * Math.Pow(err, -0.2)));
                    if (rejected)
                    {
                        grow = Math.Min(grow, 1);
                    }

                    double hNew = Math.Min(h * grow, maxStep);
                    t = tNew;
                    rejected = false;
                    if (final)
                    {
                        // A last step cut short to land on t1 says little about the right step: keep the larger proposal.
                        _carriedStep = Math.Min(Math.Max(hNew, proposed), maxStep);
                        break;
                    }

                    h = hNew;
                }
                else
                {
                    rejections++;
                    double shrink = double.IsNaN(err) ? minScale : Math.Min(1, Math.Max(minScale, safety * Math.Pow(err, -0.2)));
                    h *= shrink;
                    rejected = true;
                    double ulp = Math.BitIncrement(Math.Max(Math.Abs(t), Math.Abs(t1))) - Math.Max(Math.Abs(t), Math.Abs(t1));
                    if (h < minStep || h <= 4 * ulp)
                    {
                        throw new IntegrationException(
                            string.Create(CultureInfo.InvariantCulture, $"DormandPrince45 step fell to {h} at t = {t} (error estimate {err}, minimum step {Math.Max(minStep, 4 * ulp)}); the state may be non-finite or the system stiff."),
                            t);
                    }
                }
            }
        }
        finally
        {
            AcceptedSteps += accepted;
            RejectedSteps += rejections;
            Evaluations += evaluations;
        }
    }

    /// <summary>Hairer's starting step: from the sizes of y, f(t0, y) and a second derivative estimate.</summary>
    private double InitialStep(double t0, ReadOnlySpan<double> y, ReadOnlySpan<double> u, ReadOnlySpan<double> f0, ref long evaluations)
    {
        double atol = _options.AbsoluteTolerance, rtol = _options.RelativeTolerance;
        double dnf = 0, dny = 0;
        for (int i = 0; i < y.Length; i++)
        {
            double scale = atol + (rtol * Math.Abs(y[i]));
            dnf += (f0[i] / scale) * (f0[i] / scale);
            dny += (y[i] / scale) * (y[i] / scale);
        }

        double h = dnf <= 1e-10 || dny <= 1e-10 ? 1e-6 : Math.Sqrt(dny / dnf) * 0.01;
        h = Math.Min(h, _options.MaxStep);
        Span<double> stage = _stage.AsSpan(0, y.Length), f1 = _k2.AsSpan(0, y.Length);
        for (int i = 0; i < y.Length; i++)
        {
            stage[i] = y[i] + (h * f0[i]);
        }

        Field(t0 + h, stage, u, f1);
        evaluations++;
        double der2 = 0;
        for (int i = 0; i < y.Length; i++)
        {
            double scale = atol + (rtol * Math.Abs(y[i]));
            double d = (f1[i] - f0[i]) / scale;
            der2 += d * d;
        }

        der2 = Math.Sqrt(der2) / h;
        double der12 = Math.Max(Math.Abs(der2), Math.Sqrt(dnf));
        double h1 = der12 <= 1e-15 ? Math.Max(1e-6, h * 1e-3) : Math.Pow(0.01 / der12, 0.2);
        double result = Math.Min(Math.Min(100 * h, h1), _options.MaxStep);
        return double.IsFinite(result) && result > 0 ? result : 1e-6;
    }
}
