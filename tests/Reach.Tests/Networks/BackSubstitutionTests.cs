using Certus.Core.Networks;
using Certus.Core.Sets;
using Certus.Reach.Networks;
using FsCheck.Xunit;
using Xunit.Abstractions;
using Interval = Certus.Core.Numerics.Interval;

namespace Certus.Reach.Tests.Networks;

/// <summary>
/// The fast double-coefficient back-substitution of <see cref="LinearRelaxation"/> against the interval-coefficient
/// reference: never looser than it beyond rounding, the same bounds on controller-sized networks. Soundness (every
/// sampled output inside the bounds) is the property in <see cref="NetworkBoundPropertyTests"/>.
/// </summary>
public sealed class BackSubstitutionTests(ITestOutputHelper output)
{
    // How much looser than the reference the fast engine may be: relative to the magnitude of the reference bound,
    // plus a tiny absolute term for bounds near zero (the error bounds scale with the intermediate values). The worst
    // seen over some 9000 random cases was 2.4e-13 relative; the fast engine is usually the tighter one.
    private const double LooserRelative = 1e-11;
    private const double LooserAbsolute = 1e-12;

    [Property(Arbitrary = [typeof(NetworkBoundPropertyTests.Arbitraries)], MaxTest = 300, Replay = "(271828,18285)")]
    public bool FastBounds_AreNeverMuchLooserThanTheIntervalReference(NetworkBoundPropertyTests.Case c)
    {
        var fast = new BackSubstitution(c.Network, c.Input);
        var reference = new IntervalBackSubstitution(c.Network, c.Input);
        for (int k = 0; k < c.Network.Layers.Count; k++)
        {
            for (int i = 0; i < fast.PreActivations[k].Length; i++)
            {
                AssertNotLooser(fast.PreActivations[k][i], reference.PreActivations[k][i], $"layer {k + 1} neuron {i + 1}");
            }
        }

        Box fastBox = fast.OutputBox(), referenceBox = reference.OutputBox();
        for (int j = 0; j < fastBox.Dimension; j++)
        {
            AssertNotLooser(fastBox[j], referenceBox[j], $"output {j + 1}");
        }

        // The affine enclosures over the whole box: the slopes are the same averages up to rounding, so the boxes
        // they give (slopes times input plus remainder) compare like the bounds.
        AffineEnclosure fastAffine = fast.Affine(), referenceAffine = reference.Affine();
        Box fastFromAffine = fastAffine.Evaluate(c.Input), referenceFromAffine = referenceAffine.Evaluate(c.Input);
        for (int j = 0; j < fastFromAffine.Dimension; j++)
        {
            AssertNotLooser(fastFromAffine[j], referenceFromAffine[j], $"affine output {j + 1}");
        }

        return true;
    }

    public static TheoryData<string, int> ControllerShapes => new()
    {
        { "acc-relu", 1 }, { "acc-relu", 2 }, { "acc-tanh", 3 },
        { "tora-relu", 4 }, { "tora-relu", 5 }, { "tora-sigmoid", 6 }, { "tora-sigmoid", 8 }, { "tora-relu-tanh", 7 },
    };

    // On networks of the ARCH-COMP controllers' shapes the fast engine is never looser than the reference by more than
    // 1e-12 of a bound's scale and agrees with it to 1e-11 (it is usually the tighter of the two: the reference widens
    // its interval coefficients at every operation, the fast engine's bounds grow like u√p per step).
    [Theory]
    [MemberData(nameof(ControllerShapes))]
    public void ControllerSizedNetworks_GiveTheReferenceBounds(string shape, int seed)
    {
        (FeedForwardNetwork net, Box input) = ControllerLike(shape, seed);
        var fast = new BackSubstitution(net, input);
        var reference = new IntervalBackSubstitution(net, input);
        double worstLooser = 0, worstDifference = 0;
        int tighter = 0, looser = 0;
        void Compare(Interval f, Interval r, string what)
        {
            double scale = Math.Max(r.Magnitude, r.Width);
            double difference = Math.Max(Math.Abs(f.Lo - r.Lo), Math.Abs(f.Hi - r.Hi)) / scale;
            double looserBy = Math.Max(Math.Max(r.Lo - f.Lo, f.Hi - r.Hi), 0) / scale;
            worstDifference = Math.Max(worstDifference, difference);
            worstLooser = Math.Max(worstLooser, looserBy);
            tighter += f.Width < r.Width ? 1 : 0;
            looser += f.Width > r.Width ? 1 : 0;
            Assert.True(looserBy <= 1e-12, $"{shape}: {what}: fast {f} is looser than reference {r} by {looserBy:E2} of its scale");
            Assert.True(difference <= 1e-11, $"{shape}: {what}: fast {f} vs reference {r} (relative difference {difference:E2})");
        }

        for (int k = 1; k < net.Layers.Count; k++)
        {
            for (int i = 0; i < fast.PreActivations[k].Length; i++)
            {
                Compare(fast.PreActivations[k][i], reference.PreActivations[k][i], $"layer {k + 1} neuron {i + 1}");
            }
        }

        Box fastBox = fast.OutputBox(), referenceBox = reference.OutputBox();
        for (int j = 0; j < fastBox.Dimension; j++)
        {
            Compare(fastBox[j], referenceBox[j], $"output {j + 1}");
        }

        AffineEnclosure fastAffine = fast.Affine(), referenceAffine = reference.Affine();
        for (int j = 0; j < fastBox.Dimension; j++)
        {
            double slopeScale = referenceAffine.Coefficients[j].Max(Math.Abs);
            for (int i = 0; i < net.InputSize; i++)
            {
                double a = fastAffine.Coefficients[j][i], b = referenceAffine.Coefficients[j][i];
                Assert.True(Math.Abs(a - b) <= 1e-11 * slopeScale, $"{shape}: slope {j + 1},{i + 1}: {a:R} vs {b:R}");
            }

            Compare(fastAffine.Evaluate(input)[j], referenceAffine.Evaluate(input)[j], $"affine output {j + 1}");
        }

        output.WriteLine($"{shape} ({net}): fast looser by at most {worstLooser:E2}, differs by at most {worstDifference:E2} (relative); " +
            $"fast tighter on {tighter}, looser on {looser} bounds");
    }

    [Fact]
    public void OverflowingIntervalBounds_FallBackToTheReference()
    {
        // Interval propagation overflows in the second layer: the fast engine must hand over to the reference.
        var net = new FeedForwardNetwork(
        [
            new DenseLayer(1, 2, [1e200, -1e200], [0, 0], Activation.Relu),
            new DenseLayer(2, 1, [1e200, 1e200], [1], Activation.Identity),
        ]);
        Box input = Box.FromBounds([-1], [2]);
        var fast = new BackSubstitution(net, input);
        var reference = new IntervalBackSubstitution(net, input);
        Assert.Equal(reference.OutputBox(), fast.OutputBox());
        Assert.Equal(reference.Affine().Remainder, fast.Affine().Remainder);
        Assert.True(new LinearRelaxation().Bound(net, input).Output[0].Contains(1));
    }

    [Fact]
    public void HugeWeights_StaySound()
    {
        // Weights near the overflow threshold of the error terms: bounds may become loose or infinite, never wrong.
        var random = new Random(5);
        for (int trial = 0; trial < 200; trial++)
        {
            double scale = Math.Pow(10, random.Next(60, 150));
            var layers = new List<DenseLayer>();
            int inputs = 2;
            foreach (int width in new[] { 3, 3, 1 })
            {
                double[] w = [.. Enumerable.Range(0, inputs * width).Select(_ => (random.NextDouble() - 0.5) * scale)];
                double[] b = [.. Enumerable.Range(0, width).Select(_ => (random.NextDouble() - 0.5) * scale)];
                layers.Add(new DenseLayer(inputs, width, w, b, width == 1 ? Activation.Identity : Activation.Relu));
                inputs = width;
            }

            var net = new FeedForwardNetwork(layers);
            Box input = Box.FromBounds([-1, -1], [1, 1]);
            Box bound = new LinearRelaxation().Bound(net, input).Output;
            AffineEnclosure affine = LinearRelaxation.Affine(net, input);
            for (int k = 0; k < 200; k++)
            {
                double[] x = input.Sample(random);
                Box exact = new IntervalPropagation().Bound(net, Box.FromPoint(x)).Output;
                Assert.True(bound[0].Overlaps(exact[0]), $"trial {trial}: {exact[0]} outside {bound[0]}");
                Assert.True(affine.Evaluate(0, x).Overlaps(exact[0]), $"trial {trial}: affine misses {exact[0]}");
            }
        }
    }

    private static void AssertNotLooser(Interval fast, Interval reference, string what)
    {
        double tolerance = (LooserRelative * reference.Magnitude) + LooserAbsolute;
        bool ok = fast.Lo >= reference.Lo - tolerance && fast.Hi <= reference.Hi + tolerance;
        Assert.True(ok, $"{what}: fast {fast} is looser than reference {reference}");
    }

    // Random networks of the shapes of the ARCH-COMP controllers (He-style weights), over boxes of their benchmarks.
    private static (FeedForwardNetwork Network, Box Input) ControllerLike(string shape, int seed)
    {
        var random = new Random(seed);
        (int Inputs, int[] Widths, Activation[] Activations, Box Box) spec = shape switch
        {
            "acc-relu" => (5, [20, 20, 20, 20, 20, 1], Repeat(Activation.Relu, 5, Activation.Identity), AccBox),
            "acc-tanh" => (5, [20, 20, 20, 20, 20, 1], Repeat(Activation.Tanh, 5, Activation.Identity), AccBox),
            "tora-relu" => (4, [100, 100, 100, 1], Repeat(Activation.Relu, 3, Activation.Identity), ToraBox),
            "tora-sigmoid" => (4, [100, 100, 100, 1], Repeat(Activation.Sigmoid, 3, Activation.Sigmoid), ToraHeterogeneousBox),
            "tora-relu-tanh" => (4, [20, 20, 20, 1], [Activation.Relu, Activation.Tanh, Activation.Relu, Activation.Tanh], ToraHeterogeneousBox),
            _ => throw new ArgumentOutOfRangeException(nameof(shape), shape, null),
        };
        (int inputs, int[] widths, Activation[] activations, Box box) = spec;
        var layers = new List<DenseLayer>();
        int previous = inputs;
        for (int k = 0; k < widths.Length; k++)
        {
            double spread = Math.Sqrt(6.0 / previous);
            double[] w = [.. Enumerable.Range(0, previous * widths[k]).Select(_ => (2 * random.NextDouble() - 1) * spread)];
            double[] b = [.. Enumerable.Range(0, widths[k]).Select(_ => (2 * random.NextDouble() - 1) * 0.1)];
            layers.Add(new DenseLayer(previous, widths[k], w, b, activations[k]));
            previous = widths[k];
        }

        return (new FeedForwardNetwork(layers, name: shape), box);
    }

    private static Activation[] Repeat(Activation hidden, int count, Activation last) => [.. Enumerable.Repeat(hidden, count), last];

    private static Box AccBox => new(new Interval(30), new Interval(1.4), new Interval(30, 30.2), new Interval(79, 100), new Interval(1.8, 2.2));

    private static Box ToraBox => Box.FromBounds([0.6, -0.7, -0.4, 0.5], [0.7, -0.6, -0.3, 0.6]);

    private static Box ToraHeterogeneousBox => Box.FromBounds([-0.77, -0.45, 0.51, -0.3], [-0.75, -0.43, 0.54, -0.28]);
}
