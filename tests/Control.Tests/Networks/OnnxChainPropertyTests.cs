using Certus.Control.Networks;
using Certus.Core.Networks;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static Certus.Control.Tests.Networks.TinyOnnx;

namespace Certus.Control.Tests.Networks;

/// <summary>
/// Random chains of elementwise constants, matrices and activations (the folding rules of the ONNX reader) compute
/// what ONNX Runtime computes.
/// </summary>
public sealed class OnnxChainPropertyTests
{
    /// <summary>One operation of a chain; <see cref="Seed"/> picks its constants.</summary>
    public sealed record Step(string Op, int Seed, int Width, bool DataSecond)
    {
        public override string ToString() => $"{Op}(seed {Seed}, width {Width}{(DataSecond ? ", data second" : string.Empty)})";
    }

    public static class Arbitraries
    {
        private static readonly string[] Ops = ["Add", "Sub", "Mul", "Div", "Gemm", "MatMul", "Relu", "Tanh", "Sigmoid", "LeakyRelu"];

        public static Arbitrary<Step[]> Chains() =>
            Gen.Choose(1, 7).SelectMany(n => Gen.ArrayOf(
                from op in Gen.Elements(Ops)
                from seed in Gen.Choose(0, 100000)
                from width in Gen.Choose(1, 5)
                from second in Gen.Elements(false, true)
                select new Step(op, seed, width, second), n)).ToArbitrary();
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 150, Replay = "(1234567,891)")]
    public void RandomChain_MatchesOnnxRuntime(Step[] chain)
    {
        TinyOnnx model = new TinyOnnx().Input("x", 1, 3);
        int width = 3;
        string current = "x";
        for (int k = 0; k < chain.Length; k++)
        {
            Step s = chain[k];
            string output = $"t{k}";
            var random = new Random(s.Seed);
            double Value()
            {
                // Two decimals in [-2, 2], away from 0 so that a divisor is never tiny.
                double v = Math.Round((random.NextDouble() * 4) - 2, 2);
                return Math.Abs(v) < 0.05 ? 0.5 : v;
            }

            switch (s.Op)
            {
                case "Add" or "Sub" or "Mul" or "Div":
                    bool scalar = s.Width == 1;
                    model.Tensor($"c{k}", scalar ? [] : [width], Enumerable.Range(0, scalar ? 1 : width).Select(_ => Value()).ToArray());
                    bool second = s.DataSecond && s.Op != "Div";
                    model.Node(s.Op, $"n{k}", second ? [$"c{k}", current] : [current, $"c{k}"], output);
                    break;
                case "Gemm":
                    model.Tensor($"w{k}", [s.Width, width], Enumerable.Range(0, s.Width * width).Select(_ => Value()).ToArray());
                    model.Tensor($"b{k}", [s.Width], Enumerable.Range(0, s.Width).Select(_ => Value()).ToArray());
                    model.Node("Gemm", $"n{k}", [current, $"w{k}", $"b{k}"], output, Int("transB", 1), Float("alpha", s.DataSecond ? 0.1f : 1f));
                    width = s.Width;
                    break;
                case "MatMul":
                    model.Tensor($"w{k}", [width, s.Width], Enumerable.Range(0, s.Width * width).Select(_ => Value()).ToArray());
                    model.Node("MatMul", $"n{k}", [current, $"w{k}"], output);
                    width = s.Width;
                    break;
                case "LeakyRelu":
                    model.Node("LeakyRelu", $"n{k}", [current], output, Float("alpha", 0.1f));
                    break;
                default:
                    model.Node(s.Op, $"n{k}", [current], output);
                    break;
            }

            current = output;
        }

        model.Output(current);
        byte[] bytes = model.Bytes();
        FeedForwardNetwork network = OnnxNetworkReader.Parse(bytes, "chain.onnx");
        double diff = OnnxRuntimeComparison.MaxDifference(bytes, network, [(-2, 2), (-2, 2), (-2, 2)], 20, seed: chain.Length, relative: true);
        Assert.True(diff <= 1e-5, $"relative difference {diff} for {network}");
    }
}
