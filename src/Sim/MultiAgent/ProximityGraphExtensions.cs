using Certus.Core.Navigation;
using QuikGraph;

namespace Certus.Sim.MultiAgent;

/// <summary>Views of a <see cref="ProximityGraph"/> as a QuikGraph graph, for graph algorithms (components, paths, colouring).</summary>
public static class ProximityGraphExtensions
{
    /// <summary>The undirected graph with an edge between two agents when either senses the other.</summary>
    /// <param name="graph">The proximity graph.</param>
    /// <returns>A QuikGraph undirected graph over the agent indices (each edge once, source &lt; target).</returns>
    public static UndirectedGraph<int, Edge<int>> ToQuikGraph(this ProximityGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var g = new UndirectedGraph<int, Edge<int>>(allowParallelEdges: false);
        g.AddVertexRange(Enumerable.Range(0, graph.AgentCount));
        var seen = new HashSet<(int, int)>();
        for (int i = 0; i < graph.AgentCount; i++)
        {
            foreach (int j in graph.Neighbours(i))
            {
                (int a, int b) = i < j ? (i, j) : (j, i);
                if (seen.Add((a, b)))
                {
                    g.AddEdge(new Edge<int>(a, b));
                }
            }
        }

        return g;
    }
}
