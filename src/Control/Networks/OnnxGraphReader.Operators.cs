using Certus.Core.Networks;
using Onnx;

namespace Certus.Control.Networks;

/// <summary>The operators that <see cref="OnnxGraphReader"/> understands, applied to the data tensor.</summary>
internal sealed partial class OnnxGraphReader
{
    private const string Supported =
        "Gemm, MatMul, Conv, Add, Sub, Mul, Div, Relu, Tanh, Sigmoid, LeakyRelu, Flatten, Reshape, Identity, Squeeze, Unsqueeze, Dropout";

    /// <summary>Largest number of loop steps a Conv may take when it is unrolled into a matrix.</summary>
    private const long MaxConvSteps = 100_000_000;

    private void Apply(NodeProto node, int dataIndex)
    {
        if (!IsDefaultDomain(node))
        {
            throw Error($"unsupported operator '{node.OpType}' of domain '{node.Domain}'; supported are the default-domain operators {Supported}.");
        }

        switch (node.OpType)
        {
            case "Identity":
            case "Dropout":
                RequireDataAt(node, dataIndex, 0);
                break;
            case "Flatten":
                RequireDataAt(node, dataIndex, 0);
                Flatten(node);
                break;
            case "Reshape":
                RequireDataAt(node, dataIndex, 0);
                Reshape(node);
                break;
            case "Squeeze":
                RequireDataAt(node, dataIndex, 0);
                Squeeze(node);
                break;
            case "Unsqueeze":
                RequireDataAt(node, dataIndex, 0);
                Unsqueeze(node);
                break;
            case "Relu":
                RequireDataAt(node, dataIndex, 0);
                _builder.Activate(Activation.Relu, 0);
                break;
            case "Tanh":
                RequireDataAt(node, dataIndex, 0);
                _builder.Activate(Activation.Tanh, 0);
                break;
            case "Sigmoid":
                RequireDataAt(node, dataIndex, 0);
                _builder.Activate(Activation.Sigmoid, 0);
                break;
            case "LeakyRelu":
                RequireDataAt(node, dataIndex, 0);
                double alpha = FloatAttribute(node, "alpha", 0.01f);
                if (!(alpha >= 0 && alpha <= 1))
                {
                    throw Error($"LeakyRelu alpha is {alpha}; only slopes in [0, 1] (monotone activations) are supported.");
                }

                _builder.Activate(Activation.LeakyRelu, alpha);
                break;
            case "Add":
            case "Sub":
            case "Mul":
            case "Div":
                Elementwise(node, dataIndex);
                break;
            case "MatMul":
                MatMul(node, dataIndex);
                break;
            case "Gemm":
                Gemm(node, dataIndex);
                break;
            case "Conv":
                RequireDataAt(node, dataIndex, 0);
                Conv(node);
                break;
            default:
                throw Error($"unsupported operator '{node.OpType}'; supported are {Supported}.");
        }
    }

    private void RequireDataAt(NodeProto node, int dataIndex, int expected)
    {
        if (dataIndex != expected)
        {
            throw Error($"the data reaches input {dataIndex + 1} of {node.OpType}, which must be a constant; only input {expected + 1} may carry data.");
        }
    }

    private long Width => _builder.Width;

    private void SetShape(long[] shape)
    {
        long product = OnnxShapes.Product(shape, NetworkFile.MaxWeights);
        if (product != Width)
        {
            throw Error($"the new shape {OnnxShapes.Text(shape)} has {product} elements but the data has {Width}.");
        }

        _shape = shape;
    }

    private void Flatten(NodeProto node)
    {
        int rank = _shape.Length;
        long axis = IntAttribute(node, "axis", 1);
        if (axis < -rank || axis > rank)
        {
            throw Error($"Flatten axis {axis} is outside [-{rank}, {rank}] for the data shape {OnnxShapes.Text(_shape)}.");
        }

        int a = (int)(axis < 0 ? axis + rank : axis);
        long outer = OnnxShapes.Product(_shape[..a], NetworkFile.MaxWeights);
        SetShape([outer, Width / Math.Max(outer, 1)]);
    }

    private void Reshape(NodeProto node)
    {
        if (node.Input.Count < 2 || node.Input[1].Length == 0)
        {
            throw Error("Reshape needs a constant shape as its second input.");
        }

        OnnxConstant target = Constant(node.Input[1]);
        if (target.Integers is null || target.Dims.Length != 1)
        {
            throw Error($"the Reshape shape '{node.Input[1]}' must be a one-dimensional integer tensor, found shape {target.ShapeText}.");
        }

        bool allowZero = IntAttribute(node, "allowzero", 0) != 0;
        var shape = new long[target.Integers.Length];
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < shape.Length; i++)
        {
            long d = target.Integers[i];
            if (d == 0 && !allowZero)
            {
                if (i >= _shape.Length)
                {
                    throw Error($"Reshape dimension {i} is 0 (copy) but the data shape {OnnxShapes.Text(_shape)} has no dimension {i}.");
                }

                d = _shape[i];
            }

            if (d == -1)
            {
                if (inferred >= 0)
                {
                    throw Error("the Reshape shape has more than one -1.");
                }

                inferred = i;
                continue;
            }

            if (d < 1 || d > NetworkFile.MaxWeights)
            {
                throw Error($"Reshape dimension {i} is {target.Integers[i]}; the data has {Width} elements.");
            }

            shape[i] = d;
            known = Math.Min(known * d, NetworkFile.MaxWeights + 1);
        }

        if (inferred >= 0)
        {
            if (Width % known != 0)
            {
                throw Error($"Reshape to {OnnxShapes.Text(target.Integers)}: {Width} elements do not divide by {known}.");
            }

            shape[inferred] = Width / known;
        }

        SetShape(shape);
    }

    private void Squeeze(NodeProto node)
    {
        long[]? axes = Axes(node);
        int rank = _shape.Length;
        var remove = new bool[rank];
        if (axes is null)
        {
            for (int i = 0; i < rank; i++)
            {
                remove[i] = _shape[i] == 1;
            }
        }
        else
        {
            foreach (long axis in axes)
            {
                if (axis < -rank || axis >= rank)
                {
                    throw Error($"Squeeze axis {axis} is outside the data shape {OnnxShapes.Text(_shape)}.");
                }

                int a = (int)(axis < 0 ? axis + rank : axis);
                if (_shape[a] != 1)
                {
                    throw Error($"Squeeze axis {axis} has size {_shape[a]}, not 1, in the data shape {OnnxShapes.Text(_shape)}.");
                }

                remove[a] = true;
            }
        }

        SetShape(_shape.Where((_, i) => !remove[i]).ToArray());
    }

    private void Unsqueeze(NodeProto node)
    {
        long[] axes = Axes(node) ?? throw Error("Unsqueeze needs axes (an attribute or a constant second input).");
        int rank = _shape.Length + axes.Length;
        var insert = new bool[rank];
        foreach (long axis in axes)
        {
            if (axis < -rank || axis >= rank)
            {
                throw Error($"Unsqueeze axis {axis} is outside the output rank {rank}.");
            }

            int a = (int)(axis < 0 ? axis + rank : axis);
            if (insert[a])
            {
                throw Error($"Unsqueeze axis {axis} appears twice.");
            }

            insert[a] = true;
        }

        var shape = new long[rank];
        int j = 0;
        for (int i = 0; i < rank; i++)
        {
            shape[i] = insert[i] ? 1 : _shape[j++];
        }

        SetShape(shape);
    }

    private long[]? Axes(NodeProto node)
    {
        if (Attribute(node, "axes") is { } attribute)
        {
            return [.. attribute.Ints];
        }

        if (node.Input.Count >= 2 && node.Input[1].Length > 0)
        {
            OnnxConstant axes = Constant(node.Input[1]);
            return axes.Integers ?? throw Error($"the axes '{node.Input[1]}' must be an integer tensor.");
        }

        return null;
    }

    private void Elementwise(NodeProto node, int dataIndex)
    {
        if (node.Input.Count != 2 || node.Input[1 - dataIndex].Length == 0)
        {
            throw Error($"{node.OpType} needs two inputs, the data and a constant.");
        }

        OnnxConstant c = Constant(node.Input[1 - dataIndex]);
        double[] vector = BroadcastAgainstData(node, c, dataIndex == 0);
        switch (node.OpType)
        {
            case "Add":
                _builder.Add(vector);
                break;
            case "Sub" when dataIndex == 0:
                _builder.Add(vector.Select(v => -v).ToArray());
                break;
            case "Sub":
                _builder.Scale(Enumerable.Repeat(-1.0, vector.Length).ToArray());
                _builder.Add(vector);
                break;
            case "Mul":
                _builder.Scale(vector);
                break;
            case "Div" when dataIndex == 0:
                if (vector.Any(v => v == 0))
                {
                    throw Error($"the divisor '{c.Name}' has a zero entry.");
                }

                double[] reciprocal = vector.Select(v => 1 / v).ToArray();
                if (reciprocal.Any(r => !double.IsFinite(r)))
                {
                    throw Error($"the divisor '{c.Name}' has an entry too small to divide by.");
                }

                _builder.Scale(reciprocal);
                break;
            default:
                throw Error("Div with the data as the divisor is not an affine operation; it is not supported.");
        }
    }

    /// <summary>
    /// The constant broadcast to one value per data element (numpy rules, or the legacy <c>axis</c> attribute); the
    /// data tensor takes the broadcast shape, which must hold as many elements as it had.
    /// </summary>
    private double[] BroadcastAgainstData(NodeProto node, OnnxConstant c, bool dataFirst)
    {
        long[] dims = c.Dims;
        if (Attribute(node, "axis") is { } axisAttribute && dataFirst)
        {
            long axis = axisAttribute.I;
            int rank = _shape.Length;
            if (axis < 0)
            {
                axis += rank;
            }

            if (axis < 0 || axis + dims.Length > rank)
            {
                throw Error($"the legacy broadcast axis {axisAttribute.I} does not fit the constant {c.ShapeText} into the data shape {OnnxShapes.Text(_shape)}.");
            }

            var aligned = Enumerable.Repeat(1L, rank).ToArray();
            Array.Copy(dims, 0, aligned, axis, dims.Length);
            dims = aligned;
        }

        int resultRank = Math.Max(dims.Length, _shape.Length);
        var result = new long[resultRank];
        for (int i = 0; i < resultRank; i++)
        {
            long a = Dim(_shape, i, resultRank);
            long b = Dim(dims, i, resultRank);
            if (a != b && a != 1 && b != 1)
            {
                throw Error($"the constant '{c.Name}' of shape {c.ShapeText} does not broadcast with the data shape {OnnxShapes.Text(_shape)}.");
            }

            result[i] = a == 1 ? b : a;
        }

        if (OnnxShapes.Product(result, NetworkFile.MaxWeights) != Width)
        {
            throw Error($"broadcasting the constant '{c.Name}' of shape {c.ShapeText} would enlarge the data from {OnnxShapes.Text(_shape)} to {OnnxShapes.Text(result)}; only constants that keep the data's size are supported.");
        }

        _shape = result;
        return Expand(c, dims, result);
    }

    /// <summary>The constant (with dimensions <paramref name="dims"/>) repeated to fill <paramref name="target"/>, row-major.</summary>
    private double[] Expand(OnnxConstant c, long[] dims, long[] target)
    {
        int rank = target.Length;
        var aligned = new long[rank];
        for (int i = 0; i < rank; i++)
        {
            aligned[i] = Dim(dims, i, rank);
            if (aligned[i] != 1 && aligned[i] != target[i])
            {
                throw Error($"the constant '{c.Name}' of shape {c.ShapeText} does not broadcast to {OnnxShapes.Text(target)}.");
            }
        }

        long count = OnnxShapes.Product(target, NetworkFile.MaxWeights);
        long[] sourceStrides = OnnxShapes.Strides(aligned);
        var values = new double[count];
        var index = new long[rank];
        for (long k = 0; k < count; k++)
        {
            long source = 0;
            for (int i = 0; i < rank; i++)
            {
                if (aligned[i] != 1)
                {
                    source += index[i] * sourceStrides[i];
                }
            }

            values[k] = c.Values[source];
            for (int i = rank - 1; i >= 0; i--)
            {
                if (++index[i] < target[i])
                {
                    break;
                }

                index[i] = 0;
            }
        }

        return values;
    }

    private static long Dim(long[] dims, int i, int rank)
    {
        int j = i - (rank - dims.Length);
        return j < 0 ? 1 : dims[j];
    }

    private void MatMul(NodeProto node, int dataIndex)
    {
        if (node.Input.Count != 2)
        {
            throw Error("MatMul needs two inputs.");
        }

        OnnxConstant c = Constant(node.Input[1 - dataIndex]);
        if (c.Dims.Length is < 1 or > 2)
        {
            throw Error($"the MatMul constant '{c.Name}' has shape {c.ShapeText}; only vectors and matrices are supported.");
        }

        if (dataIndex == 0)
        {
            // y = x B with B of K x N (a vector B is K x 1 and its dimension is dropped).
            long k = c.Dims[0];
            long n = c.Dims.Length == 2 ? c.Dims[1] : 1;
            RequireRowVector(k, "MatMul");
            _builder.CheckSize(n, k, "MatMul");
            var w = new double[n * k];
            for (long j = 0; j < n; j++)
            {
                for (long i = 0; i < k; i++)
                {
                    w[(j * k) + i] = c.Values[(i * n) + j];
                }
            }

            long[] shape = _shape.Length == 1 ? [] : _shape[..^1];
            _builder.Matrix((int)n, w, null);
            _shape = c.Dims.Length == 2 ? [.. shape, n] : shape;
        }
        else
        {
            // y = A x with A of M x K and x a column (a vector A is 1 x K and its dimension is dropped).
            long m = c.Dims.Length == 2 ? c.Dims[0] : 1;
            long k = c.Dims[^1];
            RequireColumnVector(k, "MatMul");
            _builder.CheckSize(m, k, "MatMul");
            bool vector = _shape.Length == 1;
            long[] shape = vector ? [] : _shape[..^2];
            _builder.Matrix((int)m, (double[])c.Values.Clone(), null);
            _shape = vector ? (c.Dims.Length == 2 ? [m] : []) : (c.Dims.Length == 2 ? [.. shape, m, 1] : [.. shape, 1]);
        }
    }

    /// <summary>Checks that the data is a row vector of length <paramref name="k"/> (rank 1, or [.., 1, k] with ones before).</summary>
    private void RequireRowVector(long k, string op)
    {
        if (_shape.Length == 0 || _shape[^1] != k || Width != k)
        {
            throw Error($"{op} multiplies a {k}-row matrix, but the data shape is {OnnxShapes.Text(_shape)}; the data must be one row of {k} values (batch 1).");
        }
    }

    /// <summary>Checks that the data is a column vector of length <paramref name="k"/> (rank 1, or [.., k, 1] with ones before).</summary>
    private void RequireColumnVector(long k, string op)
    {
        bool ok = Width == k && (_shape.Length == 1 ? _shape[0] == k : _shape.Length >= 2 && _shape[^2] == k && _shape[^1] == 1);
        if (!ok)
        {
            throw Error($"{op} multiplies a matrix with {k} columns from the left, but the data shape is {OnnxShapes.Text(_shape)}; the data must be one column of {k} values.");
        }
    }

    private void Gemm(NodeProto node, int dataIndex)
    {
        if (node.Input.Count is < 2 or > 3)
        {
            throw Error($"Gemm needs two or three inputs, found {node.Input.Count}.");
        }

        double alpha = FloatAttribute(node, "alpha", 1);
        double beta = FloatAttribute(node, "beta", 1);
        bool transA = IntAttribute(node, "transA", 0) != 0;
        bool transB = IntAttribute(node, "transB", 0) != 0;
        long rows;
        double[] w;
        long[] outShape;
        if (dataIndex == 0)
        {
            // y = alpha op(A) op(B) + beta C with op(A) = [1, K] the data and op(B) = [K, N] constant.
            if (_shape.Length == 2)
            {
                long m = transA ? _shape[1] : _shape[0];
                if (m != 1)
                {
                    throw Error($"Gemm's data input has shape {OnnxShapes.Text(_shape)}{(transA ? " (transposed)" : string.Empty)}; only one row (batch 1) is supported.");
                }
            }
            else if (transA)
            {
                throw Error($"Gemm with transA on data of rank {_shape.Length} ({OnnxShapes.Text(_shape)}) is not supported.");
            }

            OnnxConstant b = Constant(node.Input[1]);
            if (b.Dims.Length != 2)
            {
                throw Error($"Gemm's B '{b.Name}' has shape {b.ShapeText}; it must be a matrix.");
            }

            long k = transB ? b.Dims[1] : b.Dims[0];
            long n = transB ? b.Dims[0] : b.Dims[1];
            if (k != Width)
            {
                throw Error($"Gemm's B '{b.Name}' has shape {b.ShapeText}{(transB ? " (transposed)" : string.Empty)}, which takes {k} inputs, but the data has {Width}.");
            }

            _builder.CheckSize(n, k, "Gemm");
            w = new double[n * k];
            for (long j = 0; j < n; j++)
            {
                for (long i = 0; i < k; i++)
                {
                    w[(j * k) + i] = transB ? b.Values[(j * k) + i] : b.Values[(i * n) + j];
                }
            }

            rows = n;
            outShape = [1, n];
        }
        else if (dataIndex == 1)
        {
            // y = alpha op(A) op(B) + beta C with op(A) = [M, K] constant and op(B) = [K, 1] the data.
            long kData = transB ? (_shape.Length == 2 ? _shape[1] : -1) : (_shape.Length == 2 ? _shape[0] : -1);
            long one = _shape.Length == 2 ? (transB ? _shape[0] : _shape[1]) : -1;
            if (one != 1 || kData != Width)
            {
                throw Error($"Gemm's data input B has shape {OnnxShapes.Text(_shape)}; it must be one column (batch 1).");
            }

            OnnxConstant a = Constant(node.Input[0]);
            if (a.Dims.Length != 2)
            {
                throw Error($"Gemm's A '{a.Name}' has shape {a.ShapeText}; it must be a matrix.");
            }

            long m = transA ? a.Dims[1] : a.Dims[0];
            long k = transA ? a.Dims[0] : a.Dims[1];
            if (k != Width)
            {
                throw Error($"Gemm's A '{a.Name}' has shape {a.ShapeText}{(transA ? " (transposed)" : string.Empty)}, which takes {k} inputs, but the data has {Width}.");
            }

            _builder.CheckSize(m, k, "Gemm");
            w = new double[m * k];
            for (long r = 0; r < m; r++)
            {
                for (long i = 0; i < k; i++)
                {
                    w[(r * k) + i] = transA ? a.Values[(i * m) + r] : a.Values[(r * k) + i];
                }
            }

            rows = m;
            outShape = [m, 1];
        }
        else
        {
            throw Error("Gemm with the data as C (the addend) is not supported.");
        }

        _builder.Matrix((int)rows, w, null);
        _shape = outShape;
        if (alpha != 1)
        {
            _builder.Scale(Enumerable.Repeat(alpha, (int)rows).ToArray());
        }

        if (node.Input.Count == 3 && node.Input[2].Length > 0 && beta != 0)
        {
            OnnxConstant c = Constant(node.Input[2]);
            if (c.Dims.Length > 2)
            {
                throw Error($"Gemm's C '{c.Name}' has shape {c.ShapeText}; it must have rank 2 or less.");
            }

            double[] bias = Expand(c, c.Dims, outShape);
            for (int i = 0; i < bias.Length; i++)
            {
                if (!ExactArithmetic.TryMultiply(beta, bias[i], out bias[i]))
                {
                    throw Error($"Gemm's beta ({beta}) times entry {i + 1} of C '{c.Name}' is not exactly representable; the reader keeps weights exact and refuses to round it.");
                }
            }

            _builder.Add(bias);
        }
    }

    private void Conv(NodeProto node)
    {
        if (node.Input.Count is < 2 or > 3 || node.Input[1].Length == 0)
        {
            throw Error("Conv needs the data, constant weights and optionally a constant bias.");
        }

        OnnxConstant weights = Constant(node.Input[1]);
        int rank = _shape.Length;
        int spatial = rank - 2;
        if (rank < 3 || weights.Dims.Length != rank)
        {
            throw Error($"Conv weights '{weights.Name}' of shape {weights.ShapeText} do not fit the data shape {OnnxShapes.Text(_shape)}; the data must be [1, channels, spatial...].");
        }

        if (_shape[0] != 1)
        {
            throw Error($"Conv data shape {OnnxShapes.Text(_shape)} has batch {_shape[0]}; only batch 1 is supported.");
        }

        long group = IntAttribute(node, "group", 1);
        long channels = _shape[1];
        long m = weights.Dims[0];
        long channelsPerGroup = weights.Dims[1];
        if (group < 1 || channelsPerGroup * group != channels || m % group != 0)
        {
            throw Error($"Conv weights {weights.ShapeText} with group {group} do not fit {channels} input channels.");
        }

        long[] kernel = weights.Dims[2..];
        long[] size = _shape[2..];
        if (Attribute(node, "kernel_shape") is { } kernelShape && !kernelShape.Ints.SequenceEqual(kernel))
        {
            throw Error($"Conv kernel_shape {OnnxShapes.Text([.. kernelShape.Ints])} differs from the weights' shape {weights.ShapeText}.");
        }

        long[] strides = IntsAttribute(node, "strides", spatial, 1);
        long[] dilations = IntsAttribute(node, "dilations", spatial, 1);
        long[] pads = Attribute(node, "pads") is { } padAttribute ? [.. padAttribute.Ints] : new long[2 * spatial];
        if (pads.Length != 2 * spatial || pads.Any(p => p < 0 || p > NetworkFile.MaxWeights)
            || strides.Any(s => s < 1 || s > NetworkFile.MaxWeights) || dilations.Any(d => d < 1 || d > NetworkFile.MaxWeights)
            || kernel.Any(k => k < 1))
        {
            throw Error("Conv has invalid pads, strides, dilations or kernel sizes.");
        }

        string autoPad = StringAttribute(node, "auto_pad", "NOTSET");
        var outSize = new long[spatial];
        for (int i = 0; i < spatial; i++)
        {
            long extent = ((kernel[i] - 1) * dilations[i]) + 1;
            switch (autoPad)
            {
                case "NOTSET":
                    break;
                case "VALID":
                    pads[i] = pads[i + spatial] = 0;
                    break;
                case "SAME_UPPER":
                case "SAME_LOWER":
                    long target = (size[i] + strides[i] - 1) / strides[i];
                    long total = Math.Max(0, ((target - 1) * strides[i]) + extent - size[i]);
                    long small = total / 2;
                    pads[i] = autoPad == "SAME_UPPER" ? small : total - small;
                    pads[i + spatial] = total - pads[i];
                    break;
                default:
                    throw Error($"Conv auto_pad '{autoPad}' is not one of NOTSET, VALID, SAME_UPPER, SAME_LOWER.");
            }

            long span = size[i] + pads[i] + pads[i + spatial] - extent;
            if (span < 0)
            {
                throw Error($"the Conv kernel (extent {extent}) is larger than the padded input ({size[i] + pads[i] + pads[i + spatial]}) along axis {i + 2}.");
            }

            outSize[i] = (span / strides[i]) + 1;
        }

        long inSpatial = OnnxShapes.Product(size, NetworkFile.MaxWeights);
        long outSpatial = OnnxShapes.Product(outSize, NetworkFile.MaxWeights);
        long kernelCount = OnnxShapes.Product(kernel, NetworkFile.MaxWeights);
        if (outSpatial < 1 || kernelCount < 1 || outSpatial > NetworkFile.MaxWeights / Math.Max(m, 1))
        {
            throw Error("the Conv output is too large.");
        }

        long rows = m * outSpatial;
        long columns = Width;
        _builder.CheckSize(rows, columns, "Conv");
        if ((double)rows * channelsPerGroup * kernelCount > MaxConvSteps)
        {
            throw Error($"unrolling this Conv into a dense layer would take more than {MaxConvSteps} steps.");
        }

        double[]? bias = null;
        if (node.Input.Count == 3 && node.Input[2].Length > 0)
        {
            OnnxConstant b = Constant(node.Input[2]);
            if (b.Count != m)
            {
                throw Error($"Conv bias '{b.Name}' has {b.Count} entries; the {m} output channels need one each.");
            }

            bias = new double[rows];
            for (long r = 0; r < rows; r++)
            {
                bias[r] = b.Values[r / outSpatial];
            }
        }

        var matrix = new double[rows * columns];
        long[] inStrides = OnnxShapes.Strides(size);
        long[] outStrides = OnnxShapes.Strides(outSize);
        long[] kernelStrides = OnnxShapes.Strides(kernel);
        long outPerGroup = m / group;
        var o = new long[spatial];
        var kk = new long[spatial];
        for (long oc = 0; oc < m; oc++)
        {
            long g = oc / outPerGroup;
            for (long op = 0; op < outSpatial; op++)
            {
                Unflatten(op, outStrides, o);
                long row = (oc * outSpatial) + op;
                for (long cc = 0; cc < channelsPerGroup; cc++)
                {
                    long inChannel = (g * channelsPerGroup) + cc;
                    for (long kp = 0; kp < kernelCount; kp++)
                    {
                        Unflatten(kp, kernelStrides, kk);
                        long inIndex = 0;
                        bool inside = true;
                        for (int i = 0; i < spatial && inside; i++)
                        {
                            long p = (o[i] * strides[i]) - pads[i] + (kk[i] * dilations[i]);
                            inside = p >= 0 && p < size[i];
                            inIndex += p * inStrides[i];
                        }

                        if (inside)
                        {
                            long column = (inChannel * inSpatial) + inIndex;
                            matrix[(row * columns) + column] = weights.Values[(((oc * channelsPerGroup) + cc) * kernelCount) + kp];
                        }
                    }
                }
            }
        }

        _builder.Matrix((int)rows, matrix, bias);
        _shape = [1, m, .. outSize];
    }

    private static void Unflatten(long flat, long[] strides, long[] index)
    {
        for (int i = 0; i < strides.Length; i++)
        {
            index[i] = flat / strides[i];
            flat %= strides[i];
        }
    }

    private static AttributeProto? Attribute(NodeProto node, string name) =>
        node.Attribute.FirstOrDefault(a => a.Name == name);

    private long IntAttribute(NodeProto node, string name, long fallback)
    {
        AttributeProto? a = Attribute(node, name);
        if (a is null)
        {
            return fallback;
        }

        if (a.Type != AttributeProto.Types.AttributeType.Int)
        {
            throw Error($"attribute '{name}' should be an integer, found {a.Type}.");
        }

        return a.I;
    }

    private double FloatAttribute(NodeProto node, string name, float fallback)
    {
        AttributeProto? a = Attribute(node, name);
        if (a is null)
        {
            return fallback;
        }

        if (a.Type != AttributeProto.Types.AttributeType.Float || !float.IsFinite(a.F))
        {
            throw Error($"attribute '{name}' should be a finite float, found {a.Type} {a.F}.");
        }

        return a.F;
    }

    private long[] IntsAttribute(NodeProto node, string name, int count, long fallback)
    {
        AttributeProto? a = Attribute(node, name);
        if (a is null)
        {
            return Enumerable.Repeat(fallback, count).ToArray();
        }

        if (a.Ints.Count != count)
        {
            throw Error($"attribute '{name}' has {a.Ints.Count} entries; {count} are needed.");
        }

        return [.. a.Ints];
    }

    private string StringAttribute(NodeProto node, string name, string fallback)
    {
        AttributeProto? a = Attribute(node, name);
        return a is null ? fallback : a.S.ToStringUtf8();
    }
}
