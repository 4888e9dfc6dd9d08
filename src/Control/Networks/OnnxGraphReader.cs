using System.Buffers.Binary;
using Certus.Core.Networks;
using Onnx;

namespace Certus.Control.Networks;

/// <summary>
/// Reads one ONNX graph: finds the data input and output, walks back from the output to the input through nodes with
/// a single data input, then replays that chain forward into a <see cref="LayerBuilder"/> while tracking the shape of
/// the data tensor. The operators are in <c>OnnxGraphReader.Operators.cs</c>.
/// </summary>
internal sealed partial class OnnxGraphReader
{
    private const int DataTypeFloat = 1;
    private const int DataTypeInt32 = 6;
    private const int DataTypeInt64 = 7;
    private const int DataTypeFloat16 = 10;
    private const int DataTypeDouble = 11;
    private const int DataTypeBfloat16 = 16;

    private readonly ModelProto _model;
    private readonly string _source;
    private readonly Dictionary<string, TensorProto> _initializers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NodeProto> _producers = new(StringComparer.Ordinal);
    private readonly Dictionary<NodeProto, int> _nodeIndex = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, OnnxConstant> _constants = new(StringComparer.Ordinal);
    private LayerBuilder _builder = null!;
    private long[] _shape = [];
    private string _place = "graph";

    public OnnxGraphReader(ModelProto model, string source)
    {
        _model = model;
        _source = source;
    }

    public FeedForwardNetwork Read()
    {
        GraphProto graph = _model.Graph ?? throw Error(null, "the model has no graph (is this an ONNX file?).");
        if (graph.Node.Count == 0 && graph.Input.Count == 0 && graph.Output.Count == 0)
        {
            throw Error(null, "the model's graph is empty (is this an ONNX file?).");
        }

        foreach (TensorProto t in graph.Initializer)
        {
            _initializers.TryAdd(t.Name, t);
        }

        for (int i = 0; i < graph.Node.Count; i++)
        {
            NodeProto node = graph.Node[i];
            _nodeIndex[node] = i;
            foreach (string output in node.Output)
            {
                if (output.Length > 0 && !_producers.TryAdd(output, node))
                {
                    throw Error(NodePlace(node), $"tensor '{output}' is produced by two nodes; an ONNX graph assigns each tensor once.");
                }
            }
        }

        ValueInfoProto input = FindInput(graph);
        string outputName = FindOutput(graph);
        List<(NodeProto Node, int DataIndex)> chain = Chain(input.Name, outputName, graph.Node.Count);

        _shape = InputShape(input);
        long width = OnnxShapes.Product(_shape, NetworkFile.MaxWeights);
        if (width < 1)
        {
            throw Error($"input '{input.Name}'", $"the input shape {OnnxShapes.Text(_shape)} has no elements or more than {NetworkFile.MaxWeights}.");
        }

        _builder = new LayerBuilder((int)width, _source);
        foreach ((NodeProto node, int dataIndex) in chain)
        {
            _place = NodePlace(node);
            _builder.Place = _place;
            Apply(node, dataIndex);
        }

        _place = $"output '{outputName}'";
        _builder.Place = _place;
        return _builder.Build(_source);
    }

    private ValueInfoProto FindInput(GraphProto graph)
    {
        var inputs = graph.Input.Where(i => !_initializers.ContainsKey(i.Name)).ToList();
        if (inputs.Count == 1)
        {
            return inputs[0];
        }

        if (inputs.Count == 0)
        {
            throw Error("graph inputs", "the graph has no input that is not an initializer; a network needs one data input.");
        }

        throw Error("graph inputs", $"the graph has {inputs.Count} data inputs ({string.Join(", ", inputs.Select(i => $"'{i.Name}'"))}); only networks with one input tensor are supported.");
    }

    private string FindOutput(GraphProto graph)
    {
        if (graph.Output.Count != 1)
        {
            throw Error("graph outputs", $"the graph has {graph.Output.Count} outputs; only networks with one output tensor are supported.");
        }

        return graph.Output[0].Name;
    }

    /// <summary>Walks back from the output to the input; each node on the way must have exactly one data input.</summary>
    private List<(NodeProto Node, int DataIndex)> Chain(string inputName, string outputName, int nodeCount)
    {
        var chain = new List<(NodeProto, int)>();
        var visited = new HashSet<NodeProto>(ReferenceEqualityComparer.Instance);
        string current = outputName;
        while (current != inputName)
        {
            if (IsConstant(current))
            {
                throw Error($"tensor '{current}'", "the graph output does not depend on the graph input (it is computed from constants only).");
            }

            if (!_producers.TryGetValue(current, out NodeProto? node))
            {
                throw Error($"tensor '{current}'", $"the tensor is neither the graph input '{inputName}', an initializer, nor the output of a node.");
            }

            if (!visited.Add(node) || chain.Count > nodeCount)
            {
                throw Error(NodePlace(node), "the graph has a cycle.");
            }

            if (node.Output[0] != current)
            {
                throw Error(NodePlace(node), $"the data flows through output '{current}', which is not the first output of the operator; it is not supported.");
            }

            int dataIndex = -1;
            for (int i = 0; i < node.Input.Count; i++)
            {
                string name = node.Input[i];
                if (name.Length == 0 || IsConstant(name))
                {
                    continue;
                }

                if (name != inputName && !_producers.ContainsKey(name))
                {
                    throw Error(NodePlace(node), $"input {i + 1} '{name}' is neither the graph input '{inputName}', an initializer, nor the output of a node.");
                }

                if (dataIndex >= 0)
                {
                    throw Error(NodePlace(node),
                        $"the node combines two data tensors ('{node.Input[dataIndex]}' and '{name}'); only chains of operators with one data input (and constant weights) are supported.");
                }

                dataIndex = i;
            }

            if (dataIndex < 0)
            {
                throw Error(NodePlace(node), "the node has only constant inputs, so the graph output does not depend on the graph input.");
            }

            chain.Add((node, dataIndex));
            current = node.Input[dataIndex];
        }

        chain.Reverse();
        return chain;
    }

    private long[] InputShape(ValueInfoProto input)
    {
        string place = $"input '{input.Name}'";
        TypeProto.Types.Tensor? tensor = input.Type?.TensorType;
        if (tensor is null)
        {
            throw Error(place, "the graph input is not a tensor.");
        }

        if (tensor.ElemType is not (DataTypeFloat or DataTypeDouble or DataTypeFloat16 or DataTypeBfloat16))
        {
            throw Error(place, $"the input has element type {tensor.ElemType}; a network takes floating-point inputs (float, double, float16, bfloat16).");
        }

        if (tensor.Shape is null)
        {
            throw Error(place, "the input has no shape; the reader needs the number of inputs.");
        }

        var dims = new long[tensor.Shape.Dim.Count];
        for (int i = 0; i < dims.Length; i++)
        {
            TensorShapeProto.Types.Dimension d = tensor.Shape.Dim[i];
            if (d.HasDimValue)
            {
                if (d.DimValue < 1)
                {
                    throw Error(place, $"dimension {i} of the input is {d.DimValue}; it must be positive.");
                }

                dims[i] = d.DimValue;
            }
            else
            {
                dims[i] = 1;
            }
        }

        return dims;
    }

    private bool IsConstant(string name) =>
        _initializers.ContainsKey(name)
        || (_producers.TryGetValue(name, out NodeProto? node) && node.OpType == "Constant" && IsDefaultDomain(node));

    private static bool IsDefaultDomain(NodeProto node) => node.Domain.Length == 0 || node.Domain == "ai.onnx";

    private string NodePlace(NodeProto node)
    {
        string name = node.Name.Length > 0 ? $"'{node.Name}'" : $"#{(_nodeIndex.TryGetValue(node, out int i) ? i + 1 : 0)}";
        return $"node {name} ({node.OpType})";
    }

    private NetworkFormatException Error(string? place, string problem) => new(_source, place, problem);

    private NetworkFormatException Error(string problem) => new(_source, _place, problem);

    /// <summary>The constant tensor <paramref name="name"/> (an initializer or a Constant node's value), decoded once.</summary>
    private OnnxConstant Constant(string name)
    {
        if (_constants.TryGetValue(name, out OnnxConstant? cached))
        {
            return cached;
        }

        OnnxConstant value;
        if (_initializers.TryGetValue(name, out TensorProto? tensor))
        {
            value = Decode(tensor, $"initializer '{name}'");
        }
        else if (_producers.TryGetValue(name, out NodeProto? node) && node.OpType == "Constant")
        {
            value = DecodeConstantNode(node, name);
        }
        else
        {
            throw Error($"tensor '{name}' is used as a constant but is neither an initializer nor the output of a Constant node.");
        }

        _constants[name] = value;
        return value;
    }

    private OnnxConstant DecodeConstantNode(NodeProto node, string name)
    {
        string place = NodePlace(node);
        if (node.Attribute.Count != 1)
        {
            throw Error(place, $"a Constant node needs exactly one value attribute, found {node.Attribute.Count}.");
        }

        AttributeProto a = node.Attribute[0];
        switch (a.Name)
        {
            case "value" when a.T is not null:
                return Decode(a.T, place) with { Name = name };
            case "value_float":
                return Checked(new OnnxConstant(name, [], [a.F], null), place);
            case "value_floats":
                return Checked(new OnnxConstant(name, [a.Floats.Count], a.Floats.Select(f => (double)f).ToArray(), null), place);
            case "value_int":
                return new OnnxConstant(name, [], [a.I], [a.I]);
            case "value_ints":
                return new OnnxConstant(name, [a.Ints.Count], a.Ints.Select(i => (double)i).ToArray(), [.. a.Ints]);
            default:
                throw Error(place, $"the Constant attribute '{a.Name}' is not supported (use value, value_float(s) or value_int(s)).");
        }
    }

    private OnnxConstant Decode(TensorProto t, string place)
    {
        if (t.DataLocation == TensorProto.Types.DataLocation.External)
        {
            throw Error(place, "the tensor keeps its data in an external file, which is not supported; save the model with the weights inside.");
        }

        long[] dims = [.. t.Dims];
        long count = OnnxShapes.Product(dims, NetworkFile.MaxWeights);
        if (count < 0)
        {
            throw Error(place, $"the tensor shape {OnnxShapes.Text(dims)} is invalid or has more than {NetworkFile.MaxWeights} elements.");
        }

        int n = (int)count;
        ReadOnlySpan<byte> raw = t.RawData.Span;
        bool useRaw = raw.Length > 0;
        var values = new double[n];
        long[]? integers = null;
        switch (t.DataType)
        {
            case DataTypeFloat:
                CheckLength(useRaw, useRaw ? raw.Length : t.FloatData.Count, useRaw ? 4L * n : n, place, "float");
                for (int i = 0; i < n; i++)
                {
                    values[i] = useRaw ? BinaryPrimitives.ReadSingleLittleEndian(raw.Slice(4 * i, 4)) : t.FloatData[i];
                }

                break;
            case DataTypeDouble:
                CheckLength(useRaw, useRaw ? raw.Length : t.DoubleData.Count, useRaw ? 8L * n : n, place, "double");
                for (int i = 0; i < n; i++)
                {
                    values[i] = useRaw ? BinaryPrimitives.ReadDoubleLittleEndian(raw.Slice(8 * i, 8)) : t.DoubleData[i];
                }

                break;
            case DataTypeFloat16:
            case DataTypeBfloat16:
                CheckLength(useRaw, useRaw ? raw.Length : t.Int32Data.Count, useRaw ? 2L * n : n, place, "16-bit float");
                for (int i = 0; i < n; i++)
                {
                    ushort bits = useRaw ? BinaryPrimitives.ReadUInt16LittleEndian(raw.Slice(2 * i, 2)) : unchecked((ushort)t.Int32Data[i]);
                    values[i] = t.DataType == DataTypeFloat16
                        ? (double)BitConverter.UInt16BitsToHalf(bits)
                        : BitConverter.Int32BitsToSingle(bits << 16);
                }

                break;
            case DataTypeInt64:
                CheckLength(useRaw, useRaw ? raw.Length : t.Int64Data.Count, useRaw ? 8L * n : n, place, "int64");
                integers = new long[n];
                for (int i = 0; i < n; i++)
                {
                    integers[i] = useRaw ? BinaryPrimitives.ReadInt64LittleEndian(raw.Slice(8 * i, 8)) : t.Int64Data[i];
                    values[i] = integers[i];
                }

                break;
            case DataTypeInt32:
                CheckLength(useRaw, useRaw ? raw.Length : t.Int32Data.Count, useRaw ? 4L * n : n, place, "int32");
                integers = new long[n];
                for (int i = 0; i < n; i++)
                {
                    integers[i] = useRaw ? BinaryPrimitives.ReadInt32LittleEndian(raw.Slice(4 * i, 4)) : t.Int32Data[i];
                    values[i] = integers[i];
                }

                break;
            default:
                throw Error(place, $"the tensor has data type {t.DataType}; the reader takes float, double, float16 and bfloat16 weights and int32/int64 shapes.");
        }

        return Checked(new OnnxConstant(t.Name, dims, values, integers), place);
    }

    private void CheckLength(bool raw, long actual, long expected, string place, string type)
    {
        if (actual != expected)
        {
            throw Error(place, $"the {type} tensor holds {actual} {(raw ? "bytes of raw data" : "values")}, but its shape needs {expected}.");
        }
    }

    private OnnxConstant Checked(OnnxConstant c, string place)
    {
        for (int i = 0; i < c.Values.Length; i++)
        {
            if (!double.IsFinite(c.Values[i]))
            {
                throw Error(place, $"entry {i + 1} of {c.Values.Length} is {c.Values[i]}; weights must be finite numbers.");
            }
        }

        return c;
    }
}
