namespace Certus.Control.Networks;

/// <summary>The tensor element type of an ONNX export (the values are ONNX's <c>TensorProto.DataType</c> codes).</summary>
public enum OnnxElementType
{
    /// <summary>float32: what runtimes expect; the weights rounded to the nearest float.</summary>
    Float = 1,

    /// <summary>float64: the weights exactly.</summary>
    Double = 11,
}
