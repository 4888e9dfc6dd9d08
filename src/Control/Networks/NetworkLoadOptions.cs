using Certus.Core.Networks;

namespace Certus.Control.Networks;

/// <summary>What <see cref="NetworkFile.Load(string, NetworkLoadOptions)"/> cannot learn from a file.</summary>
public sealed record NetworkLoadOptions
{
    /// <summary>No options: the format comes from the extension or the content, and ReachNN text is refused.</summary>
    public static NetworkLoadOptions Default { get; } = new();

    /// <summary>The format to read, or null to choose by extension and content (the default).</summary>
    public NetworkFileFormat? Format { get; init; }

    /// <summary>The activation of every hidden layer of a ReachNN/Sherlock text file (that format does not store it); null by default.</summary>
    public Activation? HiddenActivation { get; init; }

    /// <summary>The activation of the output layer of a ReachNN/Sherlock text file; null by default.</summary>
    public Activation? OutputActivation { get; init; }
}
