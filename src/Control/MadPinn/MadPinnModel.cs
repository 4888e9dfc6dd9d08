using System.Globalization;

namespace Certus.Control.MadPinn;

/// <summary>
/// A trained MAD-PINN value function <c>V(τ, s, z)</c>: the sine network with its input and output normalisation,
/// evaluated in plain C# (values and input gradients, batched over points).
/// </summary>
/// <remarks>
/// Raw input <c>x = (τ, s, z)</c>; network input <c>x̂_k = (x_k − c_k)/h_k</c>; <c>V = a · N(x̂) + b</c>.
/// Chain rule: <c>∂V/∂x_k = a · ∂N/∂x̂_k / h_k</c>.
/// </remarks>
public sealed class MadPinnModel
{
    private readonly DenseLayer[] _layers;
    private readonly double[] _center;
    private readonly double[] _halfWidth;
    private readonly int _maxWidth;
    private readonly MadPinnBatchEvaluator _batch;

    /// <summary>Creates a model and checks that its parts fit together.</summary>
    /// <param name="problem">The problem it solves.</param>
    /// <param name="network">The architecture.</param>
    /// <param name="layers">The hidden layers then the 1-output layer.</param>
    /// <param name="inputCenter">c, one per input.</param>
    /// <param name="inputHalfWidth">h, one per input, positive.</param>
    /// <param name="outputScale">a, positive.</param>
    /// <param name="outputShift">b.</param>
    /// <param name="training">The training state stored with it.</param>
    /// <exception cref="ArgumentException">The parts do not fit.</exception>
    public MadPinnModel(MadPinnProblem problem, SineNetworkOptions network, IReadOnlyList<DenseLayer> layers, IReadOnlyList<double> inputCenter, IReadOnlyList<double> inputHalfWidth, double outputScale, double outputShift, MadPinnTrainingState training)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(inputCenter);
        ArgumentNullException.ThrowIfNull(inputHalfWidth);
        ArgumentNullException.ThrowIfNull(training);
        problem.Validate();
        network.Validate();
        int d = problem.InputDimension;
        if (layers.Count != network.HiddenLayers + 1)
        {
            throw new ArgumentException($"The network has {network.HiddenLayers} hidden layers, so {network.HiddenLayers + 1} layers; got {layers.Count}.", nameof(layers));
        }

        int width = d;
        for (int l = 0; l < layers.Count; l++)
        {
            int outputs = l == layers.Count - 1 ? 1 : network.Width;
            if (layers[l].Inputs != width || layers[l].Outputs != outputs)
            {
                throw new ArgumentException($"Layer {l} is {layers[l].Outputs} x {layers[l].Inputs}; expected {outputs} x {width}.", nameof(layers));
            }

            width = outputs;
        }

        if (inputCenter.Count != d || inputHalfWidth.Count != d)
        {
            throw new ArgumentException($"The normalisation has {inputCenter.Count} centres and {inputHalfWidth.Count} half-widths; the problem has {d} inputs.", nameof(inputCenter));
        }

        if (inputCenter.Any(v => !double.IsFinite(v)) || inputHalfWidth.Any(v => !(v > 0) || !double.IsFinite(v)) || !(outputScale > 0) || !double.IsFinite(outputScale) || !double.IsFinite(outputShift))
        {
            throw new ArgumentException("The normalisation needs finite centres and shift, and positive finite half-widths and scale.", nameof(inputHalfWidth));
        }

        Problem = problem;
        Network = network;
        _layers = [.. layers];
        _center = [.. inputCenter];
        _halfWidth = [.. inputHalfWidth];
        OutputScale = outputScale;
        OutputShift = outputShift;
        Training = training;
        _maxWidth = Math.Max(d, network.Width);
        _batch = new MadPinnBatchEvaluator(this);
    }

    /// <summary>The problem.</summary>
    public MadPinnProblem Problem { get; }

    /// <summary>The architecture.</summary>
    public SineNetworkOptions Network { get; }

    /// <summary>The layers, hidden then output.</summary>
    public IReadOnlyList<DenseLayer> Layers => _layers;

    /// <summary>The input centres c.</summary>
    public IReadOnlyList<double> InputCenter => _center;

    /// <summary>The input half-widths h.</summary>
    public IReadOnlyList<double> InputHalfWidth => _halfWidth;

    /// <summary>The output scale a.</summary>
    public double OutputScale { get; }

    /// <summary>The output shift b.</summary>
    public double OutputShift { get; }

    /// <summary>The training state.</summary>
    public MadPinnTrainingState Training { get; }

    /// <summary>The number of trainable numbers.</summary>
    public int ParameterCount => _layers.Sum(l => l.Weights.Length + l.Bias.Length);

    /// <summary>A copy with another training state.</summary>
    /// <param name="training">The state.</param>
    /// <returns>The copy.</returns>
    public MadPinnModel WithTraining(MadPinnTrainingState training) =>
        new(Problem, Network, _layers, _center, _halfWidth, OutputScale, OutputShift, training);

    /// <summary>Evaluates V at one input.</summary>
    /// <param name="input">(τ, s, z).</param>
    /// <returns>V.</returns>
    public double Value(ReadOnlySpan<double> input)
    {
        Span<double> v = stackalloc double[1];
        Evaluate(input, v, []);
        return v[0];
    }

    /// <summary>Evaluates V (and, if <paramref name="gradients"/> is not empty, ∂V/∂input) at a batch of inputs.</summary>
    /// <param name="inputs">Points, <see cref="MadPinnProblem.InputDimension"/> numbers each, concatenated.</param>
    /// <param name="values">Receives one value per point.</param>
    /// <param name="gradients">Empty, or receives the gradient of each point (same layout as the inputs).</param>
    /// <exception cref="ArgumentException">The lengths do not match.</exception>
    public void Evaluate(ReadOnlySpan<double> inputs, Span<double> values, Span<double> gradients)
    {
        int d = Problem.InputDimension;
        if (inputs.Length != values.Length * d || (gradients.Length != 0 && gradients.Length != inputs.Length))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{values.Length} points of {d} inputs need {values.Length * d} numbers (and as many gradient entries, or none); got {inputs.Length} and {gradients.Length}."), nameof(inputs));
        }

        int hidden = _layers.Length - 1;
        double[] buffer = new double[(hidden + 1) * _maxWidth * 2];
        for (int p = 0; p < values.Length; p++)
        {
            values[p] = EvaluateOne(inputs.Slice(p * d, d), gradients.Length == 0 ? [] : gradients.Slice(p * d, d), buffer);
        }
    }

    /// <summary>
    /// The same function as <see cref="Evaluate"/>, for large batches: points in tiles through register-blocked,
    /// vectorized matrix products (see <c>MadPinnBatchEvaluator</c>). <see cref="MadPinnArithmetic.Exact"/> (the
    /// default) gives <see cref="Evaluate"/>'s values and gradients bit for bit; <see cref="MadPinnArithmetic.Fast"/>
    /// uses fused multiply-adds and a vectorized sine and agrees to about 1e-13. Either way each point's result
    /// depends only on that point. One thread; <see cref="EvaluateBatchParallel"/> splits a batch over cores.
    /// </summary>
    /// <param name="inputs">Points, <see cref="MadPinnProblem.InputDimension"/> numbers each, concatenated.</param>
    /// <param name="values">Receives one value per point.</param>
    /// <param name="gradients">Empty, or receives the gradient of each point (same layout as the inputs).</param>
    /// <param name="arithmetic">Exact (default) or fast.</param>
    /// <exception cref="ArgumentException">The lengths do not match.</exception>
    public void EvaluateBatch(ReadOnlySpan<double> inputs, Span<double> values, Span<double> gradients, MadPinnArithmetic arithmetic = MadPinnArithmetic.Exact)
    {
        CheckLengths(inputs.Length, values.Length, gradients.Length);
        _batch.Evaluate(inputs, values, gradients, arithmetic == MadPinnArithmetic.Fast);
    }

    /// <summary>Like <see cref="EvaluateBatch"/>, split over cores in chunks of whole tiles (results do not depend on the split).</summary>
    /// <param name="inputs">Points, concatenated; only the first <paramref name="count"/> are read.</param>
    /// <param name="values">One value per point (the first <paramref name="count"/> are written).</param>
    /// <param name="gradients">Null, or the gradients (same layout as the inputs).</param>
    /// <param name="count">Points to evaluate.</param>
    /// <param name="maxDegreeOfParallelism">Cores to use; 0 or less for all.</param>
    /// <param name="arithmetic">Exact (default) or fast.</param>
    /// <exception cref="ArgumentException">The arrays are shorter than <paramref name="count"/> points need.</exception>
    public void EvaluateBatchParallel(double[] inputs, double[] values, double[]? gradients, int count, int maxDegreeOfParallelism = 0, MadPinnArithmetic arithmetic = MadPinnArithmetic.Exact)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(values);
        int d = Problem.InputDimension;
        if (count < 0 || inputs.Length < count * d || values.Length < count || (gradients is not null && gradients.Length < count * d))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{count} points of {d} inputs need {count * d} inputs, {count} values and as many gradient entries (or none); got {inputs.Length}, {values.Length} and {gradients?.Length}."), nameof(count));
        }

        bool fast = arithmetic == MadPinnArithmetic.Fast;
        int cores = maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : Environment.ProcessorCount;
        int tile = MadPinnBatchEvaluator.Tile, tiles = (count + tile - 1) / tile;

        // About four chunks per core (some balance on a shared machine), whole tiles each.
        int chunkTiles = Math.Max(1, (tiles + (4 * cores) - 1) / (4 * cores)), chunks = (tiles + chunkTiles - 1) / chunkTiles;
        if (cores == 1 || chunks == 1)
        {
            _batch.Evaluate(inputs.AsSpan(0, count * d), values.AsSpan(0, count), gradients is null ? [] : gradients.AsSpan(0, count * d), fast);
            return;
        }

        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = cores }, c =>
        {
            int start = c * chunkTiles * tile, rows = Math.Min(count, start + (chunkTiles * tile)) - start;
            _batch.Evaluate(inputs.AsSpan(start * d, rows * d), values.AsSpan(start, rows), gradients is null ? [] : gradients.AsSpan(start * d, rows * d), fast);
        });
    }

    private void CheckLengths(int inputs, int values, int gradients)
    {
        int d = Problem.InputDimension;
        if (inputs != values * d || (gradients != 0 && gradients != inputs))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{values} points of {d} inputs need {values * d} numbers (and as many gradient entries, or none); got {inputs} and {gradients}."), nameof(inputs));
        }
    }

    /// <summary>Like <see cref="Evaluate"/>, split over cores in chunks of points (results do not depend on the split).</summary>
    /// <param name="inputs">Points, concatenated.</param>
    /// <param name="values">One value per point.</param>
    /// <param name="gradients">Null, or the gradients (same layout as the inputs).</param>
    /// <param name="maxDegreeOfParallelism">Cores to use; 0 or less for all.</param>
    public void EvaluateParallel(double[] inputs, double[] values, double[]? gradients, int maxDegreeOfParallelism = 0)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(values);
        int d = Problem.InputDimension;
        const int Chunk = 64;
        int n = values.Length;
        if (n <= Chunk || maxDegreeOfParallelism == 1)
        {
            Evaluate(inputs, values, gradients);
            return;
        }

        var options = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : Environment.ProcessorCount };
        Parallel.For(0, (n + Chunk - 1) / Chunk, options, c =>
        {
            int start = c * Chunk, count = Math.Min(n, start + Chunk) - start;
            Evaluate(inputs.AsSpan(start * d, count * d), values.AsSpan(start, count), gradients is null ? [] : gradients.AsSpan(start * d, count * d));
        });
    }

    private double EvaluateOne(ReadOnlySpan<double> x, Span<double> gradient, double[] buffer)
    {
        int hidden = _layers.Length - 1;
        int w = _maxWidth;
        double omega = Network.Omega0;

        // Forward: buffer holds, per hidden layer l, the pre-activations ω(Wh + b) at [2lw, 2lw + w) and sin of them at [2lw + w, 2lw + 2w).
        Span<double> input = stackalloc double[x.Length];
        for (int k = 0; k < x.Length; k++)
        {
            input[k] = (x[k] - _center[k]) / _halfWidth[k];
        }

        ReadOnlySpan<double> h = input;
        for (int l = 0; l < hidden; l++)
        {
            DenseLayer layer = _layers[l];
            Span<double> pre = buffer.AsSpan(2 * l * w, layer.Outputs);
            Span<double> post = buffer.AsSpan((2 * l * w) + w, layer.Outputs);
            ReadOnlySpan<double> wts = layer.Weights, b = layer.Bias;
            int n = layer.Inputs;
            for (int o = 0; o < layer.Outputs; o++)
            {
                double a = b[o] + Dot(wts.Slice(o * n, n), h);
                pre[o] = omega * a;
                post[o] = Math.Sin(omega * a);
            }

            h = post;
        }

        DenseLayer last = _layers[hidden];
        double y = last.Bias[0] + Dot(last.Weights, h);
        if (gradient.Length == 0)
        {
            return (OutputScale * y) + OutputShift;
        }

        // Backward: δ over the last hidden activations, then through each sine layer.
        Span<double> delta = stackalloc double[w];
        Span<double> next = stackalloc double[w];
        last.Weights.CopyTo(delta);
        for (int l = hidden - 1; l >= 0; l--)
        {
            DenseLayer layer = _layers[l];
            ReadOnlySpan<double> pre = buffer.AsSpan(2 * l * w, layer.Outputs);
            int n = layer.Inputs;
            next[..n].Clear();
            ReadOnlySpan<double> wts = layer.Weights;
            for (int o = 0; o < layer.Outputs; o++)
            {
                double da = delta[o] * omega * Math.Cos(pre[o]);
                if (da != 0)
                {
                    Axpy(da, wts.Slice(o * n, n), next[..n]);
                }
            }

            next[..n].CopyTo(delta);
        }

        for (int k = 0; k < x.Length; k++)
        {
            gradient[k] = OutputScale * delta[k] / _halfWidth[k];
        }

        return (OutputScale * y) + OutputShift;
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int n = a.Length, k = 0;
        double sum = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated && n >= System.Numerics.Vector<double>.Count)
        {
            var acc = System.Numerics.Vector<double>.Zero;
            int step = System.Numerics.Vector<double>.Count;
            for (; k <= n - step; k += step)
            {
                acc += new System.Numerics.Vector<double>(a.Slice(k, step)) * new System.Numerics.Vector<double>(b.Slice(k, step));
            }

            sum = System.Numerics.Vector.Sum(acc);
        }

        for (; k < n; k++)
        {
            sum += a[k] * b[k];
        }

        return sum;
    }

    private static void Axpy(double alpha, ReadOnlySpan<double> x, Span<double> y)
    {
        int n = x.Length, k = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated && n >= System.Numerics.Vector<double>.Count)
        {
            int step = System.Numerics.Vector<double>.Count;
            var va = new System.Numerics.Vector<double>(alpha);
            for (; k <= n - step; k += step)
            {
                (new System.Numerics.Vector<double>(y.Slice(k, step)) + (va * new System.Numerics.Vector<double>(x.Slice(k, step)))).CopyTo(y.Slice(k, step));
            }
        }

        for (; k < n; k++)
        {
            y[k] += alpha * x[k];
        }
    }
}
