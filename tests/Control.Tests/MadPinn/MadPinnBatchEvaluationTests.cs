using Certus.Control.MadPinn;

namespace Certus.Control.Tests.MadPinn;

/// <summary>The batched evaluation (<see cref="MadPinnModel.EvaluateBatch"/>) against the per-point reference.</summary>
public sealed class MadPinnBatchEvaluationTests
{
    // The fast arithmetic sums in another order and takes another sine: rounding-level agreement (measured: 2e-15 on V,
    // 6e-15 on ∇V). The policy's guarded search relies on |V_fast − V_exact| ≤ 1e-9 (MadPinnPolicy.SearchGuard).
    private const double Tolerance = 1e-12;

    public static TheoryData<string, int> Models => new()
    {
        { "k2", 1 }, { "k2", 7 }, { "k2", 256 }, { "k2", 1000 },
        { "disc", 3 }, { "disc", 64 },
        { "odd", 1 }, { "odd", 13 }, { "odd", 100 },
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void EvaluateBatch_Exact_IsBitForBitTheReference_ValuesAndGradients(string which, int points)
    {
        MadPinnModel model = ModelFor(which);
        double[] x = RandomInputs(model, points, seed: points);
        int d = model.Problem.InputDimension;
        double[] v = new double[points], g = new double[points * d], vb = new double[points], gb = new double[points * d], vOnly = new double[points];
        model.Evaluate(x, v, g);
        model.EvaluateBatch(x, vb, gb);
        model.EvaluateBatch(x, vOnly, [], MadPinnArithmetic.Exact);
        Assert.Equal(v, vb);
        Assert.Equal(g, gb);
        Assert.Equal(v, vOnly);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void EvaluateBatch_Fast_EqualsTheReference_ToRounding(string which, int points)
    {
        MadPinnModel model = ModelFor(which);
        double[] x = RandomInputs(model, points, seed: points + 1);
        int d = model.Problem.InputDimension;
        double[] v = new double[points], g = new double[points * d], vb = new double[points], gb = new double[points * d], vOnly = new double[points];
        model.Evaluate(x, v, g);
        model.EvaluateBatch(x, vb, gb, MadPinnArithmetic.Fast);
        model.EvaluateBatch(x, vOnly, [], MadPinnArithmetic.Fast);
        for (int p = 0; p < points; p++)
        {
            Assert.True(Math.Abs(v[p] - vb[p]) <= Tolerance * Math.Max(1, Math.Abs(v[p])), $"point {p}: V {vb[p]:R} against {v[p]:R}");
            Assert.True(Math.Abs(v[p] - vb[p]) <= MadPinnPolicy.SearchGuard / 100, $"point {p}: the fast value is {Math.Abs(v[p] - vb[p]):E2} off, near the guard");
            Assert.Equal(vb[p], vOnly[p]); // the value does not depend on whether gradients are asked for
            for (int k = 0; k < d; k++)
            {
                double r = g[(p * d) + k], b = gb[(p * d) + k];
                Assert.True(Math.Abs(r - b) <= Tolerance * Math.Max(1, Math.Abs(r)), $"point {p}, input {k}: dV {b:R} against {r:R}");
            }
        }
    }

    [Theory]
    [InlineData(1, MadPinnArithmetic.Exact)]
    [InlineData(2, MadPinnArithmetic.Exact)]
    [InlineData(0, MadPinnArithmetic.Fast)]
    [InlineData(2, MadPinnArithmetic.Fast)]
    public void EvaluateBatchParallel_IsBitForBitTheSingleThreadedBatch_AndEachPointIsItsOwn(int cores, MadPinnArithmetic arithmetic)
    {
        MadPinnModel model = MadPinnScenes.ShippedK2;
        int d = model.Problem.InputDimension, n = 203;
        double[] x = RandomInputs(model, n, seed: 5);
        double[] v = new double[n], g = new double[n * d], vp = new double[n], gp = new double[n * d];
        model.EvaluateBatch(x, v, g, arithmetic);
        model.EvaluateBatchParallel(x, vp, gp, n, cores, arithmetic);
        Assert.Equal(v, vp);
        Assert.Equal(g, gp);

        // A point alone gives what it gives in the batch (the policy reuses values across batches of other compositions).
        double[] one = new double[1], oneGrad = new double[d];
        foreach (int p in new[] { 0, 9, 17, 202 })
        {
            model.EvaluateBatch(x.AsSpan(p * d, d), one, oneGrad, arithmetic);
            Assert.Equal(v[p], one[0]);
            Assert.Equal(g.AsSpan(p * d, d).ToArray(), oneGrad);
        }
    }

    [Fact]
    public void EvaluateBatch_WrongLengths_Throw()
    {
        MadPinnModel model = MadPinnScenes.ShippedK2;
        Assert.Throws<ArgumentException>(() => model.EvaluateBatch(new double[11], new double[1], []));
        Assert.Throws<ArgumentException>(() => model.EvaluateBatch(new double[12], new double[1], new double[11]));
        Assert.Throws<ArgumentException>(() => model.EvaluateBatchParallel(new double[12], new double[1], null, 2));
    }

    [Fact]
    public void VectorSine_AgreesWithMathSinAndCos_ToRounding()
    {
        var rng = new Random(11);
        int n = 1 << 16;
        double[] x = new double[n];
        for (int i = 0; i < n; i++)
        {
            // Mostly the activations' range (ω₀ times a pre-activation), some tiny and some past the fallback limit.
            x[i] = (i % 16) switch
            {
                0 => ((2 * rng.NextDouble()) - 1) * 1e-6,
                1 => ((2 * rng.NextDouble()) - 1) * 1e7,
                _ => ((2 * rng.NextDouble()) - 1) * 400,
            };
        }

        x[3] = Math.PI / 2;
        x[4] = -Math.PI;
        x[5] = 0;
        double[] s = new double[n], c = new double[n];
        VectorSine.Apply(x, s, cosine: false);
        VectorSine.Apply(x, c, cosine: true);
        for (int i = 0; i < n; i++)
        {
            Assert.True(Math.Abs(s[i] - Math.Sin(x[i])) <= 4e-16, $"sin({x[i]:R}) = {s[i]:R}, Math.Sin {Math.Sin(x[i]):R}");
            Assert.True(Math.Abs(c[i] - Math.Cos(x[i])) <= 4e-16, $"cos({x[i]:R}) = {c[i]:R}, Math.Cos {Math.Cos(x[i]):R}");
        }

        // In place gives the same.
        double[] inPlace = (double[])x.Clone();
        VectorSine.Apply(inPlace, inPlace, cosine: false);
        Assert.Equal(s, inPlace);
    }

    private static MadPinnModel ModelFor(string which) => which switch
    {
        "k2" => MadPinnScenes.ShippedK2,
        "disc" => MadPinnScenes.ShippedDisc,
        _ => OddModel(),
    };

    /// <summary>A random model whose widths are not multiples of the vector or register-block sizes (remainder paths).</summary>
    private static MadPinnModel OddModel()
    {
        var problem = new MadPinnProblem { Neighbours = 1, SafetyRadius = 0.35, Horizon = 1 };
        var network = new SineNetworkOptions { HiddenLayers = 2, Width = 13, Omega0 = 15 };
        var rng = new Random(3);
        int d = problem.InputDimension;
        var layers = new List<DenseLayer>();
        int inputs = d;
        for (int l = 0; l <= network.HiddenLayers; l++)
        {
            int outputs = l == network.HiddenLayers ? 1 : network.Width;
            double bound = l == 0 ? 1.0 / inputs : Math.Sqrt(6.0 / inputs) / network.Omega0;
            double[] w = [.. Enumerable.Range(0, inputs * outputs).Select(_ => bound * ((2 * rng.NextDouble()) - 1))];
            double[] b = [.. Enumerable.Range(0, outputs).Select(_ => ((2 * rng.NextDouble()) - 1) / Math.Sqrt(inputs))];
            layers.Add(new DenseLayer(inputs, outputs, w, b));
            inputs = outputs;
        }

        double[] lo = problem.InputLower(), hi = problem.InputUpper();
        return new MadPinnModel(problem, network, layers, [.. lo.Zip(hi, (a, b) => 0.5 * (a + b))], [.. lo.Zip(hi, (a, b) => 0.5 * (b - a))], 0.7, 0.2, new MadPinnTrainingState(0, 1, 0, double.NaN, double.NaN));
    }

    private static double[] RandomInputs(MadPinnModel model, int points, int seed)
    {
        var rng = new Random(seed);
        double[] lo = model.Problem.InputLower(), hi = model.Problem.InputUpper();
        int d = lo.Length;
        double[] x = new double[points * d];
        for (int p = 0; p < points; p++)
        {
            for (int k = 0; k < d; k++)
            {
                // The input box, a little beyond it (deployment clips goals, not neighbour offsets).
                x[(p * d) + k] = lo[k] + ((hi[k] - lo[k]) * ((1.2 * rng.NextDouble()) - 0.1));
            }
        }

        return x;
    }
}
