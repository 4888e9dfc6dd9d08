namespace Certus.Control.MadPinn;

/// <summary>One affine layer <c>y = W x + b</c> of a MAD-PINN network, W stored row-major (output by input).</summary>
public sealed class DenseLayer
{
    private readonly double[] _weights;
    private readonly double[] _bias;

    /// <summary>Creates a layer; the arrays are copied.</summary>
    /// <param name="inputs">The input width (positive).</param>
    /// <param name="outputs">The output width (positive).</param>
    /// <param name="weights">W, <c>outputs × inputs</c> numbers, row-major; all finite.</param>
    /// <param name="bias">b, <c>outputs</c> numbers; all finite.</param>
    /// <exception cref="ArgumentException">The sizes do not match or a number is not finite.</exception>
    public DenseLayer(int inputs, int outputs, ReadOnlySpan<double> weights, ReadOnlySpan<double> bias)
    {
        if (inputs < 1 || outputs < 1 || weights.Length != inputs * outputs || bias.Length != outputs)
        {
            throw new ArgumentException($"A {outputs} x {inputs} layer needs {inputs * outputs} weights and {outputs} biases, got {weights.Length} and {bias.Length}.", nameof(weights));
        }

        foreach (double w in weights)
        {
            if (!double.IsFinite(w))
            {
                throw new ArgumentException("A weight is not finite.", nameof(weights));
            }
        }

        foreach (double w in bias)
        {
            if (!double.IsFinite(w))
            {
                throw new ArgumentException("A bias is not finite.", nameof(bias));
            }
        }

        Inputs = inputs;
        Outputs = outputs;
        _weights = weights.ToArray();
        _bias = bias.ToArray();
    }

    /// <summary>The input width.</summary>
    public int Inputs { get; }

    /// <summary>The output width.</summary>
    public int Outputs { get; }

    /// <summary>W, row-major.</summary>
    public ReadOnlySpan<double> Weights => _weights;

    /// <summary>b.</summary>
    public ReadOnlySpan<double> Bias => _bias;
}
