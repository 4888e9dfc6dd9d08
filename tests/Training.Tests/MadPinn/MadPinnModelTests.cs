using Certus.Control.MadPinn;
using TorchSharp;
using static TorchSharp.torch;

namespace Certus.Training.Tests.MadPinn;

/// <summary>The C# evaluator, the normalisation's chain rule and the model file.</summary>
public sealed class MadPinnModelTests
{
    private static MadPinnModel RandomModel(int neighbours = 1, int seed = 7)
    {
        torch.manual_seed(seed);
        var problem = new MadPinnProblem { Neighbours = neighbours };
        double[] lo = problem.InputLower(), hi = problem.InputUpper();
        using SineNetwork net = SineNetwork.Create(new SineNetworkOptions { HiddenLayers = 2, Width = 16, Omega0 = 10 }, problem.InputDimension,
            [.. lo.Zip(hi, (a, b) => (a + b) / 2)], [.. lo.Zip(hi, (a, b) => (b - a) / 2)], 1.7, 0.3);
        return net.ToModel(problem, new MadPinnTrainingState(0, 1, 0, double.NaN, double.NaN));
    }

    private static double[] RandomInput(MadPinnProblem p, Random rng)
    {
        double[] lo = p.InputLower(), hi = p.InputUpper();
        return [.. lo.Zip(hi, (a, b) => a + ((b - a) * rng.NextDouble()))];
    }

    [Fact]
    public void Gradient_ThroughTheNormalisation_MatchesFiniteDifferences()
    {
        MadPinnModel model = RandomModel();
        var rng = new Random(11);
        int d = model.Problem.InputDimension;
        for (int trial = 0; trial < 5; trial++)
        {
            double[] x = RandomInput(model.Problem, rng);
            double[] value = new double[1], grad = new double[d];
            model.Evaluate(x, value, grad);
            for (int k = 0; k < d; k++)
            {
                const double H = 1e-6;
                double[] a = (double[])x.Clone(), b = (double[])x.Clone();
                a[k] += H;
                b[k] -= H;
                double fd = (model.Value(a) - model.Value(b)) / (2 * H);
                Assert.True(Math.Abs(fd - grad[k]) <= 1e-5 * (1 + Math.Abs(fd)), $"input {k}: finite difference {fd}, gradient {grad[k]}");
            }
        }
    }

    [Fact]
    public void Evaluator_MatchesTorch_ValuesAndAutogradGradients()
    {
        MadPinnModel model = RandomModel(2);
        using var scope = NewDisposeScope();
        using SineNetwork net = SineNetwork.FromModel(model);
        var rng = new Random(2);
        int d = model.Problem.InputDimension;
        double[] x = [.. Enumerable.Range(0, 4).SelectMany(_ => RandomInput(model.Problem, rng))];
        double[] values = new double[4], grads = new double[4 * d];
        model.Evaluate(x, values, grads);
        Tensor xt = tensor(x, dtype: float32).reshape(4, d).requires_grad_(true);
        Tensor v = net.Forward(xt);
        Tensor g = autograd.grad([v.sum()], [xt])[0];
        float[] tv = v.data<float>().ToArray(), tg = g.data<float>().ToArray();
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(values[i], tv[i], 3);
        }

        for (int k = 0; k < grads.Length; k++)
        {
            Assert.True(Math.Abs(grads[k] - tg[k]) <= 2e-3 * (1 + Math.Abs(grads[k])), $"gradient {k}: C# {grads[k]}, torch {tg[k]}");
        }
    }

    [Fact]
    public void File_RoundTrips()
    {
        MadPinnModel model = RandomModel();
        string json = MadPinnModelFile.ToJson(model);
        MadPinnModel back = MadPinnModelFile.Parse(json, "model.json");
        Assert.Equal(model.Problem with { BudgetMax = model.Problem.EffectiveBudgetMax, Obstacles = [] }, back.Problem with { Obstacles = [] });
        Assert.Equal(model.ParameterCount, back.ParameterCount);
        var rng = new Random(4);
        double[] x = RandomInput(model.Problem, rng);
        Assert.Equal(model.Value(x), back.Value(x), 4); // weights stored as 32-bit floats
        Assert.Equal(MadPinnModelFile.ToJson(back), MadPinnModelFile.ToJson(MadPinnModelFile.Parse(MadPinnModelFile.ToJson(back), "again.json")));
    }

    [Fact]
    public void File_Truncated_SaysSo()
    {
        string json = MadPinnModelFile.ToJson(RandomModel());
        var e = Assert.Throws<MadPinnModelException>(() => MadPinnModelFile.Parse(json[..(json.Length / 2)], "cut.json"));
        Assert.Contains("cut.json", e.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void File_WithNaN_NamesTheField()
    {
        string json = MadPinnModelFile.ToJson(RandomModel());
        int at = json.IndexOf("\"bias\":[", StringComparison.Ordinal) + 8;
        string bad = json[..at] + "\"NaN\"," + json[at..];
        var e = Assert.Throws<MadPinnModelException>(() => MadPinnModelFile.Parse(bad, "nan.json"));
        Assert.Contains("layers[0].bias[0]", e.Message, StringComparison.Ordinal);
        Assert.Contains("finite", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void File_MissingWeights_NamesTheLayer()
    {
        string json = MadPinnModelFile.ToJson(RandomModel());
        int at = json.IndexOf("\"weights\":[", StringComparison.Ordinal) + 11;
        string bad = json[..at] + json[(json.IndexOf(',', at) + 1)..];
        var e = Assert.Throws<MadPinnModelException>(() => MadPinnModelFile.Parse(bad, "short.json"));
        Assert.Contains("layers[0]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void File_OtherFormat_IsRefused()
    {
        var e = Assert.Throws<MadPinnModelException>(() => MadPinnModelFile.Parse("{\"format\":\"onnx\"}", "other.json"));
        Assert.Contains("not a MAD-PINN model", e.Message, StringComparison.Ordinal);
    }
}
