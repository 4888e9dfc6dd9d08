using Certus.Core.Networks;
using Certus.Core.Sets;

namespace Certus.Reach.Networks;

/// <summary>Argument checks shared by the bound algorithms (public methods validate, then call the implementation).</summary>
internal static class NetworkChecks
{
    public static void Check(FeedForwardNetwork network, Box input)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(input);
        if (input.Dimension != network.InputSize)
        {
            throw new ArgumentException($"The input box has {input.Dimension} dimensions but the network '{network.Name}' takes {network.InputSize} inputs.", nameof(input));
        }

        if (input.IsEmpty)
        {
            throw new ArgumentException("The input box is empty.", nameof(input));
        }
    }
}
