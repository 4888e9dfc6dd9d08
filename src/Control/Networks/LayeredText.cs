using System.Globalization;
using Certus.Core.Networks;

namespace Certus.Control.Networks;

/// <summary>
/// The shared reader of the POLAR and ReachNN/Sherlock text formats: one number (or name) per line, the counts, the
/// hidden layer sizes, optionally one activation name per layer, then for every layer and every neuron its weights
/// followed by its bias, and last an output offset and scale with <c>output = (y − offset) · scale</c>.
/// </summary>
internal static class LayeredText
{
    /// <summary>Reads the text. <paramref name="hidden"/> and <paramref name="output"/> are used only when the text has no activation lines.</summary>
    public static FeedForwardNetwork Parse(string text, string sourceName, string formatName, bool activationLines, Activation hidden, Activation output)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(sourceName);
        var tokens = new TextTokens(text);
        var reader = new Reader(tokens, sourceName, formatName);

        int inputs = reader.ReadCount("the number of inputs", 1);
        int outputs = reader.ReadCount("the number of outputs", 1);
        int hiddenCount = reader.ReadCount("the number of hidden layers", 0);
        if (hiddenCount > tokens.Count)
        {
            throw reader.Error(reader.Position - 1, $"the file declares {hiddenCount} hidden layers but holds only {tokens.Count} numbers and names.");
        }

        var sizes = new int[hiddenCount + 2];
        sizes[0] = inputs;
        sizes[^1] = outputs;
        for (int l = 1; l <= hiddenCount; l++)
        {
            sizes[l] = reader.ReadCount($"the size of hidden layer {l}", 1);
        }

        var activations = new Activation[hiddenCount + 1];
        for (int l = 0; l <= hiddenCount; l++)
        {
            activations[l] = activationLines
                ? reader.ReadActivation(l == hiddenCount ? "the activation of the output layer" : $"the activation of hidden layer {l + 1}")
                : l == hiddenCount ? output : hidden;
        }

        long needed = 2;
        long weights = 0;
        for (int l = 1; l < sizes.Length; l++)
        {
            weights += (long)sizes[l - 1] * sizes[l];
            needed += ((long)sizes[l - 1] + 1) * sizes[l];
            if (weights > NetworkFile.MaxWeights)
            {
                throw reader.Error(reader.Position - 1,
                    $"the declared layer sizes {string.Join(" x ", sizes)} need more than the limit of {NetworkFile.MaxWeights} weights.");
            }
        }

        long available = tokens.Count - reader.Position;
        if (available < needed)
        {
            long missing = available;
            throw new NetworkFormatException(sourceName, $"line {tokens.LastLine}",
                $"the file ends where {Describe(sizes, missing)} was expected ({formatName}: the header declares layers {string.Join(" x ", sizes)}, which need {needed} numbers after the header, but only {available} follow).");
        }

        var layers = new List<DenseLayer>(sizes.Length - 1);
        for (int l = 1; l < sizes.Length; l++)
        {
            int n = sizes[l - 1];
            int m = sizes[l];
            var w = new double[(long)n * m];
            var b = new double[m];
            string layerName = l == sizes.Length - 1 ? "the output layer" : $"hidden layer {l}";
            for (int j = 0; j < m; j++)
            {
                for (int i = 0; i < n; i++)
                {
                    w[(j * n) + i] = reader.ReadNumber(() => $"weight {i + 1} of neuron {j + 1} in {layerName}");
                }

                b[j] = reader.ReadNumber(() => $"the bias of neuron {j + 1} in {layerName}");
            }

            layers.Add(new DenseLayer(n, m, w, b, activations[l - 1]));
        }

        double offset = reader.ReadNumber(() => "the output offset");
        double scale = reader.ReadNumber(() => "the output scale");
        if (reader.Position < tokens.Count)
        {
            throw reader.Error(reader.Position,
                $"unexpected {SourceFile.Quote(tokens[reader.Position])} after the output scale; the header declares layers {string.Join(" x ", sizes)} and the file has more numbers than they need.");
        }

        return WithOutputMap(layers, offset, scale, sourceName);
    }

    /// <summary>
    /// The network with <c>output = (y − offset) · scale</c>, kept exact: <c>OutputScale = scale</c> and
    /// <c>OutputOffset = −offset · scale</c> when that product is exact; otherwise the offset is subtracted by the
    /// last layer's bias (when that sum is exact and the layer is affine) or by an extra identity-activation layer.
    /// </summary>
    internal static FeedForwardNetwork WithOutputMap(List<DenseLayer> layers, double offset, double scale, string name)
    {
        int outputs = layers[^1].OutputSize;
        double[] scaleVector = Enumerable.Repeat(scale, outputs).ToArray();
        if (offset == 0 || ExactArithmetic.TryMultiply(-offset, scale, out double shifted))
        {
            double outputOffset = offset == 0 ? 0 : -offset * scale;
            return new FeedForwardNetwork(layers, null, null, Enumerable.Repeat(outputOffset, outputs).ToArray(), scaleVector, name);
        }

        DenseLayer last = layers[^1];
        var bias = new double[outputs];
        bool foldable = last.Activation == Activation.Identity;
        for (int j = 0; foldable && j < outputs; j++)
        {
            foldable = ExactArithmetic.TryAdd(last.Bias[j], -offset, out bias[j]);
        }

        if (foldable)
        {
            layers[^1] = new DenseLayer(last.InputSize, outputs, last.Weights, bias, Activation.Identity);
        }
        else
        {
            var identity = new double[outputs * outputs];
            for (int j = 0; j < outputs; j++)
            {
                identity[(j * outputs) + j] = 1;
            }

            layers.Add(new DenseLayer(outputs, outputs, identity, Enumerable.Repeat(-offset, outputs).ToArray(), Activation.Identity));
        }

        return new FeedForwardNetwork(layers, null, null, null, scaleVector, name);
    }

    /// <summary>Names the number at position <paramref name="index"/> after the header.</summary>
    private static string Describe(int[] sizes, long index)
    {
        for (int l = 1; l < sizes.Length; l++)
        {
            long perNeuron = sizes[l - 1] + 1L;
            long count = perNeuron * sizes[l];
            string layerName = l == sizes.Length - 1 ? "the output layer" : $"hidden layer {l}";
            if (index < count)
            {
                long neuron = (index / perNeuron) + 1;
                long item = index % perNeuron;
                return item == perNeuron - 1
                    ? $"the bias of neuron {neuron} in {layerName}"
                    : $"weight {item + 1} of neuron {neuron} in {layerName}";
            }

            index -= count;
        }

        return index == 0 ? "the output offset" : "the output scale";
    }

    /// <summary>Parses an activation name of the POLAR format (case-insensitive).</summary>
    internal static bool TryParseActivation(ReadOnlySpan<char> name, out Activation activation)
    {
        activation = Activation.Identity;
        string lower = name.ToString().ToLowerInvariant();
        switch (lower)
        {
            case "relu":
                activation = Activation.Relu;
                return true;
            case "tanh":
                activation = Activation.Tanh;
                return true;
            case "sigmoid":
                activation = Activation.Sigmoid;
                return true;
            case "affine":
            case "linear":
            case "identity":
            case "purelin":
                activation = Activation.Identity;
                return true;
            default:
                return false;
        }
    }

    private sealed class Reader(TextTokens tokens, string source, string format)
    {
        public int Position { get; private set; }

        public NetworkFormatException Error(int index, string problem) =>
            new(source, $"line {(index < 0 ? 1 : index < tokens.Count ? tokens.LineOf(index) : tokens.LastLine)}", problem);

        public int ReadCount(string what, int min)
        {
            ReadOnlySpan<char> token = Next(what);
            if (!int.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
            {
                throw Error(Position - 1, $"expected {what} (a whole number), found {SourceFile.Quote(token)} (is this a {format} file?).");
            }

            if (value < min || value > NetworkFile.MaxWeights)
            {
                throw Error(Position - 1, $"{what} is {value}; it must lie in [{min}, {NetworkFile.MaxWeights}].");
            }

            return value;
        }

        public Activation ReadActivation(string what)
        {
            ReadOnlySpan<char> token = Next(what);
            if (!TryParseActivation(token, out Activation activation))
            {
                throw Error(Position - 1, $"unknown activation {SourceFile.Quote(token)} for {what}; expected one of ReLU, tanh, sigmoid, Affine (or linear/identity).");
            }

            return activation;
        }

        public double ReadNumber(Func<string> what)
        {
            ReadOnlySpan<char> token = Next(what());
            if (!double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            {
                throw Error(Position - 1, $"expected {what()} (a number), found {SourceFile.Quote(token)}.");
            }

            if (!double.IsFinite(value))
            {
                throw Error(Position - 1, $"{what()} is {SourceFile.Quote(token)}; weights, biases, offset and scale must be finite numbers.");
            }

            return value;
        }

        private ReadOnlySpan<char> Next(string what)
        {
            if (Position >= tokens.Count)
            {
                throw new NetworkFormatException(source, $"line {tokens.LastLine}", $"the file ends where {what} was expected.");
            }

            return tokens[Position++];
        }
    }
}
