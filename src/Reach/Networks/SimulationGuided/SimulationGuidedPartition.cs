using System.Diagnostics;
using Certus.Core.Networks;
using Certus.Core.Numerics;
using Certus.Core.Sets;

namespace Certus.Reach.Networks;

/// <summary>
/// The simulation-guided partitioning of the seed paper (reachable set estimation for neural network control
/// systems, TNNLS 2021): simulate the network on <see cref="Samples"/> random inputs; keep a work list of input
/// cells; a cell whose guaranteed output (by <see cref="Inner"/>) lies inside the hull of the simulated outputs is
/// accepted; otherwise it is bisected along its longest side while wider than <see cref="Tolerance"/>. The result is
/// the hull of the accepted and the remaining cells' guaranteed outputs, which is sound whatever the samples are.
/// </summary>
public sealed record SimulationGuidedPartition : INetworkBoundAlgorithm
{
    /// <summary>Number of simulated inputs (default 1000).</summary>
    public int Samples { get; init; } = 1000;

    /// <summary>A cell is not bisected once its longest side is at most this (default 0.01, in input units).</summary>
    public double Tolerance { get; init; } = 0.01;

    /// <summary>The bound used on each cell (default <see cref="IntervalPropagation"/>).</summary>
    public INetworkBoundAlgorithm Inner { get; init; } = new IntervalPropagation();

    /// <summary>Seed of the random samples (default 1), so that runs are reproducible.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Safety limit on the number of cells (default 1,000,000); beyond it, cells are kept unsplit.</summary>
    public int MaxCells { get; init; } = 1_000_000;

    /// <inheritdoc/>
    public string Name => $"seed({Inner.Name})";

    /// <inheritdoc/>
    public NetworkBoundResult Bound(FeedForwardNetwork network, Box input)
    {
        NetworkChecks.Check(network, input);
        if (Samples < 1 || !(Tolerance > 0) || MaxCells < 1)
        {
            throw new ArgumentException($"SimulationGuidedPartition needs Samples >= 1, Tolerance > 0 and MaxCells >= 1 (got {Samples}, {Tolerance}, {MaxCells}).");
        }

        long start = Stopwatch.GetTimestamp();
        Box hull = SimulatedHull(network, input, Samples, Seed);
        var stack = new Stack<Box>();
        stack.Push(input);
        Interval[]? result = null;
        int cells = 0;
        while (stack.Count > 0)
        {
            Box cell = stack.Pop();
            Box bound = Inner.Bound(network, cell).Output;
            cells++;
            bool inside = hull.Contains(bound);
            if (!inside && cell.MaxWidth > Tolerance && cells + stack.Count < MaxCells)
            {
                var (lower, upper) = cell.Bisect();
                stack.Push(upper);
                stack.Push(lower);
                continue;
            }

            result ??= [.. bound];
            for (int j = 0; j < result.Length; j++)
            {
                result[j] = Interval.Hull(result[j], bound[j]);
            }
        }

        return new NetworkBoundResult(new Box(result!), cells, this, Stopwatch.GetElapsedTime(start));
    }

    /// <summary>The hull of the network outputs at <paramref name="samples"/> uniform random inputs (plus the corners when few).</summary>
    /// <param name="network">The network.</param>
    /// <param name="input">The input box.</param>
    /// <param name="samples">How many random inputs.</param>
    /// <param name="seed">The random seed.</param>
    /// <returns>The box hull of the simulated outputs (an inner estimate, not a bound).</returns>
    public static Box SimulatedHull(FeedForwardNetwork network, Box input, int samples, int seed)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(input);
        var random = new Random(seed);
        var lo = new double[network.OutputSize];
        var hi = new double[network.OutputSize];
        Array.Fill(lo, double.PositiveInfinity);
        Array.Fill(hi, double.NegativeInfinity);
        var y = new double[network.OutputSize];
        void Add(double[] x)
        {
            network.Evaluate(x, y);
            for (int j = 0; j < y.Length; j++)
            {
                lo[j] = Math.Min(lo[j], y[j]);
                hi[j] = Math.Max(hi[j], y[j]);
            }
        }

        for (int k = 0; k < samples; k++)
        {
            Add(input.Sample(random));
        }

        if (input.Dimension <= 10)
        {
            foreach (double[] corner in input.Corners())
            {
                Add(corner);
            }
        }

        return Box.FromBounds(lo, hi);
    }
}
