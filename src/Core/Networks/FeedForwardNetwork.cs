namespace Certus.Core.Networks;

/// <summary>
/// A feed-forward network of dense layers with optional input normalisation and output scaling:
/// <c>x' = (x − InputOffset) ⊙ InputScale</c>, then the layers, then <c>y = y' ⊙ OutputScale + OutputOffset</c>.
/// </summary>
/// <remarks>Immutable. The weights are the network exactly as read from its file; nothing is rounded.
/// Evaluation on doubles is for simulation; sound bounds live in Certus.Reach.</remarks>
public sealed class FeedForwardNetwork
{
    private readonly DenseLayer[] _layers;
    private readonly double[] _inputOffset;
    private readonly double[] _inputScale;
    private readonly double[] _outputOffset;
    private readonly double[] _outputScale;
    private readonly int _maxWidth;

    /// <summary>Creates a network and checks that consecutive layers fit.</summary>
    /// <param name="layers">At least one layer; the input size of each equals the output size of the one before.</param>
    /// <param name="inputOffset">Subtracted from the inputs (default zeros).</param>
    /// <param name="inputScale">Multiplies the shifted inputs (default ones); finite.</param>
    /// <param name="outputOffset">Added to the scaled outputs (default zeros).</param>
    /// <param name="outputScale">Multiplies the raw outputs (default ones); finite.</param>
    /// <param name="name">A name for messages, such as the file it came from.</param>
    /// <exception cref="ArgumentException">Layers do not fit together, or a normalisation vector has the wrong length or a non-finite entry.</exception>
    public FeedForwardNetwork(
        IEnumerable<DenseLayer> layers,
        IReadOnlyList<double>? inputOffset = null,
        IReadOnlyList<double>? inputScale = null,
        IReadOnlyList<double>? outputOffset = null,
        IReadOnlyList<double>? outputScale = null,
        string name = "network")
    {
        ArgumentNullException.ThrowIfNull(layers);
        _layers = [.. layers];
        Name = name;
        if (_layers.Length == 0)
        {
            throw new ArgumentException($"{name}: a network needs at least one layer.", nameof(layers));
        }

        for (int i = 1; i < _layers.Length; i++)
        {
            if (_layers[i].InputSize != _layers[i - 1].OutputSize)
            {
                throw new ArgumentException(
                    $"{name}: layer {i + 1} takes {_layers[i].InputSize} inputs but layer {i} gives {_layers[i - 1].OutputSize} outputs.", nameof(layers));
            }
        }

        _inputOffset = Vector(inputOffset, InputSize, 0, "input offset");
        _inputScale = Vector(inputScale, InputSize, 1, "input scale");
        _outputOffset = Vector(outputOffset, OutputSize, 0, "output offset");
        _outputScale = Vector(outputScale, OutputSize, 1, "output scale");
        _maxWidth = Math.Max(InputSize, _layers.Max(l => l.OutputSize));
    }

    private double[] Vector(IReadOnlyList<double>? values, int size, double fill, string what)
    {
        if (values is null)
        {
            return Enumerable.Repeat(fill, size).ToArray();
        }

        if (values.Count != size)
        {
            throw new ArgumentException($"{Name}: the {what} has {values.Count} entries, the network needs {size}.");
        }

        for (int i = 0; i < size; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ArgumentException($"{Name}: entry {i + 1} of the {what} is {values[i]}; it must be finite.");
            }
        }

        return [.. values];
    }

    /// <summary>A name for messages (usually the file it was read from).</summary>
    public string Name { get; }

    /// <summary>The layers, first to last.</summary>
    public IReadOnlyList<DenseLayer> Layers => _layers;

    /// <summary>Number of inputs.</summary>
    public int InputSize => _layers[0].InputSize;

    /// <summary>Number of outputs.</summary>
    public int OutputSize => _layers[^1].OutputSize;

    /// <summary>Subtracted from each input before the first layer.</summary>
    public IReadOnlyList<double> InputOffset => _inputOffset;

    /// <summary>Multiplies each shifted input.</summary>
    public IReadOnlyList<double> InputScale => _inputScale;

    /// <summary>Added to each scaled output.</summary>
    public IReadOnlyList<double> OutputOffset => _outputOffset;

    /// <summary>Multiplies each raw output.</summary>
    public IReadOnlyList<double> OutputScale => _outputScale;

    /// <summary>Whether any input or output normalisation differs from the identity.</summary>
    public bool HasNormalization =>
        _inputOffset.Any(v => v != 0) || _inputScale.Any(v => v != 1) || _outputOffset.Any(v => v != 0) || _outputScale.Any(v => v != 1);

    /// <summary>The widest layer (or input), the scratch size that evaluation needs.</summary>
    public int MaxWidth => _maxWidth;

    /// <summary>A short description such as <c>2 → 20 relu → 20 relu → 1 identity</c>.</summary>
    /// <returns>The architecture.</returns>
    public override string ToString() =>
        $"{InputSize} → " + string.Join(" → ", _layers.Select(l => $"{l.OutputSize} {l.Activation.ToString().ToLowerInvariant()}"));

    /// <summary>Evaluates the network on one input.</summary>
    /// <param name="input"><see cref="InputSize"/> values.</param>
    /// <param name="output"><see cref="OutputSize"/> values, written.</param>
    public void Evaluate(ReadOnlySpan<double> input, Span<double> output)
    {
        if (input.Length != InputSize || output.Length != OutputSize)
        {
            throw new ArgumentException($"{Name}: expected {InputSize} inputs and {OutputSize} outputs, got {input.Length} and {output.Length}.");
        }

        Span<double> a = _maxWidth <= 512 ? stackalloc double[_maxWidth] : new double[_maxWidth];
        Span<double> b = _maxWidth <= 512 ? stackalloc double[_maxWidth] : new double[_maxWidth];
        EvaluateCore(input, output, a, b);
    }

    /// <summary>Evaluates the network on one input (allocating the result).</summary>
    /// <param name="input"><see cref="InputSize"/> values.</param>
    /// <returns>The <see cref="OutputSize"/> outputs.</returns>
    public double[] Evaluate(ReadOnlySpan<double> input)
    {
        var output = new double[OutputSize];
        Evaluate(input, output);
        return output;
    }

    /// <summary>Evaluates the network on many inputs stored row by row.</summary>
    /// <param name="inputs"><c>count * InputSize</c> values, one input per row.</param>
    /// <param name="outputs"><c>count * OutputSize</c> values, written row by row.</param>
    public void EvaluateBatch(ReadOnlySpan<double> inputs, Span<double> outputs)
    {
        if (inputs.Length % InputSize != 0 || inputs.Length / InputSize * OutputSize != outputs.Length)
        {
            throw new ArgumentException($"{Name}: a batch needs a multiple of {InputSize} inputs and the matching {OutputSize} outputs per row.");
        }

        var a = new double[_maxWidth];
        var b = new double[_maxWidth];
        int count = inputs.Length / InputSize;
        for (int i = 0; i < count; i++)
        {
            EvaluateCore(inputs.Slice(i * InputSize, InputSize), outputs.Slice(i * OutputSize, OutputSize), a, b);
        }
    }

    private void EvaluateCore(ReadOnlySpan<double> input, Span<double> output, Span<double> a, Span<double> b)
    {
        Span<double> current = a[..InputSize];
        for (int i = 0; i < InputSize; i++)
        {
            current[i] = (input[i] - _inputOffset[i]) * _inputScale[i];
        }

        bool inA = true;
        foreach (DenseLayer layer in _layers)
        {
            Span<double> target = (inA ? b : a)[..layer.OutputSize];
            layer.Evaluate(current, target);
            current = target;
            inA = !inA;
        }

        for (int i = 0; i < OutputSize; i++)
        {
            output[i] = (current[i] * _outputScale[i]) + _outputOffset[i];
        }
    }
}
