using Google.Protobuf;
using Onnx;

namespace Certus.Control.Tests.Networks;

/// <summary>Builds small ONNX models in memory for tests (OnnxSharp's generated protobuf classes).</summary>
internal sealed class TinyOnnx
{
    private readonly ModelProto _model;

    public TinyOnnx(long opset = 13, int elementType = 1)
    {
        ElementType = elementType;
        _model = new ModelProto { IrVersion = 8, ProducerName = "certus-tests", Graph = new GraphProto { Name = "tiny" } };
        _model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = opset });
    }

    public int ElementType { get; }

    public GraphProto Graph => _model.Graph;

    public TinyOnnx Input(string name, params long[] dims)
    {
        Graph.Input.Add(ValueInfo(name, dims));
        return this;
    }

    public TinyOnnx Output(string name)
    {
        Graph.Output.Add(ValueInfo(name, null));
        return this;
    }

    /// <summary>A float (or double, per the element type) initializer with deterministic pseudo-random values in [-1, 1].</summary>
    public TinyOnnx Weights(string name, int seed, params long[] dims)
    {
        var random = new Random(seed);
        long count = dims.Aggregate(1L, (p, d) => p * d);
        double[] values = Enumerable.Range(0, (int)count).Select(_ => Math.Round((random.NextDouble() * 2) - 1, 3)).ToArray();
        return Tensor(name, dims, values);
    }

    public TinyOnnx Tensor(string name, long[] dims, double[] values)
    {
        var t = new TensorProto { Name = name, DataType = ElementType };
        t.Dims.Add(dims);
        if (ElementType == 11)
        {
            t.DoubleData.Add(values);
        }
        else
        {
            t.FloatData.Add(values.Select(v => (float)v));
        }

        Graph.Initializer.Add(t);
        return this;
    }

    public TinyOnnx IntTensor(string name, params long[] values)
    {
        var t = new TensorProto { Name = name, DataType = 7 };
        t.Dims.Add(values.Length);
        t.Int64Data.Add(values);
        Graph.Initializer.Add(t);
        return this;
    }

    /// <summary>A Constant node whose value is a tensor of the model's element type.</summary>
    public TinyOnnx ConstantNode(string output, long[] dims, double[] values)
    {
        var t = new TensorProto { DataType = ElementType };
        t.Dims.Add(dims);
        t.FloatData.Add(values.Select(v => (float)v));
        return Node("Constant", "const_" + output, [], output, new AttributeProto { Name = "value", Type = AttributeProto.Types.AttributeType.Tensor, T = t });
    }

    /// <summary>A Constant node holding integers (value_ints).</summary>
    public TinyOnnx ConstantInts(string output, params long[] values)
    {
        var a = new AttributeProto { Name = "value_ints", Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.Add(values);
        return Node("Constant", "const_" + output, [], output, a);
    }

    public TinyOnnx Node(string op, string name, string[] inputs, string output, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = name };
        node.Input.Add(inputs);
        node.Output.Add(output);
        node.Attribute.Add(attributes);
        Graph.Node.Add(node);
        return this;
    }

    public byte[] Bytes() => _model.ToByteArray();

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto Ints(string name, params long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.Add(values);
        return a;
    }

    public static AttributeProto String(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    private ValueInfoProto ValueInfo(string name, long[]? dims)
    {
        var tensor = new TypeProto.Types.Tensor { ElemType = ElementType };
        if (dims is not null)
        {
            tensor.Shape = new TensorShapeProto();
            foreach (long d in dims)
            {
                tensor.Shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
            }
        }

        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensor } };
    }
}
