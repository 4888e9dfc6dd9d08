using System.Globalization;
using Certus.Core.Networks;

namespace Certus.Control.Networks;

/// <summary>
/// Loads a network from any supported file, choosing the reader by extension and, where the extension does not
/// decide, by content.
/// </summary>
/// <remarks>
/// <para>Extensions: <c>.onnx</c> → <see cref="OnnxNetworkReader"/>; <c>.nnet</c> → <see cref="NNetText"/>;
/// <c>.polar</c> → <see cref="PolarText"/>; <c>.json</c> → <see cref="CertusNetworkJson"/>; <c>.txt</c> → POLAR when
/// activation names follow the layer sizes, otherwise ReachNN/Sherlock text, which stores no activations and so needs
/// <see cref="NetworkLoadOptions.HiddenActivation"/> and <see cref="NetworkLoadOptions.OutputActivation"/>. Any other
/// extension is decided by content: <c>{</c> → JSON, <c>//</c> or commas on the first line → NNet, binary → ONNX,
/// otherwise the <c>.txt</c> rule.</para>
/// </remarks>
public static class NetworkFile
{
    /// <summary>The most weights a reader accepts in one network (10^7); larger declared sizes are refused before anything is allocated.</summary>
    public const long MaxWeights = 10_000_000;

    /// <summary>Loads a network, choosing the reader by extension and content.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The network.</returns>
    /// <exception cref="NetworkFormatException">The file is missing or malformed, or it is ReachNN text (which needs the activations: use the overload with options).</exception>
    public static FeedForwardNetwork Load(string path) => Load(path, NetworkLoadOptions.Default);

    /// <summary>Loads a network with options.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">The format (or null to detect it) and the activations of ReachNN text files.</param>
    /// <returns>The network.</returns>
    /// <exception cref="NetworkFormatException">The file is missing or malformed, or it is ReachNN text and the options give no activations.</exception>
    public static FeedForwardNetwork Load(string path, NetworkLoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        return Parse(SourceFile.ReadBytes(path), path, options);
    }

    /// <summary>Reads a network from the bytes of a file, choosing the reader by the extension of <paramref name="sourceName"/> and by content.</summary>
    /// <param name="bytes">The content of a network file.</param>
    /// <param name="sourceName">The file name (its extension picks the format) used in messages and as the network's name.</param>
    /// <param name="options">The format (or null to detect it) and the activations of ReachNN text files.</param>
    /// <returns>The network.</returns>
    /// <exception cref="NetworkFormatException">The bytes are malformed, or they are ReachNN text and the options give no activations.</exception>
    public static FeedForwardNetwork Parse(byte[] bytes, string sourceName, NetworkLoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(sourceName);
        ArgumentNullException.ThrowIfNull(options);
        string path = sourceName;
        NetworkFileFormat format = options.Format ?? DetectFormat(path, bytes);
        switch (format)
        {
            case NetworkFileFormat.Onnx:
                return OnnxNetworkReader.Parse(bytes, path);
            case NetworkFileFormat.NNet:
                return NNetText.Parse(SourceFile.Decode(bytes), path);
            case NetworkFileFormat.Polar:
                return PolarText.Parse(SourceFile.Decode(bytes), path);
            case NetworkFileFormat.CertusJson:
                return CertusNetworkJson.Parse(bytes, path);
            case NetworkFileFormat.ReachNnText:
                if (options.HiddenActivation is not { } hidden || options.OutputActivation is not { } output)
                {
                    throw new NetworkFormatException(path, null,
                        "this is ReachNN/Sherlock text, which does not store activations; load it with NetworkLoadOptions { HiddenActivation = ..., OutputActivation = ... } or ReachNnText.Read(path, hidden, output).");
                }

                try
                {
                    return ReachNnText.Parse(SourceFile.Decode(bytes), path, hidden, output);
                }
                catch (ArgumentException e)
                {
                    throw new NetworkFormatException(path, null, e.Message, e);
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(options), format, "Unknown network file format.");
        }
    }

    /// <summary>The format of a file, by extension and content (see the remarks of <see cref="NetworkFile"/>).</summary>
    /// <param name="path">The file.</param>
    /// <returns>The format the loader would use.</returns>
    /// <exception cref="NetworkFormatException">The file is missing or unreadable.</exception>
    public static NetworkFileFormat DetectFormat(string path) => DetectFormat(path, SourceFile.ReadBytes(path));

    private static NetworkFileFormat DetectFormat(string path, byte[] bytes)
    {
        switch (Path.GetExtension(path).ToLowerInvariant())
        {
            case ".onnx":
                return NetworkFileFormat.Onnx;
            case ".nnet":
                return NetworkFileFormat.NNet;
            case ".polar":
                return NetworkFileFormat.Polar;
            case ".json":
                return NetworkFileFormat.CertusJson;
            case ".txt":
                return HasActivationLines(SourceFile.Decode(bytes)) ? NetworkFileFormat.Polar : NetworkFileFormat.ReachNnText;
            default:
                break;
        }

        if (bytes.Any(b => b == 0 || (b < 0x20 && b is not ((byte)'\n' or (byte)'\r' or (byte)'\t' or 0x0B or 0x0C))))
        {
            return NetworkFileFormat.Onnx;
        }

        string text = SourceFile.Decode(bytes).TrimStart();
        if (text.StartsWith('{'))
        {
            return NetworkFileFormat.CertusJson;
        }

        string firstLine = text.Split('\n', 2)[0];
        if (text.StartsWith("//", StringComparison.Ordinal) || firstLine.Contains(',', StringComparison.Ordinal))
        {
            return NetworkFileFormat.NNet;
        }

        return HasActivationLines(text) ? NetworkFileFormat.Polar : NetworkFileFormat.ReachNnText;
    }

    /// <summary>Whether an activation name follows the counts and hidden sizes (POLAR rather than ReachNN text).</summary>
    private static bool HasActivationLines(string text)
    {
        var tokens = new TextTokens(text);
        if (tokens.Count < 3 || !int.TryParse(tokens[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out int hidden)
            || hidden < 0 || hidden > tokens.Count - 4)
        {
            return false;
        }

        return LayeredText.TryParseActivation(tokens[3 + hidden], out _);
    }
}
