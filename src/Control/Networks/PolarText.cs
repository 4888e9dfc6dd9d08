using Certus.Core.Networks;

namespace Certus.Control.Networks;

/// <summary>
/// Reads the POLAR text format (used by POLAR and by JuliaReach's ClosedLoopReachability.jl conversions).
/// </summary>
/// <remarks>
/// <para>The file holds whitespace-separated items, in practice one per line: the number of inputs, the number of
/// outputs, the number of hidden layers, the size of each hidden layer, one activation name per layer including the
/// output layer (<c>ReLU</c>, <c>tanh</c>, <c>sigmoid</c>, <c>Affine</c>; case-insensitive, <c>linear</c> and
/// <c>identity</c> also mean affine), then for every layer and every neuron its weights (one per input of the layer)
/// followed by its bias, and last two numbers, an offset and a scale: <c>output = (y − offset) · scale</c>.</para>
/// <para>The offset and scale become <see cref="FeedForwardNetwork.OutputScale"/> = scale and
/// <see cref="FeedForwardNetwork.OutputOffset"/> = −offset · scale when that product is exact; otherwise the offset is
/// subtracted exactly by the output layer's bias or by an extra identity-activation layer. Weights are parsed with
/// the invariant culture and kept exactly as written (rounded once, to the nearest double).</para>
/// </remarks>
public static class PolarText
{
    /// <summary>Reads a POLAR file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The network, named after <paramref name="path"/>.</returns>
    /// <exception cref="NetworkFormatException">The file is missing, unreadable or malformed (the message names the line).</exception>
    public static FeedForwardNetwork Read(string path) => Parse(SourceFile.ReadText(path), path);

    /// <summary>Parses POLAR text.</summary>
    /// <param name="text">The content of a POLAR file.</param>
    /// <param name="sourceName">The name used in messages and as <see cref="FeedForwardNetwork.Name"/>.</param>
    /// <returns>The network.</returns>
    /// <exception cref="NetworkFormatException">The text is malformed (the message names the line and what was expected).</exception>
    public static FeedForwardNetwork Parse(string text, string sourceName) =>
        LayeredText.Parse(text, sourceName, "POLAR", activationLines: true, Activation.Identity, Activation.Identity);
}
