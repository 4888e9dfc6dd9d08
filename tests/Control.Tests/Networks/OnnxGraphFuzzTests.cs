using Certus.Control.Networks;
using FsCheck;
using FsCheck.Fluent;
using Google.Protobuf;
using Microsoft.FSharp.Core;
using Onnx;
using Xunit.Abstractions;

namespace Certus.Control.Tests.Networks;

/// <summary>
/// Structure-aware fuzzing of the ONNX reader: FsCheck edits the parsed model (dimensions, data types, operator
/// names, inputs, attributes, graph inputs and outputs) so that the bytes stay valid protobuf and the graph code is
/// exercised. The reader must succeed or throw <see cref="NetworkFormatException"/>, within five seconds.
/// </summary>
public sealed class OnnxGraphFuzzTests(ITestOutputHelper output)
{
    private static readonly string[] Ops =
    [
        "Gemm", "MatMul", "Conv", "Add", "Sub", "Mul", "Div", "Relu", "Tanh", "Sigmoid", "LeakyRelu", "Flatten", "Reshape",
        "Identity", "Squeeze", "Unsqueeze", "Dropout", "Constant", "Softmax", "Concat", string.Empty,
    ];

    private const int GraphCases = 600;

    private static readonly long[] Sizes = [0, 1, 2, 3, 4, 5, 20, 100, -1, -7, 1L << 31, 1L << 40, long.MaxValue];

    /// <summary>One structural edit; the integers pick the element and the new value.</summary>
    public sealed record Edit(int Kind, int A, int B, int C);

    private static Arbitrary<Edit[]> Edits { get; } =
        (from n in Gen.Choose(1, 3)
         from edits in Gen.ArrayOf(
             from kind in Gen.Choose(0, 11)
             from a in Gen.Choose(0, 1000)
             from b in Gen.Choose(0, 1000)
             from c in Gen.Choose(-3, 1000)
             select new Edit(kind, a, b, c), n)
         select edits).ToArbitrary();

    public static TheoryData<string> OnnxFiles() =>
        new(SpecNetworks.AllFiles().Where(f => f.EndsWith(".onnx", StringComparison.Ordinal)));

    [Theory]
    [MemberData(nameof(OnnxFiles))]
    public void EditedGraph_ParsesOrThrowsNetworkFormatException(string file)
    {
        byte[] original = File.ReadAllBytes(SpecNetworks.PathOf(file));
        int parsed = 0;
        int rejected = 0;
        var messages = new SortedSet<string>(StringComparer.Ordinal);
        Config config = Config.QuickThrowOnFailure
            .WithMaxTest(GraphCases)
            .WithQuietOnSuccess(true)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd((ulong)file.Length * 104729UL, 1442695040888963407UL), FSharpOption<int>.None)));
        Check.One(config, Prop.ForAll(Edits, edits =>
        {
            ModelProto model = ModelProto.Parser.ParseFrom(original);
            foreach (Edit e in edits)
            {
                Apply(model, e);
            }

            byte[] bytes = model.ToByteArray();
            var task = Task.Run(() => OnnxNetworkReader.Parse(bytes, file));
            try
            {
                Assert.True(task.Wait(TimeSpan.FromSeconds(5)), $"{file}: parsing took longer than 5 s");
                parsed++;
            }
            catch (AggregateException x) when (x.InnerException is NetworkFormatException)
            {
                rejected++;
                messages.Add(x.InnerException.Message);
            }
            catch (AggregateException x)
            {
                throw new InvalidOperationException($"{file}: {x.InnerException?.GetType().Name}: {x.InnerException?.Message}", x.InnerException);
            }
        }));
        output.WriteLine($"{file}: {GraphCases} edited graphs, {parsed} parsed, {rejected} rejected; some messages:");
        foreach (string message in messages.Where(m => m.Contains("node", StringComparison.Ordinal) || m.Contains("output", StringComparison.Ordinal)).Take(40))
        {
            output.WriteLine("  " + message);
        }
    }

    private static void Apply(ModelProto model, Edit e)
    {
        GraphProto g = model.Graph;
        switch (e.Kind)
        {
            case 0 when g.Initializer.Count > 0:
                TensorProto t = g.Initializer[e.A % g.Initializer.Count];
                if (t.Dims.Count > 0)
                {
                    t.Dims[e.B % t.Dims.Count] = Sizes[e.C < 0 ? 0 : e.C % Sizes.Length];
                }
                else
                {
                    t.Dims.Add(Sizes[Math.Abs(e.C) % Sizes.Length]);
                }

                break;
            case 1 when g.Initializer.Count > 0:
                g.Initializer[e.A % g.Initializer.Count].DataType = e.B % 18;
                break;
            case 2 when g.Initializer.Count > 0:
                TensorProto r = g.Initializer[e.A % g.Initializer.Count];
                if (r.RawData.Length > 0)
                {
                    r.RawData = ByteString.CopyFrom(r.RawData.Span[..(e.B % r.RawData.Length)]);
                }
                else if (r.FloatData.Count > 0)
                {
                    r.FloatData[e.B % r.FloatData.Count] = e.C % 3 == 0 ? float.NaN : float.PositiveInfinity;
                }

                break;
            case 3 when g.Node.Count > 0:
                g.Node[e.A % g.Node.Count].OpType = Ops[e.B % Ops.Length];
                break;
            case 4 when g.Node.Count > 0:
                NodeProto n = g.Node[e.A % g.Node.Count];
                if (n.Input.Count > 0 && e.C % 2 == 0)
                {
                    n.Input.RemoveAt(e.B % n.Input.Count);
                }
                else
                {
                    n.Input.Add(e.C % 3 == 0 ? string.Empty : g.Node[e.B % g.Node.Count].Output[0]);
                }

                break;
            case 5 when g.Node.Count > 0:
                NodeProto s = g.Node[e.A % g.Node.Count];
                if (s.Input.Count >= 2)
                {
                    (s.Input[0], s.Input[1]) = (s.Input[1], s.Input[0]);
                }

                break;
            case 6 when g.Node.Count > 0:
                NodeProto at = g.Node[e.A % g.Node.Count];
                string[] names = ["alpha", "beta", "transA", "transB", "axis", "axes", "group", "pads", "strides", "dilations", "kernel_shape", "auto_pad", "allowzero", "broadcast"];
                string name = names[e.B % names.Length];
                AttributeProto? existing = at.Attribute.FirstOrDefault(x => x.Name == name);
                if (existing is not null)
                {
                    at.Attribute.Remove(existing);
                }

                var attribute = new AttributeProto { Name = name };
                switch (e.C % 4)
                {
                    case 0:
                        attribute.Type = AttributeProto.Types.AttributeType.Int;
                        attribute.I = Sizes[e.A % Sizes.Length];
                        break;
                    case 1:
                        attribute.Type = AttributeProto.Types.AttributeType.Float;
                        attribute.F = e.A % 5 == 0 ? float.NaN : (e.A - 500) / 100f;
                        break;
                    case 2:
                        attribute.Type = AttributeProto.Types.AttributeType.Ints;
                        attribute.Ints.Add(Enumerable.Range(0, e.A % 5).Select(i => Sizes[(e.B + i) % Sizes.Length]));
                        break;
                    default:
                        attribute.Type = AttributeProto.Types.AttributeType.String;
                        attribute.S = ByteString.CopyFromUtf8(new[] { "SAME_UPPER", "VALID", "NOTSET", "bogus" }[e.A % 4]);
                        break;
                }

                at.Attribute.Add(attribute);
                break;
            case 7:
                ValueInfoProto? input = g.Input.LastOrDefault(i => g.Initializer.All(t2 => t2.Name != i.Name));
                TensorShapeProto? shape = input?.Type?.TensorType?.Shape;
                if (shape is not null && shape.Dim.Count > 0)
                {
                    TensorShapeProto.Types.Dimension d = shape.Dim[e.B % shape.Dim.Count];
                    if (e.C % 3 == 0)
                    {
                        d.DimParam = "N";
                    }
                    else
                    {
                        d.DimValue = Sizes[e.A % Sizes.Length];
                    }
                }

                break;
            case 8 when g.Node.Count > 0:
                g.Node.RemoveAt(e.A % g.Node.Count);
                break;
            case 9 when g.Initializer.Count > 0:
                g.Initializer.RemoveAt(e.A % g.Initializer.Count);
                break;
            case 10:
                if (e.C % 2 == 0 && g.Output.Count > 0)
                {
                    g.Output[0].Name = g.Node.Count > 0 ? g.Node[e.A % g.Node.Count].Output[0] : "nothing";
                }
                else
                {
                    g.Output.Add(new ValueInfoProto { Name = "extra" });
                }

                break;
            case 11 when g.Node.Count > 1:
                // Move a node, or make a cycle by feeding a later output back into an earlier node.
                NodeProto first = g.Node[e.A % g.Node.Count];
                NodeProto later = g.Node[e.B % g.Node.Count];
                if (first.Input.Count > 0 && e.C % 2 == 0)
                {
                    first.Input[0] = later.Output[0];
                }
                else
                {
                    g.Node.Remove(first);
                    g.Node.Insert(e.B % (g.Node.Count + 1), first);
                }

                break;
            default:
                break;
        }
    }
}
