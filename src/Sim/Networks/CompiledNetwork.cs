using System.Numerics;
using System.Runtime.InteropServices;
using Certus.Core.Networks;

namespace Certus.Sim.Networks;

/// <summary>
/// A <see cref="FeedForwardNetwork"/> laid out for fast evaluation on doubles in simulation loops: weights packed
/// in SIMD blocks of outputs, no allocation, no per-neuron dispatch. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// Every output is computed with the same operations in the same order as <see cref="FeedForwardNetwork.Evaluate(ReadOnlySpan{double}, Span{double})"/>
/// (bias first, then the products of inputs 1, 2, … added one by one, then the activation, with normalisation as
/// there), so the results are bitwise equal; only several outputs are computed at once. Use it where the network is
/// evaluated millions of times (closed-loop ensembles, falsification).
/// </remarks>
public sealed class CompiledNetwork
{
    private readonly Layer[] _layers;
    private readonly double[] _inputOffset;
    private readonly double[] _inputScale;
    private readonly double[] _outputOffset;
    private readonly double[] _outputScale;
    private readonly bool _normalizes;
    private readonly int _scratchBlocks;

    /// <summary>Packs a network.</summary>
    /// <param name="network">The network (read once; later changes are impossible, it is immutable).</param>
    public CompiledNetwork(FeedForwardNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        Network = network;
        _layers = [.. network.Layers.Select(l => new Layer(l))];
        _inputOffset = [.. network.InputOffset];
        _inputScale = [.. network.InputScale];
        _outputOffset = [.. network.OutputOffset];
        _outputScale = [.. network.OutputScale];
        _normalizes = network.HasNormalization;
        int widest = Math.Max(network.InputSize, network.Layers.Max(l => l.OutputSize));
        _scratchBlocks = (widest + Width - 1) / Width;
    }

    private static int Width => Vector<double>.Count;

    /// <summary>The network this was packed from.</summary>
    public FeedForwardNetwork Network { get; }

    /// <summary>Number of inputs.</summary>
    public int InputSize => Network.InputSize;

    /// <summary>Number of outputs.</summary>
    public int OutputSize => Network.OutputSize;

    /// <summary>Evaluates the network on one input.</summary>
    /// <param name="input"><see cref="InputSize"/> values.</param>
    /// <param name="output"><see cref="OutputSize"/> values, written.</param>
    /// <exception cref="ArgumentException">A length does not match.</exception>
    public void Evaluate(ReadOnlySpan<double> input, Span<double> output)
    {
        if (input.Length != InputSize || output.Length != OutputSize)
        {
            throw new ArgumentException($"{Network.Name}: expected {InputSize} inputs and {OutputSize} outputs, got {input.Length} and {output.Length}.");
        }

        if (_scratchBlocks <= 64)
        {
            Span<Vector<double>> a = stackalloc Vector<double>[_scratchBlocks];
            Span<Vector<double>> b = stackalloc Vector<double>[_scratchBlocks];
            EvaluateCore(input, output, a, b);
        }
        else
        {
            EvaluateCore(input, output, new Vector<double>[_scratchBlocks], new Vector<double>[_scratchBlocks]);
        }
    }

    private void EvaluateCore(ReadOnlySpan<double> input, Span<double> output, Span<Vector<double>> a, Span<Vector<double>> b)
    {
        ReadOnlySpan<double> current = input;
        if (_normalizes)
        {
            Span<double> shifted = MemoryMarshal.Cast<Vector<double>, double>(a)[..input.Length];
            for (int i = 0; i < shifted.Length; i++)
            {
                shifted[i] = (input[i] - _inputOffset[i]) * _inputScale[i];
            }

            current = shifted;
        }

        Span<Vector<double>> target = _normalizes ? b : a;
        Span<Vector<double>> spare = _normalizes ? a : b;
        foreach (Layer layer in _layers)
        {
            layer.Evaluate(current, target);
            current = MemoryMarshal.Cast<Vector<double>, double>(target)[..layer.OutputSize];
            Span<Vector<double>> swap = target;
            target = spare;
            spare = swap;
        }

        for (int i = 0; i < output.Length; i++)
        {
            output[i] = _normalizes ? (current[i] * _outputScale[i]) + _outputOffset[i] : current[i];
        }
    }

    /// <summary>One dense layer with its weights in blocks: block <c>k</c>, input <c>c</c> holds W[kV..kV+V−1, c].</summary>
    private sealed class Layer
    {
        private readonly Vector<double>[] _weights;
        private readonly Vector<double>[] _bias;
        private readonly int _inputs;
        private readonly int _blocks;
        private readonly Activation _activation;
        private readonly double _slope;

        public Layer(DenseLayer layer)
        {
            _inputs = layer.InputSize;
            OutputSize = layer.OutputSize;
            _blocks = (OutputSize + Width - 1) / Width;
            _activation = layer.Activation;
            _slope = layer.LeakySlope;
            _weights = new Vector<double>[_blocks * _inputs];
            _bias = new Vector<double>[_blocks];
            Span<double> lanes = stackalloc double[Width];
            for (int k = 0; k < _blocks; k++)
            {
                for (int c = 0; c < _inputs; c++)
                {
                    for (int lane = 0; lane < Width; lane++)
                    {
                        int row = (k * Width) + lane;
                        lanes[lane] = row < OutputSize ? layer.Weight(row, c) : 0;
                    }

                    _weights[(k * _inputs) + c] = new Vector<double>(lanes);
                }

                for (int lane = 0; lane < Width; lane++)
                {
                    int row = (k * Width) + lane;
                    lanes[lane] = row < OutputSize ? layer.Bias[row] : 0;
                }

                _bias[k] = new Vector<double>(lanes);
            }
        }

        public int OutputSize { get; }

        public void Evaluate(ReadOnlySpan<double> input, Span<Vector<double>> output)
        {
            ReadOnlySpan<Vector<double>> weights = _weights;
            int n = _inputs;
            input = input[..n];
            int k = 0;

            // Four blocks at a time: four independent accumulator chains hide the add latency. Each accumulator
            // still takes bias, then input 1, 2, ... in order, as the scalar evaluation does.
            for (; k + 4 <= _blocks; k += 4)
            {
                ReadOnlySpan<Vector<double>> w0 = weights.Slice(k * n, n), w1 = weights.Slice((k + 1) * n, n);
                ReadOnlySpan<Vector<double>> w2 = weights.Slice((k + 2) * n, n), w3 = weights.Slice((k + 3) * n, n);
                Vector<double> s0 = _bias[k], s1 = _bias[k + 1], s2 = _bias[k + 2], s3 = _bias[k + 3];
                for (int c = 0; c < input.Length; c++)
                {
                    var x = new Vector<double>(input[c]);
                    s0 += w0[c] * x;
                    s1 += w1[c] * x;
                    s2 += w2[c] * x;
                    s3 += w3[c] * x;
                }

                output[k] = s0;
                output[k + 1] = s1;
                output[k + 2] = s2;
                output[k + 3] = s3;
            }

            for (; k < _blocks; k++)
            {
                ReadOnlySpan<Vector<double>> column = weights.Slice(k * n, n);
                Vector<double> sum = _bias[k];
                for (int c = 0; c < input.Length; c++)
                {
                    sum += column[c] * new Vector<double>(input[c]);
                }

                output[k] = sum;
            }

            Activate(output[.._blocks]);
        }

        /// <summary>The activation on every block, chosen once per layer.</summary>
        private void Activate(Span<Vector<double>> blocks)
        {
            switch (_activation)
            {
                case Activation.Identity:
                    break;
                case Activation.Relu:
                    for (int k = 0; k < blocks.Length; k++)
                    {
                        Vector<double> x = blocks[k];
                        blocks[k] = Vector.ConditionalSelect(Vector.GreaterThan(x, Vector<double>.Zero), x, Vector<double>.Zero);
                    }

                    break;
                case Activation.LeakyRelu:
                    var slope = new Vector<double>(_slope);
                    for (int k = 0; k < blocks.Length; k++)
                    {
                        Vector<double> x = blocks[k];
                        blocks[k] = Vector.ConditionalSelect(Vector.GreaterThanOrEqual(x, Vector<double>.Zero), x, x * slope);
                    }

                    break;
                default:
                    Span<double> values = MemoryMarshal.Cast<Vector<double>, double>(blocks);
                    for (int i = 0; i < values.Length; i++)
                    {
                        values[i] = DenseLayer.Apply(_activation, values[i], _slope);
                    }

                    break;
            }
        }
    }
}
