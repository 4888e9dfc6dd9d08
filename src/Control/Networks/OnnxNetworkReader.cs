using Certus.Core.Networks;
using Google.Protobuf;
using Onnx;

namespace Certus.Control.Networks;

/// <summary>
/// Reads feed-forward networks from ONNX files (exports of MATLAB, Keras and PyTorch alike) by following the data
/// flow from the single graph input to the single graph output.
/// </summary>
/// <remarks>
/// <para>Supported operators (default domain), each with one data input and constants (initializers or
/// <c>Constant</c> nodes) for the rest:</para>
/// <list type="bullet">
/// <item><c>Gemm</c> (transA, transB, alpha, beta; the data may be A or B), <c>MatMul</c> (data on either side) and
/// <c>Conv</c> whose output is a function of one vector (any kernel, pads, strides, dilations and groups, batch 1; a
/// 1×1 or full-size kernel on a [1,1,1,n] or [1,n,1,1] input is a dense layer in disguise). Each becomes a dense
/// matrix whose entries are the file's weights, unchanged.</item>
/// <item><c>Add</c>, <c>Sub</c>, <c>Mul</c> and <c>Div</c> with a constant (numpy broadcasting, or the legacy
/// <c>broadcast</c>/<c>axis</c> attributes) that does not enlarge the data tensor. Before any matrix they become the
/// input offset and scale (<c>Sub</c> of a mean vector is <see cref="FeedForwardNetwork.InputOffset"/>); afterwards they
/// fold into the bias or the weights of the pending layer.</item>
/// <item><c>Relu</c>, <c>Tanh</c>, <c>Sigmoid</c>, <c>LeakyRelu</c> (alpha in [0, 1]).</item>
/// <item>Shape-only operators: <c>Flatten</c>, <c>Reshape</c>, <c>Identity</c>, <c>Squeeze</c>, <c>Unsqueeze</c>,
/// <c>Dropout</c> (inference: identity).</item>
/// </list>
/// <para>Exactness: consecutive affine operations are folded into one layer only where the folded numbers are exactly
/// the real result (sums and products checked with error-free transformations); otherwise the pending affine map is
/// closed as a layer with the identity activation, which represents the same function without rounding. A final affine
/// map with no activation after it is an identity-activation layer. One operation rounds: <c>Div</c> by a constant
/// multiplies by the rounded reciprocal (exact when the divisor is a power of two). <c>Gemm</c>'s <c>beta · C</c> must
/// be exact (it is for beta = 1, the usual case) or the file is refused.</para>
/// <para>Other choices: float, float16 and bfloat16 initializers are widened to double exactly; a symbolic input
/// dimension (a batch size such as <c>N</c>) is read as 1; graph inputs that have an initializer (older IR versions
/// list every weight as an input) are constants; nodes that do not lie between the input and the output are ignored.
/// Anything else — another operator, two data inputs to one node (residual connections), a batch larger than 1,
/// external data — gives a <see cref="NetworkFormatException"/> naming the operator, the node and the file.</para>
/// </remarks>
public static class OnnxNetworkReader
{
    /// <summary>Reads an ONNX file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The network, named after <paramref name="path"/>.</returns>
    /// <exception cref="NetworkFormatException">The file is missing, not ONNX, or not a supported feed-forward network.</exception>
    public static FeedForwardNetwork Read(string path) => Parse(SourceFile.ReadBytes(path), path);

    /// <summary>Parses the bytes of an ONNX model.</summary>
    /// <param name="bytes">The serialized <c>ModelProto</c>.</param>
    /// <param name="sourceName">The name used in messages and as <see cref="FeedForwardNetwork.Name"/>.</param>
    /// <returns>The network.</returns>
    /// <exception cref="NetworkFormatException">The bytes are not ONNX, or not a supported feed-forward network.</exception>
    public static FeedForwardNetwork Parse(byte[] bytes, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(sourceName);
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new NetworkFormatException(sourceName, null, $"not an ONNX model (the protobuf data is malformed: {e.Message}).", e);
        }
#pragma warning disable CA1031 // Any failure of the protobuf parser on foreign bytes means the same thing: not ONNX.
        catch (Exception e) when (e is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            throw new NetworkFormatException(sourceName, null, $"not an ONNX model (the protobuf parser failed: {e.Message}).", e);
        }

        return new OnnxGraphReader(model, sourceName).Read();
    }
}
