using System.Globalization;
using System.Numerics;

namespace Certus.Reach.HamiltonJacobi;

/// <summary>
/// Runs one <see cref="LevelSetProblem"/> for <see cref="LevelSetSolver"/>. The grid is mapped onto four canonical axes
/// (a 2-D grid uses canonical axes 0 and 3, a 3-D grid 0, 2 and 3; the others have one point and no ghosts), so that
/// one set of loops serves 2 to 4 dimensions: blocks of canonical axis 0 in parallel, rows of axis 3 vectorised.
/// </summary>
internal sealed class LevelSetEngine
{
    private const int Ghosts = 3;

    private readonly LevelSetProblem _problem;
    private readonly LevelSetSolver _solver;
    private readonly Grid _grid;
    private readonly Hamiltonian _hamiltonian;
    private readonly int _dimension;
    private readonly double[] _alpha;
    private readonly double[] _invDx;
    private readonly int[] _canonical;          // canonical axis of each grid axis
    private readonly int[] _n = new int[4];     // interior points per canonical axis
    private readonly int[] _g = new int[4];     // ghost points per side
    private readonly int[] _ps = new int[4];    // padded strides
    private readonly int[] _us = new int[4];    // flat (unpadded) strides
    private readonly bool[] _periodic = new bool[4];
    private readonly double[] _padded;
    private readonly double[]? _target;
    private readonly double[]? _constraint;
    private readonly RowBuffers[] _buffers;
    private readonly int _blocks;
    private readonly ParallelOptions _parallel;
    private readonly Action<int> _padBlock;
    private readonly Action<int> _stageBlock;

    // Stage arguments (set before each parallel stage; the cached delegates read them).
    private double[] _input = [];
    private double[] _base = [];
    private double[] _output = [];
    private double _a;
    private double _b;
    private double _dt;
    private bool _final;

    public LevelSetEngine(LevelSetProblem problem, LevelSetSolver solver, double[] alpha)
    {
        _problem = problem;
        _solver = solver;
        _grid = problem.Grid;
        _hamiltonian = problem.Hamiltonian;
        _dimension = _grid.Dimension;
        _alpha = alpha;
        _invDx = new double[_dimension];
        _canonical = new int[_dimension];
        for (int a = 0; a < 4; a++)
        {
            _n[a] = 1;
        }

        for (int k = 0; k < _dimension; k++)
        {
            int a = k == 0 ? 0 : 4 - _dimension + k;
            _canonical[k] = a;
            _n[a] = _grid.Axes[k].Points;
            _g[a] = Ghosts;
            _periodic[a] = _grid.Axes[k].Periodic;
            _invDx[k] = 1 / _grid.Axes[k].Spacing;
        }

        _ps[3] = 1;
        _us[3] = 1;
        for (int a = 2; a >= 0; a--)
        {
            _ps[a] = _ps[a + 1] * (_n[a + 1] + (2 * _g[a + 1]));
            _us[a] = _us[a + 1] * _n[a + 1];
        }

        _padded = new double[_ps[0] * (_n[0] + (2 * _g[0]))];
        _target = problem.Tube == TubeForm.MinWithTarget ? (problem.Target ?? problem.Terminal).Array : null;
        _constraint = problem.Constraint?.Array;
        _blocks = Math.Min(_n[0], Math.Max(1, Environment.ProcessorCount * 4));
        _buffers = new RowBuffers[_blocks];
        for (int i = 0; i < _blocks; i++)
        {
            _buffers[i] = new RowBuffers(_dimension, _n[3]);
        }

        _parallel = new ParallelOptions { MaxDegreeOfParallelism = solver.MaxDegreeOfParallelism };
        _padBlock = PadBlock;
        _stageBlock = StageBlock;
    }

    public (List<ValueSnapshot> Snapshots, int Steps, double MaxTimeStep) Run()
    {
        double rate = 0;
        for (int k = 0; k < _dimension; k++)
        {
            rate += _alpha[k] * _invDx[k];
        }

        double horizon = _problem.Horizon;
        double dtMax = rate > 0 ? _solver.Cfl / rate : horizon;
        double[] u = (double[])_problem.Terminal.Array.Clone();
        double[] w1 = new double[u.Length], w2 = new double[u.Length];
        ApplyTargetAndConstraint(u);
        var snapshots = new List<ValueSnapshot> { new(0, new GridFunction(_grid, (double[])u.Clone(), validate: false)) };
        int steps = 0;
        double tau = 0;
        for (int s = 1; s <= _problem.Snapshots; s++)
        {
            double end = s == _problem.Snapshots ? horizon : horizon * s / _problem.Snapshots;
            int count = Math.Max(1, (int)Math.Ceiling(((end - tau) / dtMax) - 1e-9));
            double dt = (end - tau) / count;
            for (int i = 0; i < count; i++)
            {
                switch (_solver.Integrator)
                {
                    case TimeIntegrator.Euler:
                        Stage(u, u, 0, 1, dt, w1, final: true);
                        (u, w1) = (w1, u);
                        break;
                    case TimeIntegrator.RungeKutta2:
                        Stage(u, u, 0, 1, dt, w1, final: false);
                        Stage(w1, u, 0.5, 0.5, dt, w2, final: true);
                        (u, w2) = (w2, u);
                        break;
                    default:
                        Stage(u, u, 0, 1, dt, w1, final: false);
                        Stage(w1, u, 0.75, 0.25, dt, w2, final: false);
                        Stage(w2, u, 1.0 / 3, 2.0 / 3, dt, w1, final: true);
                        (u, w1) = (w1, u);
                        break;
                }

                steps++;
            }

            tau = end;
            CheckFinite(u, tau);
            snapshots.Add(new ValueSnapshot(tau, new GridFunction(_grid, s == _problem.Snapshots ? u : (double[])u.Clone(), validate: false)));
        }

        return (snapshots, steps, dtMax);
    }

    private void ApplyTargetAndConstraint(double[] u)
    {
        for (int i = 0; i < u.Length; i++)
        {
            double v = u[i];
            if (_target is not null)
            {
                v = Math.Min(v, _target[i]);
            }

            if (_constraint is not null)
            {
                v = Math.Max(v, _constraint[i]);
            }

            u[i] = v;
        }
    }

    private void CheckFinite(double[] u, double tau)
    {
        for (int i = 0; i < u.Length; i++)
        {
            if (!double.IsFinite(u[i]))
            {
                double[] x = new double[_dimension];
                _grid.Point(i, x);
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"The value is {u[i]} at ({string.Join(", ", x)}) by time-to-go {tau}; check {_hamiltonian.Name} and its dissipation bounds."));
            }
        }
    }

    // output = a·base + b·(input + dt·Ĥ(input)); on the last stage of a step, then min with the target and max with the constraint.
    private void Stage(double[] input, double[] @base, double a, double b, double dt, double[] output, bool final)
    {
        _input = input;
        _base = @base;
        _output = output;
        _a = a;
        _b = b;
        _dt = dt;
        _final = final;
        Parallel.For(0, _blocks, _parallel, _padBlock);
        FillAxisZeroGhosts();
        Parallel.For(0, _blocks, _parallel, _stageBlock);
    }

    private (int From, int To) Planes(int block) => (block * _n[0] / _blocks, (block + 1) * _n[0] / _blocks);

    // Copies the block's planes into the padded array and fills the ghosts of canonical axes 1, 2 and 3 in them.
    private void PadBlock(int block)
    {
        (int from, int to) = Planes(block);
        int n1 = _n[1], n2 = _n[2], n3 = _n[3];
        for (int i0 = from; i0 < to; i0++)
        {
            for (int i1 = 0; i1 < n1; i1++)
            {
                for (int i2 = 0; i2 < n2; i2++)
                {
                    int pb = Padded(i0, i1, i2), ub = (i0 * _us[0]) + (i1 * _us[1]) + (i2 * _us[2]);
                    _input.AsSpan(ub, n3).CopyTo(_padded.AsSpan(pb, n3));
                    FillGhosts(pb, 1, n3, _periodic[3], 1);
                }
            }

            if (_g[2] > 0)
            {
                for (int i1 = 0; i1 < n1; i1++)
                {
                    FillGhosts(Padded(i0, i1, 0), _ps[2], n2, _periodic[2], n3);
                }
            }

            if (_g[1] > 0)
            {
                for (int i2 = 0; i2 < n2; i2++)
                {
                    FillGhosts(Padded(i0, 0, i2), _ps[1], n1, _periodic[1], n3);
                }
            }
        }
    }

    private void FillAxisZeroGhosts()
    {
        for (int i1 = 0; i1 < _n[1]; i1++)
        {
            for (int i2 = 0; i2 < _n[2]; i2++)
            {
                FillGhosts(Padded(0, i1, i2), _ps[0], _n[0], _periodic[0], _n[3]);
            }
        }
    }

    private int Padded(int i0, int i1, int i2) =>
        ((i0 + _g[0]) * _ps[0]) + ((i1 + _g[1]) * _ps[1]) + ((i2 + _g[2]) * _ps[2]) + _g[3];

    // Fills the ghost points of one line (interior point i at start + i·stride) for `length` contiguous lines at once:
    // periodic wrap, or linear extrapolation of the two outermost points.
    private void FillGhosts(int start, int stride, int n, bool periodic, int length)
    {
        Span<double> f = _padded;
        for (int m = 1; m <= Ghosts; m++)
        {
            int below = start - (m * stride), above = start + ((n - 1 + m) * stride);
            if (periodic)
            {
                int fromBelow = start + ((((n - m) % n) + n) % n * stride), fromAbove = start + ((m - 1) % n * stride);
                f.Slice(fromBelow, length).CopyTo(f.Slice(below, length));
                f.Slice(fromAbove, length).CopyTo(f.Slice(above, length));
            }
            else
            {
                int first = start, second = start + stride, last = start + ((n - 1) * stride), before = last - stride;
                for (int j = 0; j < length; j++)
                {
                    f[below + j] = f[first + j] + (m * (f[first + j] - f[second + j]));
                    f[above + j] = f[last + j] + (m * (f[last + j] - f[before + j]));
                }
            }
        }
    }

    private void StageBlock(int block)
    {
        (int from, int to) = Planes(block);
        RowBuffers buffers = _buffers[block];
        int n3 = _n[3];
        Span<double> start = buffers.Start;
        Span<int> index = stackalloc int[4];
        for (int i0 = from; i0 < to; i0++)
        {
            for (int i1 = 0; i1 < _n[1]; i1++)
            {
                for (int i2 = 0; i2 < _n[2]; i2++)
                {
                    int pb = Padded(i0, i1, i2), ub = (i0 * _us[0]) + (i1 * _us[1]) + (i2 * _us[2]);
                    index[0] = i0;
                    index[1] = i1;
                    index[2] = i2;
                    for (int k = 0; k < _dimension; k++)
                    {
                        start[k] = _grid.Coordinates(k)[index[_canonical[k]]];
                        Derivatives(pb, _ps[_canonical[k]], _invDx[k], buffers.Average[k], buffers.HalfJump[k]);
                    }

                    var row = new HamiltonianRow(_grid, start, buffers.Average[0], buffers.Average[1],
                        _dimension > 2 ? buffers.Average[2] : [], _dimension > 3 ? buffers.Average[3] : []);
                    _hamiltonian.EvaluateRow(row, buffers.Hamiltonian);
                    Combine(ub, n3, buffers);
                }
            }
        }
    }

    private void Derivatives(int pb, int stride, double invDx, double[] average, double[] halfJump)
    {
        int n = average.Length;
        ReadOnlySpan<double> f = _padded;
        SpatialScheme scheme = _solver.Scheme;
        if (n < Simd.Width)
        {
            for (int j = 0; j < n; j++)
            {
                switch (scheme)
                {
                    case SpatialScheme.Weno5:
                        UpwindKernels.Weno5(f, pb + j, stride, invDx, out average[j], out halfJump[j]);
                        break;
                    case SpatialScheme.Eno2:
                        UpwindKernels.Eno2(f, pb + j, stride, invDx, out average[j], out halfJump[j]);
                        break;
                    default:
                        UpwindKernels.FirstOrder(f, pb + j, stride, invDx, out average[j], out halfJump[j]);
                        break;
                }
            }

            return;
        }

        for (int c = 0, chunks = Simd.Chunks(n); c < chunks; c++)
        {
            int j = Simd.ChunkStart(c, n);
            Vector<double> avg, jump;
            switch (scheme)
            {
                case SpatialScheme.Weno5:
                    UpwindKernels.Weno5(f, pb + j, stride, invDx, out avg, out jump);
                    break;
                case SpatialScheme.Eno2:
                    UpwindKernels.Eno2(f, pb + j, stride, invDx, out avg, out jump);
                    break;
                default:
                    UpwindKernels.FirstOrder(f, pb + j, stride, invDx, out avg, out jump);
                    break;
            }

            Simd.Store(average, j, avg);
            Simd.Store(halfJump, j, jump);
        }
    }

    // Ĥ = H(avg) + Σ α_k·halfJump_k, clipped at 0 for the non-increasing tube; then the Runge-Kutta combination.
    private void Combine(int ub, int n, RowBuffers buffers)
    {
        Span<double> rate = buffers.Hamiltonian;
        for (int k = 0; k < _dimension; k++)
        {
            double alpha = _alpha[k];
            if (alpha == 0)
            {
                continue;
            }

            ReadOnlySpan<double> jump = buffers.HalfJump[k];
            int j = 0;
            if (n >= Simd.Width)
            {
                var va = new Vector<double>(alpha);
                for (; j <= n - Simd.Width; j += Simd.Width)
                {
                    Simd.Store(rate, j, Simd.Load(rate, j) + (va * Simd.Load(jump, j)));
                }
            }

            for (; j < n; j++)
            {
                rate[j] += alpha * jump[j];
            }
        }

        bool clip = _problem.Tube == TubeForm.NonIncreasing;
        ReadOnlySpan<double> input = _input.AsSpan(ub, n), @base = _base.AsSpan(ub, n);
        Span<double> output = _output.AsSpan(ub, n);
        ReadOnlySpan<double> target = _final && _target is not null ? _target.AsSpan(ub, n) : default;
        ReadOnlySpan<double> constraint = _final && _constraint is not null ? _constraint.AsSpan(ub, n) : default;
        double a = _a, b = _b, dt = _dt;
        int i = 0;
        if (n >= Simd.Width)
        {
            Vector<double> va = new(a), vb = new(b), vdt = new(dt);
            for (; i <= n - Simd.Width; i += Simd.Width)
            {
                Vector<double> r = Simd.Load(rate, i);
                if (clip)
                {
                    r = Vector.Min(r, Vector<double>.Zero);
                }

                Vector<double> v = (va * Simd.Load(@base, i)) + (vb * (Simd.Load(input, i) + (vdt * r)));
                if (!target.IsEmpty)
                {
                    v = Vector.Min(v, Simd.Load(target, i));
                }

                if (!constraint.IsEmpty)
                {
                    v = Vector.Max(v, Simd.Load(constraint, i));
                }

                Simd.Store(output, i, v);
            }
        }

        for (; i < n; i++)
        {
            double r = clip ? Math.Min(rate[i], 0) : rate[i];
            double v = (a * @base[i]) + (b * (input[i] + (dt * r)));
            if (!target.IsEmpty)
            {
                v = Math.Min(v, target[i]);
            }

            if (!constraint.IsEmpty)
            {
                v = Math.Max(v, constraint[i]);
            }

            output[i] = v;
        }
    }

    private sealed class RowBuffers
    {
        public RowBuffers(int dimension, int length)
        {
            Average = new double[dimension][];
            HalfJump = new double[dimension][];
            for (int k = 0; k < dimension; k++)
            {
                Average[k] = new double[length];
                HalfJump[k] = new double[length];
            }

            Hamiltonian = new double[length];
            Start = new double[dimension];
        }

        public double[][] Average { get; }

        public double[][] HalfJump { get; }

        public double[] Hamiltonian { get; }

        public double[] Start { get; }
    }
}
