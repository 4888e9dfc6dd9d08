using Certus.Core.Numerics;
using Certus.Core.Sets;

namespace Certus.Reach.Flow;

/// <summary>
/// A set in affine form, <c>{ c + G·e : e ∈ E }</c> with a point centre <c>c</c>, a point generator matrix <c>G</c>
/// (one column per coordinate) and a box <c>E</c> of coordinates, in exact real arithmetic: a zonotope when
/// <c>E</c> is symmetric, the doubleton or parallelepiped of the Lohner method in general. It keeps linear
/// correlations between the components that a box forgets.
/// </summary>
/// <remarks>Immutable: the constructor copies its arrays. Every bound derived from it (<see cref="Hull"/>,
/// <see cref="Reduce"/>) uses outward-rounded <see cref="Interval"/> operations.</remarks>
public sealed record AffineSet
{
    private readonly double[] _center;
    private readonly double[,] _generators;

    /// <summary>Creates a set and checks its dimensions.</summary>
    /// <param name="center">The centre <c>c</c> (finite).</param>
    /// <param name="generators">The generators <c>G</c>: as many rows as the centre, one column per coordinate (finite).</param>
    /// <param name="domain">The coordinates' box <c>E</c>, one bounded non-empty interval per column of <c>G</c>.</param>
    /// <exception cref="ArgumentException">The dimensions do not match, or a value is not finite or bounded.</exception>
    public AffineSet(IReadOnlyList<double> center, double[,] generators, Box domain)
    {
        ArgumentNullException.ThrowIfNull(center);
        ArgumentNullException.ThrowIfNull(generators);
        ArgumentNullException.ThrowIfNull(domain);
        if (generators.GetLength(0) != center.Count || generators.GetLength(1) != domain.Dimension)
        {
            throw new ArgumentException($"The generator matrix is {generators.GetLength(0)} x {generators.GetLength(1)} but the centre has {center.Count} components and the domain {domain.Dimension} coordinates.", nameof(generators));
        }

        if (center.Any(c => !double.IsFinite(c)) || generators.Cast<double>().Any(g => !double.IsFinite(g)))
        {
            throw new ArgumentException("The centre and the generators must be finite.", nameof(generators));
        }

        if (domain.Any(i => i.IsEmpty || !i.IsBounded))
        {
            throw new ArgumentException($"The domain must be bounded and non-empty, got {domain}.", nameof(domain));
        }

        _center = [.. center];
        _generators = (double[,])generators.Clone();
        Domain = domain;
    }

    /// <summary>The dimension of the set (rows of <c>G</c>).</summary>
    public int Dimension => _center.Length;

    /// <summary>The number of coordinates (columns of <c>G</c>).</summary>
    public int GeneratorCount => _generators.GetLength(1);

    /// <summary>The centre <c>c</c>.</summary>
    public IReadOnlyList<double> Center => _center;

    /// <summary>The coordinates' box <c>E</c>.</summary>
    public Box Domain { get; }

    /// <summary>One generator entry <c>G[row, column]</c>.</summary>
    /// <param name="row">The component.</param>
    /// <param name="column">The coordinate.</param>
    /// <returns>The entry.</returns>
    public double Generator(int row, int column) => _generators[row, column];

    /// <summary>A copy of the generator matrix.</summary>
    /// <returns>The matrix <c>G</c>.</returns>
    public double[,] Generators() => (double[,])_generators.Clone();

    /// <summary>The affine form of a box: centre its midpoint, one unit generator per component of positive width
    /// (point components sit in the centre exactly).</summary>
    /// <param name="box">A bounded non-empty box.</param>
    /// <returns>A set equal to the box.</returns>
    public static AffineSet FromBox(Box box)
    {
        ArgumentNullException.ThrowIfNull(box);
        int n = box.Dimension;
        var center = new double[n];
        var columns = new List<int>();
        for (int i = 0; i < n; i++)
        {
            center[i] = box[i].Width > 0 ? box[i].Midpoint : box[i].Lo;
            if (box[i].Width > 0)
            {
                columns.Add(i);
            }
        }

        if (columns.Count == 0)
        {
            // A point: one zero generator over [0, 0] keeps the representation non-degenerate.
            var zero = new double[n, 1];
            return new AffineSet(center, zero, new Box(Interval.Zero));
        }

        var g = new double[n, columns.Count];
        var domain = new Interval[columns.Count];
        for (int j = 0; j < columns.Count; j++)
        {
            int i = columns[j];
            g[i, j] = 1;
            domain[j] = box[i] - new Interval(center[i]);
        }

        return new AffineSet(center, g, new Box(domain));
    }

    /// <summary>A box that contains the set: <c>c + G·E</c> in interval arithmetic.</summary>
    /// <returns>The interval hull (outward rounded).</returns>
    public Box Hull()
    {
        var r = new Interval[Dimension];
        for (int i = 0; i < Dimension; i++)
        {
            Interval s = new(_center[i]);
            for (int j = 0; j < GeneratorCount; j++)
            {
                if (_generators[i, j] != 0)
                {
                    s += new Interval(_generators[i, j]) * Domain[j];
                }
            }

            r[i] = s;
        }

        return new Box(r);
    }

    /// <summary>The first <paramref name="count"/> components (a projection, exact).</summary>
    /// <param name="count">How many leading components to keep (1 to <see cref="Dimension"/>).</param>
    /// <returns>The projected set over the same coordinates.</returns>
    public AffineSet Take(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Dimension);
        var g = new double[count, GeneratorCount];
        for (int i = 0; i < count; i++)
        {
            for (int j = 0; j < GeneratorCount; j++)
            {
                g[i, j] = _generators[i, j];
            }
        }

        return new AffineSet(_center.AsSpan(0, count).ToArray(), g, Domain);
    }

    /// <summary>
    /// Order reduction: keeps at most <paramref name="maxGenerators"/> coordinates. Coordinates that contribute
    /// nothing are dropped; when more remain, the <c>maxGenerators − n</c> with the largest Girard score
    /// <c>(‖g‖₁ − ‖g‖∞)·rad(E_j)</c> are kept and the others are wrapped into one axis-aligned coordinate per component
    /// (their interval sum <c>Σ G_ij E_j</c>, added to the centre and re-centred), or with <see cref="AffineWrapping.Oriented"/>
    /// into n coordinates along an orthonormal basis fitted to them when that is smaller in volume. The result contains this set.
    /// </summary>
    /// <param name="maxGenerators">The largest number of coordinates (at least <see cref="Dimension"/>).</param>
    /// <param name="wrapping">How the wrapped coordinates are enclosed (default: an axis-aligned box).</param>
    /// <returns>A set with at most <paramref name="maxGenerators"/> coordinates that contains this one.</returns>
    public AffineSet Reduce(int maxGenerators, AffineWrapping wrapping = AffineWrapping.Axis)
    {
        int n = Dimension, p = GeneratorCount;
        ArgumentOutOfRangeException.ThrowIfLessThan(maxGenerators, n);
        var live = new List<int>();
        for (int j = 0; j < p; j++)
        {
            bool zero = Domain[j].Lo == 0 && Domain[j].Hi == 0;
            for (int i = 0; i < n && !zero; i++)
            {
                if (_generators[i, j] != 0)
                {
                    live.Add(j);
                    break;
                }
            }
        }

        if (live.Count == 0 && p > 0)
        {
            // A point (every generator zero, e.g. a plant whose states stay constant): keep one column, since the
            // domain box needs at least one dimension.
            live.Add(0);
        }

        if (live.Count <= maxGenerators)
        {
            return live.Count == p ? this : AxisSelect(live, []);
        }

        double Score(int j)
        {
            double l1 = 0, inf = 0;
            for (int i = 0; i < n; i++)
            {
                double a = Math.Abs(_generators[i, j]);
                l1 += a;
                inf = Math.Max(inf, a);
            }

            double rad = Math.Max(Math.Abs(Domain[j].Lo), Math.Abs(Domain[j].Hi));
            return (l1 - inf + (1e-3 * inf)) * rad;
        }

        int keep = maxGenerators - n;
        int[] order = [.. live.OrderByDescending(Score)];
        return Select([.. order.Take(keep).Order()], [.. order.Skip(keep)], wrapping);
    }

    // Keeps the columns 'kept' and wraps the columns 'boxed' into n coordinates: along the axes (one per component,
    // the tightest box), or with Oriented along an orthonormal basis fitted to the wrapped columns when that encloses
    // them in a smaller volume. Axis boxes wrap badly where the dynamics turn or shear the set every period (an unstable
    // open loop stabilised by the controller: the box's corners are states the loop never reaches, and they grow).
    private AffineSet Select(IReadOnlyList<int> kept, IReadOnlyList<int> boxed, AffineWrapping wrapping) =>
        wrapping == AffineWrapping.Oriented && boxed.Count > 1 && OrientedWrap(kept, boxed) is { } oriented && OrientedLogVolume(oriented, kept.Count) < AxisLogVolume(boxed)
            ? oriented
            : AxisSelect(kept, boxed);

    // The log-volume of the tightest box around Σ_j G_j E_j over the wrapped columns (axis wrapping).
    private double AxisLogVolume(IReadOnlyList<int> boxed)
    {
        double sum = 0;
        for (int i = 0; i < Dimension; i++)
        {
            Interval s = Interval.Zero;
            foreach (int j in boxed)
            {
                s += new Interval(_generators[i, j]) * Domain[j];
            }

            sum += Math.Log(Math.Max(s.Width, 1e-300));
        }

        return sum;
    }

    // The log-volume of an oriented wrap's coordinates (the columns after the kept ones; the basis is orthonormal up to
    // rounding, so the volume is the product of the coordinates' widths).
    private static double OrientedLogVolume(AffineSet wrapped, int keptCount)
    {
        double sum = 0;
        for (int k = keptCount; k < wrapped.GeneratorCount; k++)
        {
            sum += Math.Log(Math.Max(wrapped.Domain[k].Width, 1e-300));
        }

        return sum;
    }

    // Wraps the columns 'boxed' into an orthonormal basis Q (Householder QR with column pivoting of the wrapped columns
    // weighted by their coordinates' magnitudes, in doubles): with M ∋ Qᵀ·G_r (interval), every wrapped point G_r·e is
    // Q·(M·e) + (G_r − Q·M)·e, so it lies in Q·Y + r with Y = M·E and |r| ≤ ρ (interval sums). The remainder r is moved
    // into the Q coordinates: r = Q·y' has a solution with |y'|₂ ≤ |r|₂ / σ_min(Q), and σ_min(Q)² ≥ 1 − ‖QᵀQ − I‖_F
    // (bounded in interval arithmetic). Null when the basis is too far from orthonormal to bound.
    private AffineSet? OrientedWrap(IReadOnlyList<int> kept, IReadOnlyList<int> boxed)
    {
        int n = Dimension, m = boxed.Count;
        var a = new double[n, m];
        for (int j = 0; j < m; j++)
        {
            double mag = Domain[boxed[j]].Magnitude;
            for (int i = 0; i < n; i++)
            {
                a[i, j] = _generators[i, boxed[j]] * mag;
            }
        }

        double[,] q = HouseholderBasis(a);

        // Y_k = Σ_j (Qᵀ G_r)_kj E_j and the remainder ρ_i = |Σ_j (G_r − Q·M)_ij E_j|, both outward rounded.
        var mInt = new Interval[n, m];
        for (int k = 0; k < n; k++)
        {
            for (int j = 0; j < m; j++)
            {
                Interval s = Interval.Zero;
                for (int i = 0; i < n; i++)
                {
                    s += new Interval(q[i, k]) * new Interval(_generators[i, boxed[j]]);
                }

                mInt[k, j] = s;
            }
        }

        var y = new Interval[n];
        for (int k = 0; k < n; k++)
        {
            Interval s = Interval.Zero;
            for (int j = 0; j < m; j++)
            {
                s += mInt[k, j] * Domain[boxed[j]];
            }

            y[k] = s;
        }

        // Re-centre: c' = c + Q·mid(Y) (its rounding joins the remainder), Y − mid(Y).
        var center = new double[n];
        Interval remainder2 = Interval.Zero; // Σ ρ_i²
        for (int i = 0; i < n; i++)
        {
            Interval shifted = new(_center[i]);
            for (int k = 0; k < n; k++)
            {
                shifted += new Interval(q[i, k]) * new Interval(y[k].Midpoint);
            }

            center[i] = shifted.Midpoint;
            Interval r = shifted - new Interval(center[i]);
            for (int j = 0; j < m; j++)
            {
                Interval rij = new(_generators[i, boxed[j]]);
                for (int k = 0; k < n; k++)
                {
                    rij -= new Interval(q[i, k]) * mInt[k, j];
                }

                r += rij * Domain[boxed[j]];
            }

            double rho = r.Magnitude;
            if (!double.IsFinite(rho))
            {
                return null; // overflow (generators near the largest double): the axis box decides
            }

            remainder2 += new Interval(rho) * new Interval(rho);
        }

        Interval frob2 = Interval.Zero; // ‖QᵀQ − I‖_F²
        for (int k = 0; k < n; k++)
        {
            for (int l = 0; l < n; l++)
            {
                Interval s = new(k == l ? -1.0 : 0.0);
                for (int i = 0; i < n; i++)
                {
                    s += new Interval(q[i, k]) * new Interval(q[i, l]);
                }

                frob2 += s * s;
            }
        }

        double delta = Interval.Sqrt(frob2).Hi;
        if (!(delta < 0.5))
        {
            return null;
        }

        double eps = (Interval.Sqrt(remainder2) / Interval.Sqrt(new Interval(1.0) - new Interval(delta))).Hi;
        var g = new double[n, kept.Count + n];
        var domain = new Interval[kept.Count + n];
        for (int k = 0; k < kept.Count; k++)
        {
            for (int i = 0; i < n; i++)
            {
                g[i, k] = _generators[i, kept[k]];
            }

            domain[k] = Domain[kept[k]];
        }

        for (int k = 0; k < n; k++)
        {
            for (int i = 0; i < n; i++)
            {
                g[i, kept.Count + k] = q[i, k];
            }

            Interval yk = y[k] - new Interval(y[k].Midpoint);
            domain[kept.Count + k] = yk + new Interval(-eps, eps);
        }

        return domain.All(d => d.IsBounded) && g.Cast<double>().All(double.IsFinite) ? new AffineSet(center, g, new Box(domain)) : null;
    }

    // An orthonormal n×n basis (up to rounding) whose leading columns follow the columns of a by decreasing remaining
    // norm: Householder QR with column pivoting, Q = H₀·H₁·…, in doubles (its use above is validated in intervals).
    private static double[,] HouseholderBasis(double[,] a)
    {
        int n = a.GetLength(0), m = a.GetLength(1);
        var w = (double[,])a.Clone();
        var q = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            q[i, i] = 1;
        }

        var v = new double[n];
        for (int k = 0; k < Math.Min(n, m); k++)
        {
            int pivot = -1;
            double best = 0;
            for (int j = k; j < m; j++)
            {
                double norm = 0;
                for (int i = k; i < n; i++)
                {
                    norm += w[i, j] * w[i, j];
                }

                if (norm > best)
                {
                    best = norm;
                    pivot = j;
                }
            }

            if (pivot < 0 || !(best > 0) || !double.IsFinite(best))
            {
                break;
            }

            for (int i = 0; i < n; i++)
            {
                (w[i, k], w[i, pivot]) = (w[i, pivot], w[i, k]);
            }

            double alpha = Math.Sqrt(best) * (w[k, k] >= 0 ? -1 : 1);
            double vnorm2 = 0;
            for (int i = 0; i < n; i++)
            {
                v[i] = i < k ? 0 : w[i, k] - (i == k ? alpha : 0);
                vnorm2 += v[i] * v[i];
            }

            if (!(vnorm2 > 0))
            {
                continue;
            }

            IntervalMatrices.ReflectRows(w, v, vnorm2, k);
            IntervalMatrices.ReflectColumns(q, v, vnorm2, k);
        }

        return q;
    }

    // Keeps the columns 'kept' and wraps the columns 'boxed' into one axis-aligned coordinate per component.
    private AffineSet AxisSelect(IReadOnlyList<int> kept, IReadOnlyList<int> boxed)
    {
        int n = Dimension;
        var center = (double[])_center.Clone();
        var extra = new List<(int Row, Interval Domain)>();
        if (boxed.Count > 0)
        {
            for (int i = 0; i < n; i++)
            {
                Interval s = new(_center[i]);
                bool any = false;
                foreach (int j in boxed)
                {
                    if (_generators[i, j] != 0)
                    {
                        s += new Interval(_generators[i, j]) * Domain[j];
                        any = true;
                    }
                }

                if (any)
                {
                    center[i] = s.Midpoint;
                    extra.Add((i, s - new Interval(center[i])));
                }
            }
        }

        var g = new double[n, kept.Count + extra.Count];
        var domain = new Interval[kept.Count + extra.Count];
        for (int k = 0; k < kept.Count; k++)
        {
            for (int i = 0; i < n; i++)
            {
                g[i, k] = _generators[i, kept[k]];
            }

            domain[k] = Domain[kept[k]];
        }

        for (int k = 0; k < extra.Count; k++)
        {
            g[extra[k].Row, kept.Count + k] = 1;
            domain[kept.Count + k] = extra[k].Domain;
        }

        return new AffineSet(center, g, new Box(domain));
    }
}
