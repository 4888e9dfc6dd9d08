using Certus.Core.Networks;
using Certus.Core.Sets;
using Certus.Reach.Networks;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Interval = Certus.Core.Numerics.Interval;

namespace Certus.Verify.Tests.Vnnlib;

/// <summary>
/// The split-constrained, slope-optimised CROWN bounds that ReLU branch and bound uses: never above the truth at any
/// sampled input of a branch, infeasible only for branches that no sampled input enters.
/// </summary>
public sealed class ReluSplitBoundTests
{
    // The law: fix some unstable neurons active or inactive at random; at every sampled input of the box whose signs
    // agree with the fixed phases, every pre-activation lies in its reported bounds and every output is at least its
    // reported lower bound; a branch reported infeasible is entered by no sample.
    [Property(MaxTest = 80)]
    public bool SplitBounds_HoldAtEverySampleOfTheBranch(PositiveInt seed, byte widthCode, byte stepsCode)
    {
        var random = new Random(seed.Get);
        int inputs = 2 + (seed.Get % 2);
        FeedForwardNetwork net = RandomRelu.Network(seed.Get, inputs, width: 8, depth: 2 + (seed.Get % 2), outputs: 3);
        double w = 0.05 + (widthCode / 200.0);
        Box box = new(Enumerable.Range(0, inputs).Select(_ =>
        {
            double c = (random.NextDouble() * 2) - 1;
            return new Interval(c - w, c + w);
        }));
        int steps = stepsCode % 3 == 0 ? 0 : 8;
        sbyte[][] phases = RandomPhases(net, box, random);
        ReluSplitBound b = LinearRelaxation.BoundWithSplits(net, box, phases, steps);
        int entered = 0;
        for (int k = 0; k < 2000; k++)
        {
            double[] x = box.Sample(random);
            double[][] z = PreActivations(net, x);
            if (!Satisfies(z, phases))
            {
                continue;
            }

            entered++;
            if (b.Infeasible)
            {
                return false;
            }

            for (int l = 0; l < z.Length; l++)
            {
                for (int m = 0; m < z[l].Length; m++)
                {
                    if (z[l][m] < b.PreActivations[l][m].Lo - 1e-9 || z[l][m] > b.PreActivations[l][m].Hi + 1e-9)
                    {
                        return false;
                    }
                }
            }

            for (int j = 0; j < net.OutputSize; j++)
            {
                if (z[^1][j] < b.Lower[j] - 1e-9)
                {
                    return false;
                }
            }
        }

        return entered > 0 || b.Infeasible || b.Lower.All(v => !double.IsNaN(v));
    }

    // Optimised slopes are sound for every slope in [0, 1]: the certified bound is never above the sampled minimum, and
    // never below the default CROWN bound (the better of the two is reported).
    [Property(MaxTest = 40)]
    public bool OptimisedSlopes_AreSoundAndNoLooserThanCrown(PositiveInt seed)
    {
        var random = new Random(seed.Get);
        FeedForwardNetwork net = RandomRelu.Network(seed.Get + 7, inputs: 3, width: 12, depth: 3, outputs: 2);
        Box box = new(Enumerable.Range(0, 3).Select(_ => new Interval(-0.5, 0.5)));
        ReluSplitBound crown = LinearRelaxation.BoundWithSplits(net, box, null, 0);
        ReluSplitBound alpha = LinearRelaxation.BoundWithSplits(net, box, null, 20);
        for (int j = 0; j < 2; j++)
        {
            if (alpha.Lower[j] < crown.Lower[j])
            {
                return false;
            }
        }

        for (int k = 0; k < 3000; k++)
        {
            double[] y = net.Evaluate(box.Sample(random));
            if (y[0] < alpha.Lower[0] - 1e-9 || y[1] < alpha.Lower[1] - 1e-9)
            {
                return false;
            }
        }

        return true;
    }

    [Fact]
    public void StablyActiveNeuronFixedInactive_IsInfeasible()
    {
        // z = x + 2 > 0 on [-1, 1]: the branch z <= 0 is empty; the branch z >= 0 is the whole box.
        var net = new FeedForwardNetwork([
            new DenseLayer(1, 1, [1.0], [2.0], Activation.Relu),
            new DenseLayer(1, 1, [1.0], [0.0], Activation.Identity),
        ]);
        Box box = new([new Interval(-1, 1)]);
        Assert.True(LinearRelaxation.BoundWithSplits(net, box, [[-1], []], 4).Infeasible);
        ReluSplitBound active = LinearRelaxation.BoundWithSplits(net, box, [[1], []], 4);
        Assert.False(active.Infeasible);
        Assert.InRange(active.Lower[0], 0.999, 1.0);
    }

    [Fact]
    public void ContradictoryPhasesInTwoLayers_AreInfeasible()
    {
        // On [-1, -0.75]: relu(x) = 0 and relu(-x) = -x, so w = relu(x) + relu(-x) - 0.5 lies in [0.25, 0.5]; the
        // branch w <= 0 is empty, w >= 0 is the whole box.
        var net = new FeedForwardNetwork([
            new DenseLayer(1, 2, [1.0, -1.0], [0.0, 0.0], Activation.Relu),
            new DenseLayer(2, 1, [1.0, 1.0], [-0.5], Activation.Relu),
            new DenseLayer(1, 1, [1.0], [0.0], Activation.Identity),
        ]);
        Box box = new([new Interval(-1, -0.75)]);
        Assert.True(LinearRelaxation.BoundWithSplits(net, box, [[0, 0], [-1], []], 0).Infeasible);
        Assert.False(LinearRelaxation.BoundWithSplits(net, box, [[0, 0], [1], []], 0).Infeasible);
    }

    [Fact]
    public void InactiveNeuron_OutputsZero_AndActiveIsTheIdentity()
    {
        // y = relu(x) on [-1, 1]: CROWN alone bounds y below by a line through 0 (>= -1 at worst); fixed inactive the
        // branch is x <= 0 and y = 0 exactly; fixed active y = x >= 0.
        var net = new FeedForwardNetwork([
            new DenseLayer(1, 1, [1.0], [0.0], Activation.Relu),
            new DenseLayer(1, 1, [-1.0], [0.0], Activation.Identity),
        ]);
        Box box = new([new Interval(-1, 1)]);
        ReluSplitBound inactive = LinearRelaxation.BoundWithSplits(net, box, [[-1], []], 0);
        ReluSplitBound active = LinearRelaxation.BoundWithSplits(net, box, [[1], []], 0);
        ReluSplitBound free = LinearRelaxation.BoundWithSplits(net, box, null, 0);
        Assert.Equal(0, inactive.Lower[0], 12); // −relu(x) = 0 on the branch
        Assert.InRange(active.Lower[0], -1.0000001, -0.9999999); // −x >= −1
        Assert.True(free.Lower[0] <= -1); // the triangle's upper chord at x = 1
        Assert.Equal(0, inactive.PreActivations[0][0].Hi);
        Assert.InRange(inactive.PreActivations[0][0].Lo, -1.0000001, -1);
        Assert.Equal(0, active.PreActivations[0][0].Lo);
        Assert.InRange(active.PreActivations[0][0].Hi, 1, 1.0000001);
    }

    [Fact]
    public void ConstraintOnTheLastLayer_IsRefused()
    {
        var net = new FeedForwardNetwork([new DenseLayer(1, 1, [1.0], [0.0], Activation.Identity)]);
        Assert.Throws<ArgumentException>(() => LinearRelaxation.BoundWithSplits(net, new Box([new Interval(0, 1)]), [[1]], 0));
    }

    // Fixes up to three neurons whose unconstrained bounds straddle 0 (and sometimes a stable one, to test pruning).
    private static sbyte[][] RandomPhases(FeedForwardNetwork net, Box box, Random random)
    {
        ReluSplitBound free = LinearRelaxation.BoundWithSplits(net, box, null, 0);
        var phases = new sbyte[net.Layers.Count][];
        var unstable = new List<(int Layer, int Neuron)>();
        for (int l = 0; l < net.Layers.Count; l++)
        {
            phases[l] = new sbyte[net.Layers[l].OutputSize];
            if (l < net.Layers.Count - 1)
            {
                for (int m = 0; m < phases[l].Length; m++)
                {
                    Interval z = free.PreActivations[l][m];
                    if ((z.Lo < 0 && z.Hi > 0) || random.Next(20) == 0)
                    {
                        unstable.Add((l, m));
                    }
                }
            }
        }

        foreach (var (l, m) in unstable.OrderBy(_ => random.Next()).Take(3))
        {
            phases[l][m] = random.Next(2) == 0 ? (sbyte)1 : (sbyte)-1;
        }

        return phases;
    }

    private static double[][] PreActivations(FeedForwardNetwork net, double[] x)
    {
        var z = new double[net.Layers.Count][];
        double[] h = x;
        for (int l = 0; l < net.Layers.Count; l++)
        {
            DenseLayer layer = net.Layers[l];
            z[l] = new double[layer.OutputSize];
            for (int i = 0; i < layer.OutputSize; i++)
            {
                double s = layer.Bias[i];
                for (int m = 0; m < layer.InputSize; m++)
                {
                    s += layer.Weight(i, m) * h[m];
                }

                z[l][i] = s;
            }

            h = [.. z[l].Select(v => DenseLayer.Apply(layer.Activation, v, layer.LeakySlope))];
        }

        return z;
    }

    private static bool Satisfies(double[][] z, sbyte[][] phases)
    {
        for (int l = 0; l < phases.Length; l++)
        {
            for (int m = 0; m < phases[l].Length; m++)
            {
                if ((phases[l][m] > 0 && z[l][m] < 0) || (phases[l][m] < 0 && z[l][m] > 0))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
