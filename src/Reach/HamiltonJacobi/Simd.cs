using System.Diagnostics;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Certus.Reach.HamiltonJacobi;

/// <summary>Unchecked vector loads and stores for the inner loops (callers keep <c>index + Vector.Count ≤ length</c>).</summary>
internal static class Simd
{
    public static int Width => Vector<double>.Count;

    public static Vector<double> Load(ReadOnlySpan<double> span, int index)
    {
        Debug.Assert(index >= 0 && index + Vector<double>.Count <= span.Length, "Vector load out of range.");
        return Vector.LoadUnsafe(ref MemoryMarshal.GetReference(span), (nuint)index);
    }

    public static void Store(Span<double> span, int index, Vector<double> value)
    {
        Debug.Assert(index >= 0 && index + Vector<double>.Count <= span.Length, "Vector store out of range.");
        value.StoreUnsafe(ref MemoryMarshal.GetReference(span), (nuint)index);
    }

    /// <summary>The start of the <paramref name="chunk"/>-th vector of a row of <paramref name="count"/> ≥ width entries,
    /// the last one shifted back to end at the row's end (it overlaps the one before, which pure kernels tolerate).</summary>
    public static int ChunkStart(int chunk, int count) => Math.Min(chunk * Vector<double>.Count, count - Vector<double>.Count);

    /// <summary>The number of (possibly overlapping) vectors that cover a row of <paramref name="count"/> ≥ width entries.</summary>
    public static int Chunks(int count) => (count + Vector<double>.Count - 1) / Vector<double>.Count;
}
