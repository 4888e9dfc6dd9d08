using System.Globalization;
using Certus.Core.Networks;
using Google.Protobuf;
using Onnx;

namespace Certus.Control.Networks;

/// <summary>
/// Writes a <see cref="FeedForwardNetwork"/> as an ONNX model (opset 13) that other tools can run: ONNX Runtime,
/// PyTorch's importer, other verifiers. The graph reads <c>"input"</c> (<c>[N, n]</c>, a symbolic batch dimension
/// <c>N</c>) and writes <c>"output"</c> (<c>[N, m]</c>).
/// </summary>
/// <remarks>
/// <para>Nodes: the input normalisation as <c>Sub</c> (the offset) and <c>Mul</c> (the scale), each only where it is not
/// the identity; each layer as <c>Gemm</c> (<c>transB = 1</c>, the weights as <c>[out, in]</c>, as stored) followed by
/// <c>Relu</c>, <c>Tanh</c>, <c>Sigmoid</c> or <c>LeakyRelu</c> (none for the identity); the output scaling as
/// <c>Mul</c> and <c>Add</c>. <see cref="OnnxNetworkReader"/> reads the file back to the same function.</para>
/// <para>Precision: by default the tensors are float32 (the type runtimes and exporters expect), so the export is the
/// network with every weight rounded to the nearest float: an interchange copy, not the certified network. The
/// network that is certified and deployed is our JSON (<see cref="CertusNetworkJson"/>), which holds the doubles
/// exactly. <see cref="OnnxElementType.Double"/> writes float64 tensors instead, read back bit for bit (but for a
/// <c>LeakyRelu</c> slope, which ONNX stores as a float attribute in either case).</para>
/// </remarks>
public static class OnnxNetworkWriter
{
    /// <summary>The operator set the file declares.</summary>
    public const long Opset = 13;

    /// <summary>The name of the graph input.</summary>
    public const string InputName = "input";

    /// <summary>The name of the graph output.</summary>
    public const string OutputName = "output";

    /// <summary>Writes a network to a file (atomically: a temporary file, then a rename).</summary>
    /// <param name="network">The network.</param>
    /// <param name="path">The <c>.onnx</c> file.</param>
    /// <param name="elementType">The tensor type (default float32).</param>
    public static void Write(FeedForwardNetwork network, string path, OnnxElementType elementType = OnnxElementType.Float)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes = ToBytes(network, elementType);
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        string temporary = path + ".tmp";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The serialized <c>ModelProto</c> of a network.</summary>
    /// <param name="network">The network.</param>
    /// <param name="elementType">The tensor type (default float32).</param>
    /// <returns>The bytes of the model.</returns>
    public static byte[] ToBytes(FeedForwardNetwork network, OnnxElementType elementType = OnnxElementType.Float)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (elementType is not (OnnxElementType.Float or OnnxElementType.Double))
        {
            throw new ArgumentOutOfRangeException(nameof(elementType), elementType, "float or double");
        }

        return new Builder(network, (int)elementType).Build().ToByteArray();
    }

    private sealed class Builder(FeedForwardNetwork network, int type)
    {
        private readonly GraphProto _graph = new() { Name = "certus" };
        private string _current = InputName;
        private int _count;

        public ModelProto Build()
        {
            var model = new ModelProto
            {
                IrVersion = 8,
                ProducerName = "certus",
                ProducerVersion = "1",
                DocString = "Written by Certus (OnnxNetworkWriter) from " + network.Name + ": " + network,
                Graph = _graph,
            };
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = Opset });
            _graph.Input.Add(ValueInfo(InputName, network.InputSize));
            int steps = Steps();
            if (!IsAll(network.InputOffset, 0))
            {
                Binary("Sub", "input_offset", network.InputOffset, --steps == 0);
            }

            if (!IsAll(network.InputScale, 1))
            {
                Binary("Mul", "input_scale", network.InputScale, --steps == 0);
            }

            for (int l = 0; l < network.Layers.Count; l++)
            {
                DenseLayer layer = network.Layers[l];
                string w = $"layer{l + 1}_weight", b = $"layer{l + 1}_bias";
                Initializer(w, [layer.OutputSize, layer.InputSize], layer.Weights.ToArray());
                Initializer(b, [layer.OutputSize], layer.Bias.ToArray());
                Node("Gemm", [_current, w, b], --steps == 0, new AttributeProto { Name = "transB", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
                switch (layer.Activation)
                {
                    case Activation.Identity:
                        break;
                    case Activation.Relu:
                        Node("Relu", [_current], --steps == 0);
                        break;
                    case Activation.Tanh:
                        Node("Tanh", [_current], --steps == 0);
                        break;
                    case Activation.Sigmoid:
                        Node("Sigmoid", [_current], --steps == 0);
                        break;
                    case Activation.LeakyRelu:
                        Node("LeakyRelu", [_current], --steps == 0, new AttributeProto { Name = "alpha", Type = AttributeProto.Types.AttributeType.Float, F = (float)layer.LeakySlope });
                        break;
                    default:
                        throw new NotSupportedException($"{network.Name}: the activation {layer.Activation} has no ONNX operator here.");
                }
            }

            if (!IsAll(network.OutputScale, 1))
            {
                Binary("Mul", "output_scale", network.OutputScale, --steps == 0);
            }

            if (!IsAll(network.OutputOffset, 0))
            {
                Binary("Add", "output_offset", network.OutputOffset, --steps == 0);
            }

            _graph.Output.Add(ValueInfo(OutputName, network.OutputSize));
            return model;
        }

        /// <summary>The number of nodes (the last one writes the graph output).</summary>
        private int Steps()
        {
            int n = (IsAll(network.InputOffset, 0) ? 0 : 1) + (IsAll(network.InputScale, 1) ? 0 : 1)
                + (IsAll(network.OutputScale, 1) ? 0 : 1) + (IsAll(network.OutputOffset, 0) ? 0 : 1);
            foreach (DenseLayer layer in network.Layers)
            {
                n += layer.Activation == Activation.Identity ? 1 : 2;
            }

            return n;
        }

        private void Binary(string op, string name, IReadOnlyList<double> values, bool last)
        {
            Initializer(name, [values.Count], [.. values]);
            Node(op, [_current, name], last);
        }

        private void Node(string op, string[] inputs, bool last, params AttributeProto[] attributes)
        {
            string output = last ? OutputName : string.Create(CultureInfo.InvariantCulture, $"t{++_count}");
            var node = new NodeProto { OpType = op, Name = string.Create(CultureInfo.InvariantCulture, $"{op.ToLowerInvariant()}_{_graph.Node.Count + 1}") };
            node.Input.Add(inputs);
            node.Output.Add(output);
            node.Attribute.Add(attributes);
            _graph.Node.Add(node);
            _current = output;
        }

        private void Initializer(string name, long[] dims, double[] values)
        {
            var t = new TensorProto { Name = name, DataType = type };
            t.Dims.Add(dims);
            if (type == (int)OnnxElementType.Double)
            {
                t.DoubleData.Add(values);
            }
            else
            {
                t.FloatData.Add(values.Select(v => (float)v));
            }

            _graph.Initializer.Add(t);
        }

        private ValueInfoProto ValueInfo(string name, int size)
        {
            var shape = new TensorShapeProto();
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "N" });
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = size });
            return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = type, Shape = shape } } };
        }

        private static bool IsAll(IReadOnlyList<double> values, double value) => values.All(v => v == value);
    }
}
