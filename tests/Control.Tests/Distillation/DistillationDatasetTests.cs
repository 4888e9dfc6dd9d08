using System.Diagnostics;
using Certus.Control.Distillation;
using Certus.Control.MadPinn;
using Certus.Control.Tests.MadPinn;
using Xunit.Abstractions;

namespace Certus.Control.Tests.Distillation;

/// <summary>The distillation dataset: deterministic, inputs exactly the layout's, labels the teacher's on each mini-world alone.</summary>
public sealed class DistillationDatasetTests(ITestOutputHelper output)
{
    private static readonly DistillationDatasetOptions Small = new() { Samples = 600, Seed = 5 };

    private static readonly Lazy<DistillationDataset> Shared = new(() => DistillationDataset.Create(MadPinnScenes.ShippedK2, options: Small));

    [Fact]
    public void DefaultLayout_FollowsTheTeacher()
    {
        DistilledLayout layout = DistillationDataset.DefaultLayout(MadPinnScenes.ShippedK2);
        Assert.Equal(new DistilledLayout(2, 0.6, 1.5, 0.9 * 2), layout);
    }

    [Fact]
    public void SameSeed_SameDataset_BitForBit()
    {
        var watch = Stopwatch.StartNew();
        DistillationDataset again = DistillationDataset.Create(MadPinnScenes.ShippedK2, options: Small);
        output.WriteLine($"{again.Count} samples labelled in {watch.Elapsed.TotalSeconds:F2} s");
        DistillationDataset a = Shared.Value;
        Assert.Equal(a.Inputs, again.Inputs);
        Assert.Equal(a.Targets, again.Targets);
        Assert.Equal(a.Weights, again.Weights);
        DistillationDataset other = DistillationDataset.Create(MadPinnScenes.ShippedK2, options: Small with { Samples = 50, Seed = 6 });
        Assert.NotEqual(a.Inputs.Take(50 * a.Layout.InputSize), other.Inputs);
    }

    [Fact]
    public void Inputs_AreExactlyTheLayoutsFillOfEachState_NeighboursNearestFirstWithinTheDummyDistance()
    {
        DistillationDataset data = Shared.Value;
        DistilledLayout layout = data.Layout;
        int d = layout.InputSize;
        double[] row = new double[d];
        int full = 0, near = 0;
        for (int i = 0; i < data.Count; i++)
        {
            DistillationState s = data.States[i];
            Assert.Equal(0, s.X[0]);
            Assert.Equal(0, s.Y[0]);
            Assert.InRange(s.Neighbours, 0, layout.Neighbours);
            double previous = 0;
            for (int j = 1; j <= s.Neighbours; j++)
            {
                double dist = Math.Sqrt((s.X[j] * s.X[j]) + (s.Y[j] * s.Y[j]));
                Assert.True(dist < layout.DummyDistance && dist >= previous, $"sample {i}: neighbour {j} at {dist}");
                previous = dist;
            }

            layout.Fill(s.X, s.Y, s.GoalX, s.GoalY, 0, [.. Enumerable.Range(1, s.Neighbours)], row);
            Assert.Equal(row, data.Inputs.AsSpan(i * d, d).ToArray());
            full += s.Neighbours == layout.Neighbours ? 1 : 0;
            double nearest = s.NearestDistance;
            near += nearest <= 3 * MadPinnScenes.ShippedK2.Problem.SafetyRadius ? 1 : 0;
            Assert.Equal(1 + (4 * Math.Exp(-Math.Max(0, nearest - 0.35) / 0.1)), data.Weights[i], 12);
            Assert.InRange(data.Targets[2 * i], -1, 1);
            Assert.InRange(data.Targets[(2 * i) + 1], -1, 1);
        }

        output.WriteLine($"{full} of {data.Count} with K neighbours, {near} with one within 3R");
        Assert.InRange(full, 0.6 * data.Count, 0.8 * data.Count);
        Assert.True(near >= 0.25 * data.Count, $"{near} near contact");
    }

    [Fact]
    public void Labels_AreTheTeachersControlOnEachMiniWorldAlone()
    {
        DistillationDataset data = Shared.Value;
        MadPinnModel teacher = MadPinnScenes.ShippedK2;
        for (int i = 0; i < 40; i++)
        {
            var policy = new MadPinnPolicy(teacher, new MadPinnPolicyOptions { MaxDegreeOfParallelism = 1 });
            double[] u = DistillationDataset.Label(policy, [data.States[i]], 0.6, 0.1);
            Assert.Equal(data.Targets[2 * i], Math.Clamp(u[0] / 0.6, -1, 1));
            Assert.Equal(data.Targets[(2 * i) + 1], Math.Clamp(u[1] / 0.6, -1, 1));
        }
    }

    [Fact]
    public void Create_RefusesALayoutThatDoesNotFitTheTeacher()
    {
        var e = Assert.Throws<ArgumentException>(() => DistillationDataset.Create(MadPinnScenes.ShippedK2, new DistilledLayout(3, 0.6), Small));
        Assert.Contains("does not fit the teacher", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => DistillationDataset.Create(MadPinnScenes.ShippedK2, options: Small with { NearFraction = 2 }));
    }
}
