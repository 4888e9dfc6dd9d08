namespace Certus.Core.Expressions;

/// <summary>Lookups in ordered lists of variable names (states, inputs, network inputs and outputs).</summary>
public static class NameLists
{
    /// <summary>The position of a name in an ordered list of names.</summary>
    /// <param name="names">The names, in order.</param>
    /// <param name="name">The name to find (ordinal comparison).</param>
    /// <returns>The 0-based index, or −1 when the name is not in the list.</returns>
    public static int IndexOfName(this IReadOnlyList<string> names, string name)
    {
        ArgumentNullException.ThrowIfNull(names);
        for (int i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
