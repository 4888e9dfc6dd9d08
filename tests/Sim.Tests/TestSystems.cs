using Certus.Core.Systems;

namespace Certus.Sim.Tests;

/// <summary>A linear plant ẋ = A x + B v, v = (controls, disturbances); A and B row-major.</summary>
internal sealed class LinearPlant : IClosedLoopPlant
{
    private readonly double[] _a;
    private readonly double[] _b;

    public LinearPlant(int states, int controls, int disturbances, double[] a, double[] b)
    {
        StateCount = states;
        ControlCount = controls;
        DisturbanceCount = disturbances;
        _a = a;
        _b = b;
        int inputs = controls + disturbances;
        Field = (t, x, v, dx) =>
        {
            for (int i = 0; i < states; i++)
            {
                double s = 0;
                for (int j = 0; j < states; j++)
                {
                    s += _a[(i * states) + j] * x[j];
                }

                for (int j = 0; j < inputs; j++)
                {
                    s += _b[(i * inputs) + j] * v[j];
                }

                dx[i] = s;
            }
        };
    }

    public int StateCount { get; }

    public int ControlCount { get; }

    public int DisturbanceCount { get; }

    public VectorField Field { get; }

    public double[] A => _a;

    public double[] B => _b;

    /// <summary>The double integrator x1' = x2, x2' = u.</summary>
    public static LinearPlant DoubleIntegrator() => new(2, 1, 0, [0, 1, 0, 0], [0, 1]);
}

/// <summary>u = −K x + offset, K row-major (controls × states).</summary>
internal sealed class LinearFeedback(int states, int controls, double[] gain, double[]? offset = null) : IStateFeedback
{
    public int StateCount => states;

    public int ControlCount => controls;

    public double[] Gain => gain;

    public void Compute(double time, ReadOnlySpan<double> state, Span<double> control)
    {
        for (int i = 0; i < controls; i++)
        {
            double s = offset?[i] ?? 0;
            for (int j = 0; j < states; j++)
            {
                s -= gain[(i * states) + j] * state[j];
            }

            control[i] = s;
        }
    }
}

/// <summary>A plant with a hand-written field (any dimensions).</summary>
internal sealed class FieldPlant(int states, int controls, int disturbances, VectorField vectorField) : IClosedLoopPlant
{
    public int StateCount => states;

    public int ControlCount => controls;

    public int DisturbanceCount => disturbances;

    public VectorField Field => vectorField;
}

/// <summary>Dense matrices for the reference solutions: products and the exponential.</summary>
internal static class Matrix
{
    public static double[] Multiply(double[] a, double[] b, int rows, int inner, int cols)
    {
        var c = new double[rows * cols];
        for (int i = 0; i < rows; i++)
        {
            for (int k = 0; k < inner; k++)
            {
                double aik = a[(i * inner) + k];
                for (int j = 0; j < cols; j++)
                {
                    c[(i * cols) + j] += aik * b[(k * cols) + j];
                }
            }
        }

        return c;
    }

    public static double[] Apply(double[] a, ReadOnlySpan<double> x, int rows, int cols)
    {
        var y = new double[rows];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                y[i] += a[(i * cols) + j] * x[j];
            }
        }

        return y;
    }

    /// <summary>e^(A·t) by scaling and squaring with a 24-term Taylor series (accurate to a few ulps for small norms).</summary>
    public static double[] Exp(double[] a, int n, double t)
    {
        double norm = 0;
        for (int i = 0; i < n; i++)
        {
            double row = 0;
            for (int j = 0; j < n; j++)
            {
                row += Math.Abs(a[(i * n) + j] * t);
            }

            norm = Math.Max(norm, row);
        }

        int squarings = norm <= 0.5 ? 0 : (int)Math.Ceiling(Math.Log2(norm / 0.5));
        double scale = t / Math.Pow(2, squarings);
        var m = new double[n * n];
        for (int i = 0; i < m.Length; i++)
        {
            m[i] = a[i] * scale;
        }

        var result = Identity(n);
        var term = Identity(n);
        for (int k = 1; k <= 24; k++)
        {
            term = Multiply(term, m, n, n, n);
            for (int i = 0; i < term.Length; i++)
            {
                term[i] /= k;
                result[i] += term[i];
            }
        }

        for (int s = 0; s < squarings; s++)
        {
            result = Multiply(result, result, n, n, n);
        }

        return result;
    }

    public static double[] Identity(int n)
    {
        var m = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            m[(i * n) + i] = 1;
        }

        return m;
    }

    /// <summary>
    /// The exact zero-order-hold map over a time s of ẋ = A x + B u: x(s) = Ad x0 + Bd u, from the exponential
    /// of the augmented matrix [[A, B], [0, 0]].
    /// </summary>
    public static (double[] Ad, double[] Bd) Zoh(double[] a, double[] b, int n, int m, double s)
    {
        int size = n + m;
        var augmented = new double[size * size];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                augmented[(i * size) + j] = a[(i * n) + j];
            }

            for (int j = 0; j < m; j++)
            {
                augmented[(i * size) + n + j] = b[(i * m) + j];
            }
        }

        double[] e = Exp(augmented, size, s);
        var ad = new double[n * n];
        var bd = new double[n * m];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                ad[(i * n) + j] = e[(i * size) + j];
            }

            for (int j = 0; j < m; j++)
            {
                bd[(i * m) + j] = e[(i * size) + n + j];
            }
        }

        return (ad, bd);
    }
}

/// <summary>A discrete-time plant: <c>x⁺ = map(t, x, v)</c>, one step per period.</summary>
internal sealed class MapPlant(int states, int controls, int disturbances, VectorField map) : IClosedLoopPlant
{
    public int StateCount => states;

    public int ControlCount => controls;

    public int DisturbanceCount => disturbances;

    public VectorField Field => map;

    public bool IsDiscrete => true;
}
