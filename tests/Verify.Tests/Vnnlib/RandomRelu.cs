using System.Globalization;
using Certus.Core.Networks;
using Certus.Verify.Vnnlib;

namespace Certus.Verify.Tests.Vnnlib;

/// <summary>Random small ReLU networks and box properties for the verifier tests.</summary>
internal static class RandomRelu
{
    public static FeedForwardNetwork Network(int seed, int inputs, int width, int depth, int outputs = 2)
    {
        var random = new Random(seed);
        var layers = new List<DenseLayer>();
        int n = inputs;
        for (int l = 0; l <= depth; l++)
        {
            int m = l == depth ? outputs : width;
            double scale = 1.5 / Math.Sqrt(n);
            double[] w = [.. Enumerable.Range(0, n * m).Select(_ => ((random.NextDouble() * 2) - 1) * scale)];
            double[] b = [.. Enumerable.Range(0, m).Select(_ => (random.NextDouble() - 0.5) * 0.5)];
            layers.Add(new DenseLayer(n, m, w, b, l == depth ? Activation.Identity : Activation.Relu));
            n = m;
        }

        return new FeedForwardNetwork(layers, name: $"random-{seed}");
    }

    // The violation "Y_0 - Y_1 <= threshold" over [-1, 1]^inputs (threshold written round-trip, so it is exact).
    public static VnnlibProperty Property(int inputs, double threshold)
    {
        var text = new System.Text.StringBuilder();
        for (int i = 0; i < inputs; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"(declare-const X_{i} Real)\n");
        }

        text.Append("(declare-const Y_0 Real)\n(declare-const Y_1 Real)\n");
        for (int i = 0; i < inputs; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"(assert (>= X_{i} -1))\n(assert (<= X_{i} 1))\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"(assert (<= (- Y_0 Y_1) {threshold.ToString("R", CultureInfo.InvariantCulture)}))\n");
        return VnnlibReader.Parse(text.ToString(), "random.vnnlib");
    }

    // y0 − y1 on a regular grid of [-1, 1]^2 (points per side).
    public static double[] Grid2(FeedForwardNetwork net, int points)
    {
        var values = new double[points * points];
        for (int a = 0; a < points; a++)
        {
            for (int b = 0; b < points; b++)
            {
                double[] y = net.Evaluate([-1 + (2.0 * a / (points - 1)), -1 + (2.0 * b / (points - 1))]);
                values[(a * points) + b] = y[0] - y[1];
            }
        }

        return values;
    }
}
