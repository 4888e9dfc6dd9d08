using System.Globalization;
using Certus.Core.Networks;

namespace Certus.Control.Networks;

/// <summary>
/// Reads the NNet text format (Kyle Julian, Stanford 2016; used by ACAS Xu and the ARCH-COMP single pendulum).
/// </summary>
/// <remarks>
/// <para>Layout: comment lines beginning with <c>//</c> (skipped wherever they appear, as are blank lines); a header line
/// <c>layers, inputs, outputs, max layer size</c>; the layer sizes from the input to the output; an unused flag line;
/// the input minimums; the input maximums; the means (one per input, then the output mean); the ranges (one per input,
/// then the output range); then for every layer its weight rows (one line per neuron, one value per input of the layer)
/// followed by its biases (one per line). Values are separated by commas (whitespace also works). Hidden layers use ReLU
/// and the output layer is linear. Values after the first <c>layers + 1</c> on the layer-size line are ignored, as the
/// format's reference reader does (the ARCH-COMP single pendulum file writes <c>2, 25, 25,1, 1</c> for three layers).</para>
/// <para>Normalisation is mapped exactly onto the network: the format evaluates <c>x' = (x − mean_i) / range_i</c> and
/// <c>y = y' · range_out + mean_out</c>, so <see cref="FeedForwardNetwork.InputOffset"/> = the means,
/// <see cref="FeedForwardNetwork.InputScale"/> = 1 / range_i (the one value rounded by the reader; exact when a range is a
/// power of two), <see cref="FeedForwardNetwork.OutputOffset"/> = mean_out and <see cref="FeedForwardNetwork.OutputScale"/>
/// = range_out.</para>
/// <para>Choices for values that the format leaves meaningless: a range of 0 is read as 1 (no scaling; dividing by zero has
/// no meaning and files use 0 as "not given"); a normalisation line that holds a single <c>0</c> where one value per
/// input is expected is a placeholder and means "not given" — means 0, ranges 1, no input bounds. The ARCH-COMP single
/// pendulum file holds exactly such placeholders on all four lines, so it is read without normalisation, which agrees
/// with its ONNX and POLAR versions. Any other count mismatch is an error.</para>
/// <para>Input clipping to the minimums and maximums is <b>not</b> part of the returned network: the bounds are reported
/// in <see cref="NNetMetadata"/> for callers that want them.</para>
/// </remarks>
public static class NNetText
{
    /// <summary>Reads an NNet file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The network, named after <paramref name="path"/>.</returns>
    /// <exception cref="NetworkFormatException">The file is missing, unreadable or malformed (the message names the line).</exception>
    public static FeedForwardNetwork Read(string path) => Parse(SourceFile.ReadText(path), path);

    /// <summary>Parses NNet text.</summary>
    /// <param name="text">The content of an NNet file.</param>
    /// <param name="sourceName">The name used in messages and as <see cref="FeedForwardNetwork.Name"/>.</param>
    /// <returns>The network.</returns>
    /// <exception cref="NetworkFormatException">The text is malformed (the message names the line and what was expected).</exception>
    public static FeedForwardNetwork Parse(string text, string sourceName) => ParseWithMetadata(text, sourceName).Network;

    /// <summary>Reads an NNet file with its input bounds.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The network and what the file says beyond it.</returns>
    /// <exception cref="NetworkFormatException">The file is missing, unreadable or malformed (the message names the line).</exception>
    public static (FeedForwardNetwork Network, NNetMetadata Metadata) ReadWithMetadata(string path) =>
        ParseWithMetadata(SourceFile.ReadText(path), path);

    /// <summary>Parses NNet text with its input bounds.</summary>
    /// <param name="text">The content of an NNet file.</param>
    /// <param name="sourceName">The name used in messages and as <see cref="FeedForwardNetwork.Name"/>.</param>
    /// <returns>The network and what the file says beyond it.</returns>
    /// <exception cref="NetworkFormatException">The text is malformed (the message names the line and what was expected).</exception>
    public static (FeedForwardNetwork Network, NNetMetadata Metadata) ParseWithMetadata(string text, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(sourceName);
        var lines = new Lines(text, sourceName);

        int[] header = lines.ReadIntegers("the header (number of layers, inputs, outputs, largest layer size)", 4);
        int layerCount = header[0];
        int inputs = header[1];
        int outputs = header[2];
        for (int i = 0; i < 4; i++)
        {
            if (header[i] < 1 || header[i] > NetworkFile.MaxWeights)
            {
                throw lines.Error(lines.Previous, $"header value {i + 1} is {header[i]}; the counts must lie in [1, {NetworkFile.MaxWeights}].");
            }
        }

        if (layerCount + 1 > lines.Remaining)
        {
            throw lines.Error(lines.Previous, $"the header declares {layerCount} layers but the file has only {lines.Remaining} more lines.");
        }

        int[] sizes = lines.ReadIntegers($"the {layerCount + 1} layer sizes", layerCount + 1, allowExtra: true);
        if (sizes.Any(s => s < 1 || s > NetworkFile.MaxWeights) || sizes[0] != inputs || sizes[^1] != outputs)
        {
            throw lines.Error(lines.Previous,
                $"the layer sizes {string.Join(", ", sizes)} must be positive and run from the {inputs} inputs to the {outputs} outputs of the header.");
        }

        long weights = 0;
        long neededLines = 0;
        for (int l = 1; l < sizes.Length; l++)
        {
            weights += (long)sizes[l - 1] * sizes[l];
            neededLines += 2L * sizes[l];
            if (weights > NetworkFile.MaxWeights)
            {
                throw lines.Error(lines.Previous, $"the layer sizes need more than the limit of {NetworkFile.MaxWeights} weights.");
            }
        }

        lines.ReadValues("the unused flag line", 1, 1);
        double[]? mins = lines.ReadNormalization("the input minimums", inputs, out bool p1);
        double[]? maxs = lines.ReadNormalization("the input maximums", inputs, out bool p2);
        double[]? means = lines.ReadNormalization("the means (one per input, then the output mean)", inputs + 1, out bool p3);
        double[]? ranges = lines.ReadNormalization("the ranges (one per input, then the output range)", inputs + 1, out bool p4);

        if (neededLines > lines.Remaining)
        {
            throw new NetworkFormatException(sourceName, $"line {lines.LastLine}",
                $"the file ends early: the layer sizes {string.Join(", ", sizes)} need {neededLines} lines of weights and biases after the normalisation, but only {lines.Remaining} follow.");
        }

        var layers = new List<DenseLayer>(layerCount);
        for (int l = 1; l < sizes.Length; l++)
        {
            int n = sizes[l - 1];
            int m = sizes[l];
            string layerName = l == sizes.Length - 1 ? "the output layer" : $"hidden layer {l}";
            var w = new double[(long)n * m];
            var b = new double[m];
            for (int j = 0; j < m; j++)
            {
                double[] row = lines.ReadValues($"weight row {j + 1} of {layerName}", n, n);
                Array.Copy(row, 0, w, j * n, n);
            }

            for (int j = 0; j < m; j++)
            {
                b[j] = lines.ReadValues($"the bias of neuron {j + 1} in {layerName}", 1, 1)[0];
            }

            layers.Add(new DenseLayer(n, m, w, b, l == sizes.Length - 1 ? Activation.Identity : Activation.Relu));
        }

        lines.ExpectEnd();

        bool replacedZero = false;
        double[]? inputOffset = means?[..inputs];
        double[]? inputScale = null;
        double[]? outputOffset = means is null ? null : Enumerable.Repeat(means[inputs], outputs).ToArray();
        double[]? outputScale = null;
        if (ranges is not null)
        {
            inputScale = new double[inputs];
            for (int i = 0; i < inputs; i++)
            {
                replacedZero |= ranges[i] == 0;
                inputScale[i] = ranges[i] == 0 ? 1 : 1 / ranges[i];
                if (!double.IsFinite(inputScale[i]))
                {
                    throw new NetworkFormatException(sourceName, "the ranges line", $"range {i + 1} is {ranges[i]}, too small to divide by.");
                }
            }

            replacedZero |= ranges[inputs] == 0;
            outputScale = Enumerable.Repeat(ranges[inputs] == 0 ? 1 : ranges[inputs], outputs).ToArray();
        }

        var network = new FeedForwardNetwork(layers, inputOffset, inputScale, outputOffset, outputScale, sourceName);
        var metadata = new NNetMetadata(mins, maxs, p1 || p2 || p3 || p4, replacedZero);
        return (network, metadata);
    }

    /// <summary>The non-blank, non-comment lines of the text, with their line numbers.</summary>
    private sealed class Lines
    {
        private static readonly char[] Separators = [',', ' ', '\t', '\r', '\f', '\v'];
        private readonly List<(int Number, string Text)> _lines = [];
        private readonly string _source;
        private int _next;

        public Lines(string text, string source)
        {
            _source = source;
            int number = 0;
            foreach (string raw in text.Split('\n'))
            {
                number++;
                string line = raw.Trim();
                if (line.Length > 0 && !line.StartsWith("//", StringComparison.Ordinal))
                {
                    _lines.Add((number, line));
                }
            }

            LastLine = number;
        }

        public int LastLine { get; }

        public int Remaining => _lines.Count - _next;

        /// <summary>The index of the line read last.</summary>
        public int Previous => _next - 1;

        public NetworkFormatException Error(int index, string problem) =>
            new(_source, $"line {(index >= 0 && index < _lines.Count ? _lines[index].Number : LastLine)}", problem);

        public int[] ReadIntegers(string what, int count, bool allowExtra = false)
        {
            string[] items = Split(what);
            if (items.Length < count || (items.Length > count && !allowExtra))
            {
                throw Error(Previous, $"expected {what}: {count} whole numbers, found {items.Length} values.");
            }

            var values = new int[count];
            for (int i = 0; i < count; i++)
            {
                if (!int.TryParse(items[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out values[i]))
                {
                    throw Error(Previous, $"expected {what}: value {i + 1} should be a whole number, found {SourceFile.Quote(items[i])} (is this an NNet file?).");
                }
            }

            return values;
        }

        public double[] ReadValues(string what, int min, int max)
        {
            string[] items = Split(what);
            if (items.Length < min || items.Length > max)
            {
                string expected = min == max ? $"{min}" : $"{min} to {max}";
                throw Error(Previous, $"{what} has {items.Length} values, expected {expected}.");
            }

            return Parse(items, what);
        }

        public double[]? ReadNormalization(string what, int count, out bool placeholder)
        {
            string[] items = Split(what);
            double[] values = Parse(items, what);
            placeholder = count > 1 && values.Length == 1 && values[0] == 0;
            if (placeholder)
            {
                return null;
            }

            if (values.Length != count)
            {
                throw Error(Previous, $"{what} has {values.Length} values, expected {count} (or a single 0 placeholder).");
            }

            return values;
        }

        public void ExpectEnd()
        {
            if (_next < _lines.Count)
            {
                throw Error(_next, $"unexpected {SourceFile.Quote(_lines[_next].Text)} after the last bias; the layer sizes declare no more lines.");
            }
        }

        private double[] Parse(string[] items, string what)
        {
            var values = new double[items.Length];
            for (int i = 0; i < items.Length; i++)
            {
                if (!double.TryParse(items[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
                {
                    throw Error(Previous, $"in {what}, value {i + 1} should be a number, found {SourceFile.Quote(items[i])}.");
                }

                if (!double.IsFinite(values[i]))
                {
                    throw Error(Previous, $"in {what}, value {i + 1} is {SourceFile.Quote(items[i])}; values must be finite numbers.");
                }
            }

            return values;
        }

        private string[] Split(string what)
        {
            if (_next >= _lines.Count)
            {
                throw new NetworkFormatException(_source, $"line {LastLine}", $"the file ends where {what} was expected.");
            }

            return _lines[_next++].Text.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
        }
    }
}
