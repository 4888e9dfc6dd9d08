namespace Certus.Core.Networks;

/// <summary>
/// One affine map followed by an elementwise activation: <c>y = f(W x + b)</c>, with <c>W</c> stored row-major
/// (<see cref="OutputSize"/> rows of <see cref="InputSize"/> weights).
/// </summary>
public sealed class DenseLayer
{
    private readonly double[] _weights;
    private readonly double[] _bias;

    /// <summary>Creates a layer; the arrays are copied and checked.</summary>
    /// <param name="inputSize">Number of inputs (columns of W), at least 1.</param>
    /// <param name="outputSize">Number of outputs (rows of W), at least 1.</param>
    /// <param name="weights">Row-major weights, <c>outputSize * inputSize</c> finite numbers.</param>
    /// <param name="bias"><paramref name="outputSize"/> finite numbers.</param>
    /// <param name="activation">The activation applied after the affine map.</param>
    /// <param name="leakySlope">The negative-side slope of <see cref="Activation.LeakyRelu"/>, in [0, 1]; ignored otherwise.</param>
    /// <exception cref="ArgumentException">A size does not match, or a weight or bias is NaN or infinite (the message gives its row and column).</exception>
    public DenseLayer(int inputSize, int outputSize, ReadOnlySpan<double> weights, ReadOnlySpan<double> bias, Activation activation, double leakySlope = 0.01)
    {
        if (inputSize < 1 || outputSize < 1)
        {
            throw new ArgumentException($"A layer needs at least one input and one output, got {inputSize} x {outputSize}.");
        }

        if (weights.Length != inputSize * outputSize)
        {
            throw new ArgumentException($"A {outputSize} x {inputSize} layer needs {inputSize * outputSize} weights, got {weights.Length}.", nameof(weights));
        }

        if (bias.Length != outputSize)
        {
            throw new ArgumentException($"A layer with {outputSize} outputs needs {outputSize} biases, got {bias.Length}.", nameof(bias));
        }

        for (int i = 0; i < weights.Length; i++)
        {
            if (!double.IsFinite(weights[i]))
            {
                throw new ArgumentException($"Weight at row {(i / inputSize) + 1}, column {(i % inputSize) + 1} is {weights[i]}; weights must be finite.", nameof(weights));
            }
        }

        for (int i = 0; i < bias.Length; i++)
        {
            if (!double.IsFinite(bias[i]))
            {
                throw new ArgumentException($"Bias {i + 1} is {bias[i]}; biases must be finite.", nameof(bias));
            }
        }

        if (activation == Activation.LeakyRelu && !(leakySlope >= 0 && leakySlope <= 1))
        {
            throw new ArgumentException($"The leaky ReLU slope must lie in [0, 1], got {leakySlope}.", nameof(leakySlope));
        }

        if (!Enum.IsDefined(activation))
        {
            throw new ArgumentException($"Unknown activation {activation}.", nameof(activation));
        }

        InputSize = inputSize;
        OutputSize = outputSize;
        _weights = weights.ToArray();
        _bias = bias.ToArray();
        Activation = activation;
        LeakySlope = activation == Activation.LeakyRelu ? leakySlope : 0;
    }

    /// <summary>Number of inputs.</summary>
    public int InputSize { get; }

    /// <summary>Number of outputs.</summary>
    public int OutputSize { get; }

    /// <summary>The activation.</summary>
    public Activation Activation { get; }

    /// <summary>The negative-side slope for <see cref="Activation.LeakyRelu"/> (0 for other activations).</summary>
    public double LeakySlope { get; }

    /// <summary>Row-major weights (read-only view).</summary>
    public ReadOnlySpan<double> Weights => _weights;

    /// <summary>Biases (read-only view).</summary>
    public ReadOnlySpan<double> Bias => _bias;

    /// <summary>The weight of input <paramref name="column"/> in output <paramref name="row"/> (0-based).</summary>
    /// <param name="row">Output index.</param>
    /// <param name="column">Input index.</param>
    /// <returns>The weight.</returns>
    public double Weight(int row, int column) => _weights[(row * InputSize) + column];

    /// <summary>Evaluates the layer on doubles.</summary>
    /// <param name="input"><see cref="InputSize"/> values.</param>
    /// <param name="output"><see cref="OutputSize"/> values, written.</param>
    public void Evaluate(ReadOnlySpan<double> input, Span<double> output)
    {
        ReadOnlySpan<double> w = _weights;
        int n = InputSize;
        for (int r = 0; r < OutputSize; r++)
        {
            ReadOnlySpan<double> row = w.Slice(r * n, n);
            double s = _bias[r];
            for (int c = 0; c < n; c++)
            {
                s += row[c] * input[c];
            }

            output[r] = Apply(Activation, s, LeakySlope);
        }
    }

    /// <summary>The activation function on one double.</summary>
    /// <param name="activation">Which activation.</param>
    /// <param name="x">The pre-activation value.</param>
    /// <param name="leakySlope">The slope for leaky ReLU.</param>
    /// <returns>f(x).</returns>
    public static double Apply(Activation activation, double x, double leakySlope = 0) => activation switch
    {
        Activation.Identity => x,
        Activation.Relu => x > 0 ? x : 0,
        Activation.Tanh => Math.Tanh(x),
        Activation.Sigmoid => 1 / (1 + Math.Exp(-x)),
        Activation.LeakyRelu => x >= 0 ? x : leakySlope * x,
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation."),
    };
}
