namespace Certus.Control.Networks;

/// <summary>A decoded ONNX constant: its shape, its values as doubles and, for integer tensors, as integers.</summary>
internal sealed record OnnxConstant(string Name, long[] Dims, double[] Values, long[]? Integers)
{
    /// <summary>Number of elements.</summary>
    public int Count => Values.Length;

    /// <summary>The shape as text, such as <c>[20, 5]</c>.</summary>
    public string ShapeText => OnnxShapes.Text(Dims);
}
