using Certus.Core.Networks;

namespace Certus.Control.Networks;

/// <summary>
/// Reads the ReachNN/Sherlock text format (the ARCH-COMP <c>nn_tora_*.txt</c> files): the POLAR layout without
/// activation lines, so the caller states the activations.
/// </summary>
/// <remarks>
/// <para>Whitespace-separated numbers, in practice one per line: the number of inputs, the number of outputs, the
/// number of hidden layers, the size of each hidden layer, then for every layer and every neuron its weights followed
/// by its bias, and last an offset and a scale with <c>output = (y − offset) · scale</c> (for example 0 and 11 in the
/// 2025 TORA sigmoid file, 0.5 and 22 in its 2020–2024 version).</para>
/// <para>The offset and scale are kept exactly as in <see cref="PolarText"/>: <see cref="FeedForwardNetwork.OutputScale"/>
/// = scale and <see cref="FeedForwardNetwork.OutputOffset"/> = −offset · scale when that product is exact (it is for
/// 0.5 and 22), otherwise through the output layer's bias or an extra identity-activation layer.</para>
/// </remarks>
public static class ReachNnText
{
    /// <summary>Reads a ReachNN/Sherlock text file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="hiddenActivation">The activation of every hidden layer (the file does not say).</param>
    /// <param name="outputActivation">The activation of the output layer (the file does not say).</param>
    /// <returns>The network, named after <paramref name="path"/>.</returns>
    /// <exception cref="NetworkFormatException">The file is missing, unreadable or malformed (the message names the line).</exception>
    public static FeedForwardNetwork Read(string path, Activation hiddenActivation, Activation outputActivation) =>
        Parse(SourceFile.ReadText(path), path, hiddenActivation, outputActivation);

    /// <summary>Parses ReachNN/Sherlock text.</summary>
    /// <param name="text">The content of the file.</param>
    /// <param name="sourceName">The name used in messages and as <see cref="FeedForwardNetwork.Name"/>.</param>
    /// <param name="hiddenActivation">The activation of every hidden layer.</param>
    /// <param name="outputActivation">The activation of the output layer.</param>
    /// <returns>The network.</returns>
    /// <exception cref="NetworkFormatException">The text is malformed (the message names the line and what was expected).</exception>
    /// <exception cref="ArgumentException">An activation is not a defined <see cref="Activation"/>, or is <see cref="Activation.LeakyRelu"/> (the format has no slope).</exception>
    public static FeedForwardNetwork Parse(string text, string sourceName, Activation hiddenActivation, Activation outputActivation)
    {
        CheckActivation(hiddenActivation, nameof(hiddenActivation));
        CheckActivation(outputActivation, nameof(outputActivation));
        return LayeredText.Parse(text, sourceName, "ReachNN text", activationLines: false, hiddenActivation, outputActivation);
    }

    private static void CheckActivation(Activation activation, string parameter)
    {
        if (!Enum.IsDefined(activation) || activation == Activation.LeakyRelu)
        {
            throw new ArgumentException($"ReachNN text takes identity, ReLU, tanh or sigmoid activations, got {activation}.", parameter);
        }
    }
}
