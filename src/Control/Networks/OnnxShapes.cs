namespace Certus.Control.Networks;

/// <summary>Small helpers for tensor shapes.</summary>
internal static class OnnxShapes
{
    /// <summary>The product of the dimensions, or −1 when it passes <paramref name="limit"/> or a dimension is negative.</summary>
    public static long Product(IEnumerable<long> dims, long limit)
    {
        long p = 1;
        foreach (long d in dims)
        {
            if (d < 0)
            {
                return -1;
            }

            if (d == 0)
            {
                p = 0;
                continue;
            }

            if (p > limit / d)
            {
                return -1;
            }

            p *= d;
        }

        return p;
    }

    /// <summary>The shape as text.</summary>
    public static string Text(IReadOnlyList<long> dims) => "[" + string.Join(", ", dims) + "]";

    /// <summary>Row-major strides of a shape.</summary>
    public static long[] Strides(IReadOnlyList<long> dims)
    {
        var strides = new long[dims.Count];
        long s = 1;
        for (int i = dims.Count - 1; i >= 0; i--)
        {
            strides[i] = s;
            s *= dims[i];
        }

        return strides;
    }
}
