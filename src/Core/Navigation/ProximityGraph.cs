namespace Certus.Core.Navigation;

/// <summary>
/// Who senses whom at one step: for each agent, the other agents whose centres are within the sensing radius,
/// nearest first, in compressed-row form (<c>Neighbours[Offsets[i] .. Offsets[i+1]]</c>).
/// </summary>
public sealed class ProximityGraph
{
    private readonly int[] _offsets;
    private readonly int[] _neighbours;
    private readonly double[] _distances;

    /// <summary>Wraps compressed rows (the arrays are kept, not copied).</summary>
    /// <param name="offsets">Row starts, length agents + 1, non-decreasing, starting at 0.</param>
    /// <param name="neighbours">Neighbour indices by row.</param>
    /// <param name="distances">Centre distances, aligned with <paramref name="neighbours"/>.</param>
    /// <exception cref="ArgumentException">The arrays do not form compressed rows.</exception>
    public ProximityGraph(int[] offsets, int[] neighbours, double[] distances)
    {
        ArgumentNullException.ThrowIfNull(offsets);
        ArgumentNullException.ThrowIfNull(neighbours);
        ArgumentNullException.ThrowIfNull(distances);
        if (offsets.Length == 0 || offsets[0] != 0 || offsets[^1] > neighbours.Length || neighbours.Length != distances.Length)
        {
            throw new ArgumentException("The offsets, neighbours and distances do not form compressed rows.", nameof(offsets));
        }

        _offsets = offsets;
        _neighbours = neighbours;
        _distances = distances;
    }

    /// <summary>Number of agents (vertices).</summary>
    public int AgentCount => _offsets.Length - 1;

    /// <summary>Number of directed neighbour entries (twice the number of undirected edges when all radii are equal).</summary>
    public int EntryCount => _offsets[^1];

    /// <summary>The neighbours of an agent, nearest first.</summary>
    /// <param name="agent">The agent.</param>
    /// <returns>Their indices.</returns>
    public ReadOnlySpan<int> Neighbours(int agent) => _neighbours.AsSpan(_offsets[agent], _offsets[agent + 1] - _offsets[agent]);

    /// <summary>The centre distances to the neighbours of an agent, aligned with <see cref="Neighbours"/>.</summary>
    /// <param name="agent">The agent.</param>
    /// <returns>The distances.</returns>
    public ReadOnlySpan<double> Distances(int agent) => _distances.AsSpan(_offsets[agent], _offsets[agent + 1] - _offsets[agent]);

    /// <summary>Number of neighbours of an agent.</summary>
    /// <param name="agent">The agent.</param>
    /// <returns>The degree.</returns>
    public int Degree(int agent) => _offsets[agent + 1] - _offsets[agent];
}
