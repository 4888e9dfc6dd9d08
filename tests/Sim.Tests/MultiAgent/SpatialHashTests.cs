using Certus.Core.Navigation;
using Certus.Sim.MultiAgent;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Certus.Sim.Tests.MultiAgent;

public sealed class SpatialHashTests
{
    public static class Arbitraries
    {
        /// <summary>Point clouds from sparse to dense, with duplicates now and then.</summary>
        public static Arbitrary<(double[] X, double[] Y, double Radius)> Clouds() =>
            (from n in Gen.Choose(0, 300)
             from spread in Gen.Elements(0.5, 3.0, 20.0, 1000.0)
             from radius in Gen.Elements(0.05, 0.3, 1.0, 5.0)
             from seed in Gen.Choose(0, int.MaxValue)
             select Cloud(n, spread, radius, seed)).ToArbitrary();

        private static (double[], double[], double) Cloud(int n, double spread, double radius, int seed)
        {
            var rng = new Random(seed);
            double[] x = new double[n], y = new double[n];
            for (int i = 0; i < n; i++)
            {
                x[i] = (rng.NextDouble() - 0.5) * spread;
                y[i] = (rng.NextDouble() - 0.5) * spread;
                if (i > 0 && rng.Next(10) == 0)
                {
                    x[i] = x[i - 1];
                    y[i] = y[i - 1];
                }
            }

            return (x, y, radius);
        }
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 300, Replay = "(20261127,7)")]
    public void Build_FindsExactlyTheAgentsWithinTheRadius_NearestFirst((double[] X, double[] Y, double Radius) cloud)
    {
        (double[] x, double[] y, double r) = cloud;
        ProximityGraph g = SpatialHash.Build(x, y, r);
        Assert.Equal(x.Length, g.AgentCount);
        for (int i = 0; i < x.Length; i++)
        {
            var expected = Enumerable.Range(0, x.Length)
                .Where(j => j != i && ((x[j] - x[i]) * (x[j] - x[i])) + ((y[j] - y[i]) * (y[j] - y[i])) <= r * r)
                .Select(j => (J: j, D: Math.Sqrt(((x[j] - x[i]) * (x[j] - x[i])) + ((y[j] - y[i]) * (y[j] - y[i])))))
                .OrderBy(p => p.D).ThenBy(p => p.J)
                .ToArray();
            Assert.Equal(expected.Select(p => p.J), g.Neighbours(i).ToArray());
            Assert.Equal(expected.Select(p => p.D), g.Distances(i).ToArray());
        }
    }

    [Fact]
    public void ToQuikGraph_HasOneEdgePerSensedPair()
    {
        double[] x = [0, 0.5, 1.2, 5, 5.1];
        double[] y = [0, 0, 0, 5, 5];
        var g = SpatialHash.Build(x, y, 0.8).ToQuikGraph();
        Assert.Equal(5, g.VertexCount);
        var edges = g.Edges.Select(e => (e.Source, e.Target)).OrderBy(e => e).ToArray();
        Assert.Equal(new[] { (0, 1), (1, 2), (3, 4) }, edges);
    }

    [Fact]
    public void Build_RejectsNonFinitePositionsAndRadius()
    {
        var e = Assert.Throws<ArgumentException>(() => SpatialHash.Build([0, double.NaN], [0, 0], 1));
        Assert.Contains("Agent 1", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => SpatialHash.Build([0], [0], 0));
    }
}
