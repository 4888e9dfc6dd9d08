namespace Certus.Sim;

/// <summary>
/// Per-sample random sources derived from a run seed and a sample index (SplitMix64 mixing), so that what sample
/// <c>i</c> draws does not depend on which thread ran it or on what ran before.
/// </summary>
internal static class Seeds
{
    /// <summary>Streams keep the draws of different purposes of one sample independent.</summary>
    public const int InitialStateStream = 0;

    /// <summary>Disturbance sequences.</summary>
    public const int DisturbanceStream = 1;

    /// <summary>Latin hypercube permutations (indexed by dimension).</summary>
    public const int PermutationStream = 2;

    /// <summary>Search points of the falsifier.</summary>
    public const int SearchStream = 3;

    /// <summary>A 32-bit seed mixed from the run seed, the index and the stream.</summary>
    public static int Derive(int seed, long index, int stream)
    {
        ulong z = ((ulong)(uint)seed << 32) ^ (ulong)index ^ ((ulong)(uint)stream * 0xD1B54A32D192ED03UL);
        z = Mix(z + 0x9E3779B97F4A7C15UL);
        z = Mix(z + ((ulong)(uint)stream << 17));
        return unchecked((int)(z ^ (z >> 32)));
    }

    /// <summary>A fresh <see cref="Random"/> for one sample and purpose.</summary>
    public static Random For(int seed, long index, int stream) => new(Derive(seed, index, stream));

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
