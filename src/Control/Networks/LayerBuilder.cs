using Certus.Core.Networks;

namespace Certus.Control.Networks;

/// <summary>
/// Turns a chain of elementary operations on a vector (add a constant, scale elementwise, multiply by a matrix,
/// apply an activation) into dense layers plus input normalisation, folding only where the result is exactly the
/// same real function. Where a fold would round, the pending affine map is closed as an identity-activation layer
/// instead, which is exact.
/// </summary>
/// <remarks>
/// Rules: elementwise operations met before any matrix or activation go into the input offset and scale while the
/// form <c>(x − offset) ⊙ scale</c> holds exactly; a matrix starts a pending affine map; later additions and scalings
/// fold into it when exact; an activation closes it as a layer (an identity matrix when nothing is pending); whatever
/// is pending at the end becomes a final layer with the identity activation.
/// </remarks>
internal sealed class LayerBuilder
{
    private readonly string _source;
    private readonly List<DenseLayer> _layers = [];
    private double[]? _inputOffset;
    private double[]? _inputScale;
    private Affine? _pending;
    private long _weightCount;

    /// <summary>Starts with a vector of <paramref name="inputSize"/> inputs.</summary>
    public LayerBuilder(int inputSize, string source)
    {
        InputSize = inputSize;
        Width = inputSize;
        _source = source;
    }

    /// <summary>The place named in errors (such as the node being read); set by the caller before each operation.</summary>
    public string? Place { get; set; }

    /// <summary>Number of network inputs.</summary>
    public int InputSize { get; }

    /// <summary>Length of the current vector.</summary>
    public int Width { get; private set; }

    /// <summary>x ↦ x + a (a has <see cref="Width"/> entries).</summary>
    public void Add(double[] a)
    {
        if (_pending is null && _layers.Count == 0 && TryAbsorbInputAdd(a))
        {
            return;
        }

        _pending ??= Identity(Width);
        if (!_pending.TryAddBias(a))
        {
            Close(Activation.Identity, 0);
            _pending = Identity(Width);
            _pending.TryAddBias(a);
        }
    }

    /// <summary>x ↦ x ⊙ s (s has <see cref="Width"/> entries).</summary>
    public void Scale(double[] s)
    {
        if (_pending is null && _layers.Count == 0 && TryAbsorbInputScale(s))
        {
            return;
        }

        _pending ??= Identity(Width);
        if (!_pending.TryScale(s))
        {
            Close(Activation.Identity, 0);
            _pending = Identity(Width);
            _pending.TryScale(s);
        }
    }

    /// <summary>x ↦ W x + b with W row-major, <paramref name="rows"/> × <see cref="Width"/>.</summary>
    public void Matrix(int rows, double[] weights, double[]? bias)
    {
        if (_pending is not null && !_pending.IsIdentity)
        {
            Close(Activation.Identity, 0);
        }

        _pending = new Affine(rows, Width, weights, bias ?? new double[rows]);
        Width = rows;
    }

    /// <summary>Applies an activation, closing the pending affine map (or an identity matrix) as a layer.</summary>
    public void Activate(Activation activation, double leakySlope)
    {
        _pending ??= Identity(Width);
        Close(activation, leakySlope);
    }

    /// <summary>Closes what is pending and builds the network.</summary>
    public FeedForwardNetwork Build(string name)
    {
        if (_pending is not null && !(_pending.IsIdentity && _layers.Count > 0))
        {
            Close(Activation.Identity, 0);
        }

        if (_layers.Count == 0)
        {
            _pending = Identity(Width);
            Close(Activation.Identity, 0);
        }

        try
        {
            return new FeedForwardNetwork(_layers, _inputOffset, _inputScale, null, null, name);
        }
        catch (ArgumentException e)
        {
            throw new NetworkFormatException(_source, Place, e.Message, e);
        }
    }

    /// <summary>Throws when a layer of <paramref name="rows"/> × <paramref name="columns"/> would pass the weight limit.</summary>
    public void CheckSize(long rows, long columns, string what)
    {
        if (rows < 1 || columns < 1 || rows > NetworkFile.MaxWeights || columns > NetworkFile.MaxWeights
            || (rows * columns) + _weightCount > NetworkFile.MaxWeights)
        {
            throw new NetworkFormatException(_source, Place,
                $"{what} needs a {rows} x {columns} weight matrix; the network would exceed the limit of {NetworkFile.MaxWeights} weights.");
        }
    }

    private Affine Identity(int n)
    {
        CheckSize(n, n, "an identity layer");
        var w = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            w[(i * n) + i] = 1;
        }

        return new Affine(n, n, w, new double[n]);
    }

    private void Close(Activation activation, double leakySlope)
    {
        Affine p = _pending!;
        CheckSize(p.Rows, p.Columns, "a layer");
        try
        {
            _layers.Add(new DenseLayer(p.Columns, p.Rows, p.Weights, p.Bias, activation, leakySlope));
        }
        catch (ArgumentException e)
        {
            throw new NetworkFormatException(_source, Place, e.Message, e);
        }

        _weightCount += (long)p.Rows * p.Columns;
        _pending = null;
    }

    // (x − o) ⊙ s + a = (x − (o − a / s)) ⊙ s, exact when a / s and o − a / s are.
    private bool TryAbsorbInputAdd(double[] a)
    {
        var offset = new double[Width];
        for (int i = 0; i < Width; i++)
        {
            double s = _inputScale?[i] ?? 1;
            double o = _inputOffset?[i] ?? 0;
            if (!ExactArithmetic.TryDivide(a[i], s, out double q) || !ExactArithmetic.TryAdd(o, -q, out offset[i]))
            {
                return false;
            }
        }

        _inputOffset = offset;
        return true;
    }

    // (x − o) ⊙ s ⊙ m = (x − o) ⊙ (s ⊙ m), exact when each product is.
    private bool TryAbsorbInputScale(double[] m)
    {
        var scale = new double[Width];
        for (int i = 0; i < Width; i++)
        {
            if (!ExactArithmetic.TryMultiply(_inputScale?[i] ?? 1, m[i], out scale[i]))
            {
                return false;
            }
        }

        _inputScale = scale;
        return true;
    }

    /// <summary>A pending affine map W x + b (row-major W).</summary>
    private sealed class Affine(int rows, int columns, double[] weights, double[] bias)
    {
        public int Rows { get; } = rows;

        public int Columns { get; } = columns;

        public double[] Weights { get; private set; } = weights;

        public double[] Bias { get; private set; } = bias;

        public bool IsIdentity
        {
            get
            {
                if (Rows != Columns || Bias.Any(b => b != 0))
                {
                    return false;
                }

                for (int r = 0; r < Rows; r++)
                {
                    for (int c = 0; c < Columns; c++)
                    {
                        if (Weights[(r * Columns) + c] != (r == c ? 1 : 0))
                        {
                            return false;
                        }
                    }
                }

                return true;
            }
        }

        public bool TryAddBias(double[] a)
        {
            var bias = new double[Rows];
            for (int r = 0; r < Rows; r++)
            {
                if (!ExactArithmetic.TryAdd(Bias[r], a[r], out bias[r]))
                {
                    return false;
                }
            }

            Bias = bias;
            return true;
        }

        public bool TryScale(double[] s)
        {
            var weights = new double[Weights.Length];
            var bias = new double[Rows];
            for (int r = 0; r < Rows; r++)
            {
                if (!ExactArithmetic.TryMultiply(Bias[r], s[r], out bias[r]))
                {
                    return false;
                }

                for (int c = 0; c < Columns; c++)
                {
                    int k = (r * Columns) + c;
                    if (!ExactArithmetic.TryMultiply(Weights[k], s[r], out weights[k]))
                    {
                        return false;
                    }
                }
            }

            Weights = weights;
            Bias = bias;
            return true;
        }
    }
}
