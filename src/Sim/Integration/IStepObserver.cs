namespace Certus.Sim.Integration;

/// <summary>Receives every accepted step together with the data of its continuous extension.</summary>
internal interface IStepObserver
{
    /// <summary>One accepted step from <paramref name="start"/> to <paramref name="end"/>.</summary>
    /// <param name="start">Step start time.</param>
    /// <param name="end">Step end time.</param>
    /// <param name="endState">The state at <paramref name="end"/>.</param>
    /// <param name="dense">Method-specific interpolation data (<see cref="DenseKind"/>).</param>
    void OnAccepted(double start, double end, ReadOnlySpan<double> endState, ReadOnlySpan<double> dense);
}

/// <summary>How the dense data of a step is laid out and evaluated.</summary>
internal enum DenseKind
{
    /// <summary>Blocks y0, y1, f0, f1: cubic Hermite interpolation (third order).</summary>
    Hermite,

    /// <summary>Blocks r1..r5 of Hairer's DOPRI5 continuous extension (fourth order).</summary>
    DormandPrince,
}

/// <summary>Evaluation of the dense data of one step.</summary>
internal static class DenseOutput
{
    /// <summary>Number of state-sized blocks per step for a kind.</summary>
    public static int Blocks(DenseKind kind) => kind == DenseKind.Hermite ? 4 : 5;

    /// <summary>Evaluates the interpolant at fraction <paramref name="theta"/> of the step.</summary>
    public static void Evaluate(DenseKind kind, ReadOnlySpan<double> dense, double h, double theta, Span<double> result)
    {
        int n = result.Length;
        if (kind == DenseKind.DormandPrince)
        {
            ReadOnlySpan<double> r1 = dense[..n], r2 = dense.Slice(n, n), r3 = dense.Slice(2 * n, n), r4 = dense.Slice(3 * n, n), r5 = dense.Slice(4 * n, n);
            double theta1 = 1 - theta;
            for (int i = 0; i < n; i++)
            {
                result[i] = r1[i] + (theta * (r2[i] + (theta1 * (r3[i] + (theta * (r4[i] + (theta1 * r5[i])))))));
            }
        }
        else
        {
            ReadOnlySpan<double> y0 = dense[..n], y1 = dense.Slice(n, n), f0 = dense.Slice(2 * n, n), f1 = dense.Slice(3 * n, n);
            double t2 = theta * theta, t3 = t2 * theta;
            double h00 = (2 * t3) - (3 * t2) + 1, h10 = t3 - (2 * t2) + theta, h01 = (-2 * t3) + (3 * t2), h11 = t3 - t2;
            for (int i = 0; i < n; i++)
            {
                result[i] = (h00 * y0[i]) + (h10 * h * f0[i]) + (h01 * y1[i]) + (h11 * h * f1[i]);
            }
        }
    }
}
