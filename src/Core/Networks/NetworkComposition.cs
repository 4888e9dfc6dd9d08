namespace Certus.Core.Networks;

/// <summary>Networks built from other networks.</summary>
public static class NetworkComposition
{
    /// <summary>
    /// <paramref name="copies"/> copies of a network side by side: the inputs and outputs are the copies' inputs and
    /// outputs concatenated (copy c reads inputs <c>c·n .. c·n + n − 1</c> and gives outputs <c>c·m .. c·m + m − 1</c>),
    /// every layer is block diagonal with the original weights in its blocks and exact zeros elsewhere, and the
    /// normalisation is tiled. Copy c of the result computes exactly what the network computes on its slice, in the
    /// same floating-point operations plus additions of exact zeros (which change no double); a closed loop that
    /// applies one controller network to each of several agents is this network.
    /// </summary>
    /// <param name="network">The network.</param>
    /// <param name="copies">The number of copies, at least 1.</param>
    /// <returns>The composite (the network itself when <paramref name="copies"/> is 1).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="copies"/> is less than 1.</exception>
    public static FeedForwardNetwork BlockDiagonal(FeedForwardNetwork network, int copies)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentOutOfRangeException.ThrowIfLessThan(copies, 1);
        if (copies == 1)
        {
            return network;
        }

        var layers = new List<DenseLayer>(network.Layers.Count);
        foreach (DenseLayer l in network.Layers)
        {
            int n = l.InputSize, m = l.OutputSize, cn = copies * n, cm = copies * m;
            double[] w = new double[cm * cn];
            double[] b = new double[cm];
            ReadOnlySpan<double> lw = l.Weights, lb = l.Bias;
            for (int c = 0; c < copies; c++)
            {
                for (int r = 0; r < m; r++)
                {
                    lw.Slice(r * n, n).CopyTo(w.AsSpan((((c * m) + r) * cn) + (c * n), n));
                }

                lb.CopyTo(b.AsSpan(c * m, m));
            }

            layers.Add(new DenseLayer(cn, cm, w, b, l.Activation, l.LeakySlope));
        }

        return new FeedForwardNetwork(
            layers,
            Tile(network.InputOffset, copies),
            Tile(network.InputScale, copies),
            Tile(network.OutputOffset, copies),
            Tile(network.OutputScale, copies),
            $"{network.Name} x{copies}");
    }

    private static double[] Tile(IReadOnlyList<double> values, int copies)
    {
        double[] t = new double[values.Count * copies];
        for (int c = 0; c < copies; c++)
        {
            for (int i = 0; i < values.Count; i++)
            {
                t[(c * values.Count) + i] = values[i];
            }
        }

        return t;
    }
}
