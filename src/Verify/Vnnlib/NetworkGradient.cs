using Certus.Core.Networks;

namespace Certus.Verify.Vnnlib;

/// <summary>
/// Plain double evaluation of a network with the gradient of a linear function of its outputs (for the attack; not
/// sound and not meant to be: every candidate the attack finds is re-checked before it is reported).
/// </summary>
internal sealed class NetworkGradient
{
    private readonly FeedForwardNetwork _net;
    private readonly double[][] _z;
    private readonly double[][] _h;
    private readonly double[] _x;

    public NetworkGradient(FeedForwardNetwork network)
    {
        _net = network;
        _x = new double[network.InputSize];
        _z = [.. network.Layers.Select(l => new double[l.OutputSize])];
        _h = [.. network.Layers.Select(l => new double[l.OutputSize])];
    }

    /// <summary>Evaluates the network and keeps the intermediate values for <see cref="Gradient"/>.</summary>
    /// <param name="input">The input.</param>
    /// <param name="output">The output, written.</param>
    public void Forward(ReadOnlySpan<double> input, Span<double> output)
    {
        for (int i = 0; i < _x.Length; i++)
        {
            _x[i] = (input[i] - _net.InputOffset[i]) * _net.InputScale[i];
        }

        ReadOnlySpan<double> current = _x;
        for (int l = 0; l < _net.Layers.Count; l++)
        {
            DenseLayer layer = _net.Layers[l];
            ReadOnlySpan<double> w = layer.Weights;
            ReadOnlySpan<double> b = layer.Bias;
            int n = layer.InputSize;
            for (int r = 0; r < layer.OutputSize; r++)
            {
                double s = b[r];
                ReadOnlySpan<double> row = w.Slice(r * n, n);
                for (int c = 0; c < n; c++)
                {
                    s += row[c] * current[c];
                }

                _z[l][r] = s;
                _h[l][r] = DenseLayer.Apply(layer.Activation, s, layer.LeakySlope);
            }

            current = _h[l];
        }

        for (int j = 0; j < output.Length; j++)
        {
            output[j] = (current[j] * _net.OutputScale[j]) + _net.OutputOffset[j];
        }
    }

    /// <summary>The gradient of <c>Σ_j c_j y_j</c> at the input of the last <see cref="Forward"/>.</summary>
    /// <param name="c">One weight per output.</param>
    /// <param name="gradient">The gradient with respect to the input, written.</param>
    public void Gradient(ReadOnlySpan<double> c, Span<double> gradient)
    {
        double[] g = new double[_net.OutputSize];
        for (int j = 0; j < g.Length; j++)
        {
            g[j] = c[j] * _net.OutputScale[j];
        }

        for (int l = _net.Layers.Count - 1; l >= 0; l--)
        {
            DenseLayer layer = _net.Layers[l];
            int n = layer.InputSize;
            var previous = new double[n];
            ReadOnlySpan<double> w = layer.Weights;
            for (int r = 0; r < layer.OutputSize; r++)
            {
                double gz = g[r] * Derivative(layer, _z[l][r], _h[l][r]);
                if (gz == 0)
                {
                    continue;
                }

                ReadOnlySpan<double> row = w.Slice(r * n, n);
                for (int k = 0; k < n; k++)
                {
                    previous[k] += gz * row[k];
                }
            }

            g = previous;
        }

        for (int i = 0; i < gradient.Length; i++)
        {
            gradient[i] = g[i] * _net.InputScale[i];
        }
    }

    private static double Derivative(DenseLayer layer, double z, double h) => layer.Activation switch
    {
        Activation.Identity => 1,
        Activation.Relu => z > 0 ? 1 : 0,
        Activation.LeakyRelu => z >= 0 ? 1 : layer.LeakySlope,
        Activation.Tanh => 1 - (h * h),
        Activation.Sigmoid => h * (1 - h),
        _ => 0,
    };
}
