using System.Diagnostics;
using System.Text;
using Certus.Control.Networks;
using Certus.Core.Networks;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;
using Xunit.Abstractions;

namespace Certus.Control.Tests.Networks;

/// <summary>
/// Parser totality on junk: FsCheck mutates the bytes of every shipped file (and of the JSON and tiny ONNX forms) by
/// truncation, byte flips, insertions, deletions and spliced special tokens; each reader either succeeds or throws
/// <see cref="NetworkFormatException"/>, within five seconds. Any other exception, or a hang, fails.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(5);

    /// <summary>One edit of a byte array; positions are fractions (per million) of the current length.</summary>
    public sealed record Mutation(int Kind, int Position, int Length, byte Value, int Token)
    {
        public override string ToString() => $"{Kinds[Kind]}@{Position / 1e6:0.######}x{Length} value {Value} token '{Tokens[Token]}'";
    }

    private static readonly string[] Kinds = ["truncate", "flip", "insert", "delete", "splice", "duplicate"];

    /// <summary>Tokens that probe counts, numbers and names.</summary>
    private static readonly string[] Tokens =
    [
        "NaN", "Infinity", "-1", "0", "2147483647", "99999999999", "1e400", "-0", "ReLU", "swish", "\n", "\n\n", ",", "//", "{", "}", "[", "]",
        "\"layers\"", "null", "\0", "\u00e9", "1e-400", "100000", "3.5",
    ];

    private static Gen<Mutation> MutationGen { get; } =
        from kind in Gen.Frequency((2, Gen.Constant(0)), (4, Gen.Constant(1)), (2, Gen.Constant(2)), (2, Gen.Constant(3)), (3, Gen.Constant(4)), (1, Gen.Constant(5)))
        from position in Gen.Frequency((4, Gen.Choose(0, 1_000_000)), (1, Gen.Choose(0, 2_000)))
        from length in Gen.Frequency((4, Gen.Choose(1, 4)), (1, Gen.Choose(1, 200)))
        from value in Gen.Choose(0, 255)
        from token in Gen.Choose(0, Tokens.Length - 1)
        select new Mutation(kind, position, length, (byte)value, token);

    private static Arbitrary<Mutation[]> Mutations { get; } =
        Gen.Choose(1, 4).SelectMany(n => Gen.ArrayOf(MutationGen, n)).ToArbitrary();

    /// <summary>The corpus: every shipped network file, plus JSON and small ONNX forms.</summary>
    public static TheoryData<string> Corpus() => new([.. SpecNetworks.AllFiles(), "json:single_pendulum", "json:acc", "onnx:tiny"]);

    [Theory]
    [MemberData(nameof(Corpus))]
    public void MutatedFile_ParsesOrThrowsNetworkFormatException(string item)
    {
        (byte[] original, string name, NetworkLoadOptions options) = Seed(item);
        int maxTest = original.Length > 100_000 ? 150 : 800;
        var clock = Stopwatch.StartNew();
        int successes = 0;
        int rejections = 0;
        Config config = Config.QuickThrowOnFailure
            .WithMaxTest(maxTest)
            .WithQuietOnSuccess(true)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd((ulong)item.Length * 7919UL, 1442695040888963407UL), FSharpOption<int>.None)));
        Check.One(config, Prop.ForAll(Mutations, edits =>
        {
            byte[] bytes = Apply(original, edits);
            if (ParsesOrRejects(bytes, name, options))
            {
                successes++;
            }
            else
            {
                rejections++;
            }
        }));
        output.WriteLine($"{item}: {maxTest} cases, {successes} parsed, {rejections} rejected, {clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void GarbageBytes_AreRejectedByEveryReader()
    {
        var random = new Random(5);
        foreach (int length in new[] { 0, 1, 2, 7, 64, 1000 })
        {
            var bytes = new byte[length];
            random.NextBytes(bytes);
            foreach (string name in new[] { "g.onnx", "g.nnet", "g.polar", "g.txt", "g.json", "g.bin" })
            {
                var options = new NetworkLoadOptions { HiddenActivation = Activation.Relu, OutputActivation = Activation.Identity };
                Assert.Throws<NetworkFormatException>(() => NetworkFile.Parse(bytes, name, options));
            }
        }
    }

    /// <summary>True when the bytes parse, false when they are rejected with <see cref="NetworkFormatException"/>; throws otherwise.</summary>
    private static bool ParsesOrRejects(byte[] bytes, string name, NetworkLoadOptions options)
    {
        var task = Task.Run(() => NetworkFile.Parse(bytes, name, options));
        try
        {
            if (!task.Wait(Limit))
            {
                throw new TimeoutException($"parsing {bytes.Length} mutated bytes of {name} took longer than {Limit}.");
            }

            return true;
        }
        catch (AggregateException e) when (e.InnerException is NetworkFormatException)
        {
            return false;
        }
        catch (AggregateException e)
        {
            throw new InvalidOperationException($"{name}: the reader threw {e.InnerException?.GetType().Name} instead of NetworkFormatException: {e.InnerException?.Message}", e.InnerException);
        }
    }

    private static byte[] Apply(byte[] original, Mutation[] edits)
    {
        var bytes = new List<byte>(original);
        foreach (Mutation m in edits)
        {
            int at = (int)((long)m.Position * bytes.Count / 1_000_000);
            at = Math.Clamp(at, 0, bytes.Count);
            int length = Math.Min(m.Length, bytes.Count - at);
            switch (m.Kind)
            {
                case 0:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 1 when at < bytes.Count:
                    bytes[at] ^= m.Value == 0 ? (byte)1 : m.Value;
                    break;
                case 2:
                    bytes.InsertRange(at, Enumerable.Repeat(m.Value, m.Length));
                    break;
                case 3:
                    bytes.RemoveRange(at, length);
                    break;
                case 4:
                    bytes.RemoveRange(at, Math.Min(length, 1));
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(Tokens[m.Token]));
                    break;
                case 5:
                    bytes.InsertRange(at, bytes.GetRange(at, length));
                    break;
                default:
                    break;
            }
        }

        return [.. bytes];
    }

    private static (byte[] Bytes, string Name, NetworkLoadOptions Options) Seed(string item)
    {
        if (item.StartsWith("json:", StringComparison.Ordinal))
        {
            string file = item == "json:acc" ? "acc/ACC_controller_tanh.polar" : "single_pendulum/InvertedPendulum_controller.polar";
            string json = CertusNetworkJson.Serialize(SpecNetworks.Load(file));
            return (Encoding.UTF8.GetBytes(json), item[5..] + ".json", NetworkLoadOptions.Default);
        }

        if (item == "onnx:tiny")
        {
            TinyOnnx m = new TinyOnnx()
                .Input("x", 1, 1, 1, 4)
                .Tensor("mean", [1, 1, 1, 4], [0.5, 0.25, 0, 1])
                .Node("Sub", "sub", ["x", "mean"], "n")
                .Weights("K", 1, 3, 1, 1, 4).Weights("kb", 2, 3)
                .Node("Conv", "conv", ["n", "K", "kb"], "c", TinyOnnx.Ints("kernel_shape", 1, 4))
                .Node("Relu", "r", ["c"], "h")
                .Node("Flatten", "f", ["h"], "hf")
                .Weights("W", 3, 2, 3).IntTensor("shape", 1, -1)
                .Node("Gemm", "g", ["hf", "W"], "z", TinyOnnx.Int("transB", 1))
                .Node("Reshape", "rs", ["z", "shape"], "y")
                .Output("y");
            return (m.Bytes(), "tiny.onnx", NetworkLoadOptions.Default);
        }

        return (File.ReadAllBytes(SpecNetworks.PathOf(item)), item, SpecNetworks.OptionsFor(item));
    }
}
