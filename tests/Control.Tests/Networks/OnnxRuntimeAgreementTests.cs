using Certus.Core.Networks;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Xunit.Abstractions;

namespace Certus.Control.Tests.Networks;

/// <summary>Known answers from outside the project: ONNX Runtime evaluates the same ONNX file.</summary>
public sealed class OnnxRuntimeAgreementTests(ITestOutputHelper output)
{
    private const int Samples = 500;
    private const double Tolerance = 1e-5;

    /// <summary>
    /// Every shipped ONNX file that ONNX Runtime loads. acc/controller_5_20.onnx is left out on purpose: ONNX Runtime
    /// refuses it (its opset-6 Gemm gets a rank-4 input), which <see cref="OnnxRuntime_RefusesTheAccController"/> pins.
    /// </summary>
    public static TheoryData<string> LoadableFiles() => new(LoadableNames());

    private static IEnumerable<string> LoadableNames() =>
        SpecNetworks.AllFiles().Where(f => f.EndsWith(".onnx", StringComparison.Ordinal) && f != "acc/controller_5_20.onnx");

    [Fact]
    public void OnnxRuntime_RefusesTheAccController()
    {
        // Skipped explicitly in LoadableFiles: if ONNX Runtime ever loads it, this fails and the file joins the comparison.
        Assert.ThrowsAny<OnnxRuntimeException>(() =>
        {
            using var session = new InferenceSession(SpecNetworks.PathOf("acc/controller_5_20.onnx"));
        });
        Assert.Contains("acc/controller_5_20.onnx", SpecNetworks.AllFiles());
        Assert.DoesNotContain("acc/controller_5_20.onnx", LoadableNames());
    }

    [Theory]
    [MemberData(nameof(LoadableFiles))]
    public void Reader_MatchesOnnxRuntime(string file)
    {
        string path = SpecNetworks.PathOf(file);
        FeedForwardNetwork network = SpecNetworks.Load(file);
        double diff = OnnxRuntimeComparison.MaxDifference(File.ReadAllBytes(path), network, Boxes.For(file), Samples, seed: 7);
        output.WriteLine($"max |reader - ONNX Runtime| for {file} = {diff:R}");
        Assert.True(diff <= Tolerance, $"max difference {diff}");
    }
}

/// <summary>Evaluates a model with ONNX Runtime and compares with a network read from it.</summary>
internal static class OnnxRuntimeComparison
{
    /// <summary>
    /// The largest |network − ONNX Runtime| over random inputs from the box (inputs rounded to the model's input type
    /// first); with <paramref name="relative"/>, each difference is divided by max(1, |ONNX Runtime's value|).
    /// </summary>
    public static double MaxDifference(byte[] model, FeedForwardNetwork network, (double Lo, double Hi)[] box, int samples, int seed, bool relative = false)
    {
        using var session = new InferenceSession(model);
        (string name, NodeMetadata input) = session.InputMetadata.Single();
        int[] dims = input.Dimensions.Select(d => d < 0 ? 1 : d).ToArray();
        Assert.Equal(network.InputSize, dims.Aggregate(1, (p, d) => p * d));
        bool isDouble = input.ElementType == typeof(double);
        Assert.True(isDouble || input.ElementType == typeof(float), $"input type {input.ElementType}");
        double max = 0;
        foreach (double[] raw in Boxes.Sample(box, samples, seed))
        {
            double[] x = isDouble ? raw : raw.Select(v => (double)(float)v).ToArray();
            NamedOnnxValue value = isDouble
                ? NamedOnnxValue.CreateFromTensor(name, new DenseTensor<double>(x, dims))
                : NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(x.Select(v => (float)v).ToArray(), dims));
            using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> results = session.Run([value]);
            DisposableNamedOnnxValue result = results.First();
            double[] expected = result.Value is Tensor<double> d ? d.ToArray() : result.AsTensor<float>().Select(v => (double)v).ToArray();
            double[] actual = network.Evaluate(x);
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < actual.Length; i++)
            {
                double scale = relative ? Math.Max(1, Math.Abs(expected[i])) : 1;
                max = Math.Max(max, Math.Abs(expected[i] - actual[i]) / scale);
            }
        }

        return max;
    }
}
