using Certus.Sim.Ensembles;
using FsCheck;
using FsCheck.Xunit;

namespace Certus.Sim.Tests.Ensembles;

public sealed class SamplingTests
{
    private static readonly double[] Lower = [90, 32, 0, 10, 30, 0];
    private static readonly double[] Upper = [110, 32.2, 0, 11, 30.2, 0];

    [Fact]
    public void Corners_AreEveryCornerOfTheWideDimensions()
    {
        // The ACC initial box: 4 wide dimensions (the accelerations are fixed), so 16 corners.
        double[] points = new CornerSampling().Generate(Lower, Upper, seed: 0);
        Assert.Equal(16 * 6, points.Length);
        var seen = new HashSet<string>();
        for (int i = 0; i < 16; i++)
        {
            ReadOnlySpan<double> p = points.AsSpan(i * 6, 6);
            for (int d = 0; d < 6; d++)
            {
                Assert.True(p[d] == Lower[d] || p[d] == Upper[d]);
            }

            seen.Add(string.Join(",", p.ToArray()));
        }

        Assert.Equal(16, seen.Count);
    }

    [Fact]
    public void Grid_HasEvenlySpacedValuesWithBothEnds()
    {
        double[] points = new GridSampling(3).Generate([0, 5, -1], [1, 5, 1], seed: 0);
        Assert.Equal(9 * 3, points.Length);
        Assert.Equal(new double[] { 0, 5, -1 }, points[..3]);
        Assert.Equal(new double[] { 0, 5, 0 }, points[3..6]);
        Assert.Equal(new double[] { 1, 5, 1 }, points[^3..]);
        Assert.Equal(new double[] { 0.5, 5, 0 }, new GridSampling(1).Generate([0, 5, -1], [1, 5, 1], 0));
    }

    [Property(MaxTest = 50, Replay = "(31,33)")]
    public void LatinHypercube_PutsOnePointInEveryStratum(PositiveInt size, int seed)
    {
        int count = 1 + (size.Get % 200);
        double[] lower = [0, -2, 10], upper = [1, 2, 10.5];
        double[] points = new LatinHypercubeSampling(count).Generate(lower, upper, seed);
        for (int d = 0; d < 3; d++)
        {
            var strata = new bool[count];
            for (int i = 0; i < count; i++)
            {
                double fraction = (points[(i * 3) + d] - lower[d]) / (upper[d] - lower[d]);
                int stratum = Math.Min(count - 1, (int)Math.Floor(fraction * count * (1 - 1e-12)));
                strata[stratum] = true;
            }

            Assert.All(strata, Assert.True);
        }
    }

    [Property(MaxTest = 100, Replay = "(55,57)")]
    public void EverySampling_StaysInsideTheBox_AndDependsOnlyOnTheSeed(int seed)
    {
        InitialStateSampling[] samplings = [new UniformSampling(50), new LatinHypercubeSampling(50), new CornerSampling(), new GridSampling(2)];
        foreach (InitialStateSampling sampling in samplings)
        {
            double[] points = sampling.Generate(Lower, Upper, seed);
            Assert.Equal(points, sampling.Generate(Lower, Upper, seed));
            for (int i = 0; i < points.Length; i++)
            {
                Assert.InRange(points[i], Lower[i % 6], Upper[i % 6]);
            }
        }

        Assert.NotEqual(new UniformSampling(5).Generate(Lower, Upper, seed), new UniformSampling(5).Generate(Lower, Upper, seed + 1));
    }

    [Fact]
    public void Options_AreValidated()
    {
        Assert.Throws<ArgumentException>(() => new UniformSampling(0).Generate(Lower, Upper, 0));
        Assert.Throws<ArgumentException>(() => new GridSampling(0).Generate(Lower, Upper, 0));
        Assert.Throws<ArgumentException>(() => new UniformSampling(3).Generate([0, 1], [1, 0], 0));
        Assert.Throws<ArgumentException>(() => new GridSampling(100).Generate(new double[6], Enumerable.Repeat(1.0, 6).ToArray(), 0));
    }
}
