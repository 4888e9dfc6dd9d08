namespace Certus.Core.Text;

/// <summary>Levenshtein distance and the "did you mean" hints that error messages built on it give.</summary>
public static class EditDistance
{
    /// <summary>The Levenshtein distance: the fewest insertions, deletions and substitutions that turn one text into the other.</summary>
    /// <param name="a">One text.</param>
    /// <param name="b">The other.</param>
    /// <returns>The distance (0 when equal), compared character by character (ordinal).</returns>
    public static int Between(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        int[] previous = new int[b.Length + 1], current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    /// <summary>The known name closest to an unknown one, if one is within a distance.</summary>
    /// <param name="unknown">The name that was not found.</param>
    /// <param name="known">The names that exist.</param>
    /// <param name="maxDistance">The largest distance that counts as close (default 2).</param>
    /// <returns>The closest known name (the first of equals), or null.</returns>
    public static string? Closest(string unknown, IEnumerable<string> known, int maxDistance = 2)
    {
        ArgumentNullException.ThrowIfNull(unknown);
        ArgumentNullException.ThrowIfNull(known);
        return known.Select(k => (k, d: Between(unknown, k))).Where(p => p.d <= maxDistance).OrderBy(p => p.d).Select(p => p.k).FirstOrDefault();
    }
}
