using Certus.Core.Networks;

namespace Certus.Control.Distillation;

/// <summary>
/// How well a student imitates the teacher on some samples: the weighted MSE it is trained on (scaled outputs),
/// the mean and largest <c>|u_student − u_teacher|</c> per velocity component (in velocity units, after
/// <see cref="DistilledLayout.Control"/>), and the fraction of components where the teacher's control is not small
/// (<c>|u| ≥ 0.05 u_max</c>) whose sign the student gets right.
/// </summary>
/// <param name="WeightedMse">Σ w ‖out − target‖² / (2 Σ w).</param>
/// <param name="MeanAbsoluteError">Mean |u_s − u_t| over components.</param>
/// <param name="MaxAbsoluteError">Largest |u_s − u_t|.</param>
/// <param name="SignAgreement">Fraction of non-small teacher components with the same sign.</param>
/// <param name="Samples">Samples measured.</param>
public sealed record DistillationMetrics(double WeightedMse, double MeanAbsoluteError, double MaxAbsoluteError, double SignAgreement, int Samples)
{
    /// <summary>Measures a network on some of a dataset's samples (evaluated in double, as deployed).</summary>
    /// <param name="network">The student.</param>
    /// <param name="data">The dataset.</param>
    /// <param name="rows">The samples (null: all).</param>
    /// <returns>The errors.</returns>
    public static DistillationMetrics Measure(FeedForwardNetwork network, DistillationDataset data, IReadOnlyList<int>? rows = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        DistilledLayout layout = data.Layout;
        int d = layout.InputSize, count = rows?.Count ?? data.Count;
        double se = 0, sw = 0, abs = 0, max = 0;
        int signs = 0, agree = 0;
        Span<double> output = stackalloc double[2];
        Span<double> student = stackalloc double[2];
        Span<double> teacher = stackalloc double[2];
        for (int m = 0; m < count; m++)
        {
            int i = rows?[m] ?? m;
            network.Evaluate(data.Inputs.AsSpan(i * d, d), output);
            layout.Control(output, student);
            layout.Control(data.Targets.AsSpan(2 * i, 2), teacher);
            double w = data.Weights[i];
            for (int c = 0; c < 2; c++)
            {
                double e = output[c] - data.Targets[(2 * i) + c];
                se += w * e * e;
                double du = Math.Abs(student[c] - teacher[c]);
                abs += du;
                max = Math.Max(max, du);
                if (Math.Abs(data.Targets[(2 * i) + c]) >= 0.05)
                {
                    signs++;
                    agree += Math.Sign(student[c]) == Math.Sign(teacher[c]) ? 1 : 0;
                }
            }

            sw += w;
        }

        return new DistillationMetrics(count == 0 ? double.NaN : se / (2 * sw), count == 0 ? double.NaN : abs / (2 * count), max, signs == 0 ? double.NaN : (double)agree / signs, count);
    }
}
