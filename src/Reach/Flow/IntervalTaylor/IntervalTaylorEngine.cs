using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Certus.Core.Numerics;
using Certus.Core.Sets;
using static Certus.Core.Numerics.DirectedRounding;

namespace Certus.Reach.Flow;

/// <summary>Runs <see cref="IntervalTaylorFlow"/> on one problem (see its remarks for the method).</summary>
internal sealed class IntervalTaylorEngine
{
    private readonly IntervalTaylorFlow _options;
    private readonly FlowProblem _problem;
    private readonly TaylorOdeModel _model;
    private readonly int _n;
    private readonly int _dim;
    private readonly int _order;
    private readonly AffineSet? _initial;

    public IntervalTaylorEngine(IntervalTaylorFlow options, FlowProblem problem, AffineSet? initial = null)
    {
        _initial = initial;
        _options = options;
        _problem = problem;
        _model = TaylorOdeModel.For(problem.System);
        _n = _model.StateCount;
        _dim = _model.Dimension;
        _order = options.Order;
    }

    // Lohner's set ẑ + C r₀ + A r (r₀ ∈ [r₀], r ∈ [r]); C and r₀ only in the doubleton form.
    private sealed record LohnerSet(double[] Center, double[,]? Initial, Interval[]? InitialCoordinates, double[,] Frame, Interval[] Coordinates);

    /// <summary>After a successful <see cref="Run"/>: the end states in affine form (the doubleton or Lohner set, or
    /// the end box for the other forms).</summary>
    public AffineSet? EndSet { get; private set; }

    private sealed record StepResult(Interval[] Next, Interval[] Tube, LohnerSet? Set, double RemainderWidth);

    public bool Run(out FlowEnclosure? enclosure, out FlowFailure? failure)
    {
        long start = Stopwatch.GetTimestamp();
        var z = new Interval[_dim];
        for (int i = 0; i < _n; i++)
        {
            z[i] = _problem.InitialStates[i];
        }

        for (int i = _n; i < _dim; i++)
        {
            z[i] = _problem.Inputs![i - _n];
        }

        LohnerSet? set = null;
        if (_options.Form is TaylorEnclosureForm.Lohner or TaylorEnclosureForm.Doubleton)
        {
            double[] center = Array.ConvertAll(z, c => c.Midpoint);
            var frame = new double[_dim, _dim];
            var r = new Interval[_dim];
            for (int i = 0; i < _dim; i++)
            {
                frame[i, i] = 1;
                r[i] = z[i] - new Interval(center[i]);
            }

            set = _options.Form == TaylorEnclosureForm.Lohner
                ? new LohnerSet(center, null, null, frame, r)
                : new LohnerSet(center, (double[,])frame.Clone(), r, frame, new Interval[_dim]);
            if (_initial is not null && _options.Form == TaylorEnclosureForm.Doubleton)
            {
                // z ∈ c + G e exactly: the doubleton with C = G, r₀ = E and a zero error part.
                var zero = new Interval[_dim];
                Array.Fill(zero, Interval.Zero);
                set = new LohnerSet([.. _initial.Center], _initial.Generators(), [.. _initial.Domain], frame, zero);
            }
        }

        if (_options.Form != TaylorEnclosureForm.Direct && _model.JacobianProblem is not null)
        {
            enclosure = null;
            failure = new FlowFailure(_problem, $"the {_options.Form} form needs the Jacobian of the right-hand sides, but {_model.JacobianProblem}; use Form = {nameof(TaylorEnclosureForm.Direct)}",
                _problem.StartTime, new Box(z.AsSpan(0, _n)), [], _options, new FlowStatistics(0, 0, 0, 0, 0), Stopwatch.GetElapsedTime(start));
            return false;
        }

        double duration = _problem.Duration, nominal = duration / _options.Steps, h = nominal, s = 0;
        int grid = 1, steps = 0, rejected = 0;
        double smallest = 0, largest = 0, maxRemainder = 0;
        var tube = new List<FlowSegment>();
        string? reason = null;
        bool fixedSteps = _options.StepControl == StepSizeControl.Fixed;
        while (s < duration)
        {
            if (_problem.Cancellation.IsCancellationRequested)
            {
                reason = "cancelled";
                break;
            }

            if (_problem.Deadline is { } due && Stopwatch.GetTimestamp() > due)
            {
                reason = "time budget exhausted";
                break;
            }

            double target = !fixedSteps || grid >= _options.Steps ? duration : duration * grid / _options.Steps;
            if (target <= s)
            {
                grid++;
                continue;
            }

            double s1 = s + h;
            if (s1 >= target || target - s1 < 1e-3 * h)
            {
                s1 = target;
            }

            double length = s1 - s;
            if (!(length > 0))
            {
                reason = $"the step {Format(h)} is below the time resolution at t = {Format(AddDown(_problem.StartTime, s))}";
                break;
            }

            if (!TryStep(z, set, s, s1, out StepResult? step, out string? why))
            {
                rejected++;
                if (length / 2 < _options.MinStep)
                {
                    reason = $"no step of at least {Format(_options.MinStep)} could be validated from t = {Format(AddDown(_problem.StartTime, s))}: {why}";
                    break;
                }

                h = length / 2;
                continue;
            }

            if (!fixedSteps && step.RemainderWidth > _options.RemainderTolerance && length / 2 >= _options.MinStep)
            {
                rejected++;
                h = length / 2;
                continue;
            }

            tube.Add(new FlowSegment(TimeOf(s, s1), new Box(step.Tube)));
            z = step.Next;
            set = step.Set;
            s = s1;
            steps++;
            smallest = steps == 1 ? length : Math.Min(smallest, length);
            largest = Math.Max(largest, length);
            maxRemainder = Math.Max(maxRemainder, step.RemainderWidth);
            if (fixedSteps)
            {
                if (s == target)
                {
                    grid++;
                    h = nominal;
                }
                else
                {
                    h = Math.Min(2 * length, nominal);
                }
            }
            else
            {
                double factor = step.RemainderWidth > 0 ? 0.9 * Math.Pow(_options.RemainderTolerance / step.RemainderWidth, 1.0 / _order) : 2;
                h = length * Math.Clamp(double.IsFinite(factor) ? factor : 2, 0.25, 2);
            }

            if (steps >= _options.MaxSteps && s < duration)
            {
                reason = $"more than {_options.MaxSteps} steps would be needed (reached t = {Format(AddDown(_problem.StartTime, s))})";
                break;
            }
        }

        var statistics = new FlowStatistics(steps, rejected, smallest, largest, maxRemainder);
        var state = new Box(z.AsSpan(0, _n));
        TimeSpan elapsed = Stopwatch.GetElapsedTime(start);
        if (reason is null)
        {
            EndSet = EndStates(set, state);
            enclosure = new FlowEnclosure(_problem, state, tube, _options, statistics, elapsed);
            failure = null;
            return true;
        }

        enclosure = null;
        failure = new FlowFailure(_problem, reason, AddDown(_problem.StartTime, s), state, tube, _options, statistics, elapsed);
        return false;
    }

    // The state rows of ẑ + C r₀ + A r as one affine set over (r₀, r); the end box when no set is kept.
    private AffineSet EndStates(LohnerSet? set, Box end)
    {
        if (set is null)
        {
            return AffineSet.FromBox(end);
        }

        int p0 = set.Initial?.GetLength(1) ?? 0;
        var g = new double[_n, p0 + _dim];
        for (int i = 0; i < _n; i++)
        {
            for (int j = 0; j < p0; j++)
            {
                g[i, j] = set.Initial![i, j];
            }

            for (int j = 0; j < _dim; j++)
            {
                g[i, p0 + j] = set.Frame[i, j];
            }
        }

        Interval[] domain = [.. set.InitialCoordinates ?? [], .. set.Coordinates];
        if (domain.Any(d => !d.IsBounded) || g.Cast<double>().Any(v => !double.IsFinite(v)) || set.Center.Any(c => !double.IsFinite(c)))
        {
            return AffineSet.FromBox(end); // the set blew up while the box did not: the box is the answer
        }

        return new AffineSet(set.Center.AsSpan(0, _n).ToArray(), g, new Box(domain));
    }

    private static string Format(double x) => x.ToString("G6", CultureInfo.InvariantCulture);

    private Interval TimeOf(double s) => new Interval(_problem.StartTime) + new Interval(s);

    private Interval TimeOf(double s0, double s1) => Interval.Hull(TimeOf(s0), TimeOf(s1));

    private bool TryStep(Interval[] z, LohnerSet? set, double s0, double s1, [NotNullWhen(true)] out StepResult? result, [NotNullWhen(false)] out string? reason)
    {
        result = null;
        Interval tStart = TimeOf(s0), tRange = TimeOf(s0, s1);
        Interval h = new Interval(s1) - new Interval(s0);
        var h0 = new Interval(0, h.Hi);
        try
        {
            if (!TryApriori(z, tRange, h0, out Interval[] b, out reason))
            {
                return false;
            }

            // Remainder: τ^K z_K(B), with the time of the expansion anywhere in the step.
            Interval[][] cb = _model.Coefficients(b, tRange, _order);
            Interval hk = Interval.Pow(h, _order), h0k = Interval.Pow(h0, _order);
            var rem = new Interval[_dim];
            var remTube = new Interval[_dim];
            double remWidth = 0;
            for (int i = 0; i < _dim; i++)
            {
                rem[i] = hk * cb[i][_order];
                remTube[i] = h0k * cb[i][_order];
                if (i < _n)
                {
                    remWidth = Math.Max(remWidth, rem[i].Width);
                }
            }

            // Direct interval Taylor enclosure over the box.
            Interval[][] cz = _model.Coefficients(z, tStart, _order - 1);
            var next = new Interval[_dim];
            var tube = new Interval[_n];
            for (int i = 0; i < _dim; i++)
            {
                next[i] = IntervalTaylorSeries.Horner(cz[i], h) + rem[i];
                if (i < _n)
                {
                    tube[i] = Meet(b[i], IntervalTaylorSeries.Horner(cz[i], h0) + remTube[i]);
                }
            }

            LohnerSet? nextSet = null;
            if (_options.Form != TaylorEnclosureForm.Direct)
            {
                nextSet = MeanValue(z, set, cz, tStart, h, h0, rem, remTube, next, tube);
            }

            for (int i = 0; i < _dim; i++)
            {
                // Held inputs are constant: they stay in their box.
                next[i] = i < _n ? next[i] : Meet(next[i], z[i]);
                if (!next[i].IsBounded)
                {
                    reason = $"the enclosure of '{Name(i)}' is unbounded at the end of the step";
                    return false;
                }
            }

            result = new StepResult(next, tube, nextSet, remWidth);
            reason = null;
            return true;
        }
        catch (ArithmeticException e)
        {
            reason = e.Message;
            return false;
        }
        catch (NotSupportedException e)
        {
            reason = e.Message;
            return false;
        }
    }

    private string Name(int i) => i < _n ? _problem.System.States[i] : _problem.System.Inputs.Concat(_problem.System.Disturbances).ElementAt(i - _n);

    // Intersection of two enclosures of the same non-empty set; empty only through a bug, which must not pass silently.
    private static Interval Meet(Interval a, Interval b)
    {
        Interval m = Interval.Intersect(a, b);
        return m.IsEmpty ? throw new InvalidOperationException($"Internal error: two enclosures of the same states are disjoint ({a} and {b}).") : m;
    }

    // Picard iteration with ε-inflation: B with Z + [0, h] F(B) ⊆ int B proves existence on the step and x(t) ∈ B.
    private bool TryApriori(Interval[] z, Interval time, Interval h0, out Interval[] b, [NotNullWhen(false)] out string? reason)
    {
        b = Picard(z, _model.Field(z, time), h0);
        for (int iteration = 0; iteration < _options.MaxInflationIterations; iteration++)
        {
            var inflated = (Interval[])b.Clone();
            bool bounded = true;
            for (int i = 0; i < _n; i++)
            {
                double w = b[i].Width;
                if (!b[i].IsBounded || !double.IsFinite(w))
                {
                    bounded = false;
                    break;
                }

                inflated[i] = b[i].Inflate(AddUp(MulUp(_options.RelativeInflation, w), _options.AbsoluteInflation));
                bounded &= inflated[i].IsBounded;
            }

            if (!bounded)
            {
                reason = "the Picard iterate of the a-priori enclosure is unbounded";
                return false;
            }

            Interval[] image;
            try
            {
                image = Picard(z, _model.Field(inflated, time), h0);
            }
            catch (ArithmeticException e)
            {
                reason = $"on a widened a-priori candidate, {e.Message}";
                return false;
            }

            bool inside = true;
            for (int i = 0; i < _n && inside; i++)
            {
                inside = image[i].IsBounded && inflated[i].ContainsInInterior(image[i]);
            }

            if (inside)
            {
                // Every solution stays in the widened candidate, hence in its image; more sweeps tighten it.
                b = image;
                for (int sweep = 0; sweep < 2; sweep++)
                {
                    Interval[] again = Picard(z, _model.Field(b, time), h0);
                    for (int i = 0; i < _n; i++)
                    {
                        b[i] = Meet(b[i], again[i]);
                    }
                }

                reason = null;
                return true;
            }

            b = image;
        }

        reason = $"no a-priori enclosure after {_options.MaxInflationIterations} widenings";
        return false;
    }

    private Interval[] Picard(Interval[] z, Interval[] f, Interval h0)
    {
        var b = (Interval[])z.Clone();
        for (int i = 0; i < _n; i++)
        {
            b[i] = z[i] + (h0 * f[i]);
        }

        return b;
    }

    // The mean-value form (on the box, or on Lohner's parallelepiped); narrows next and tube in place.
    private LohnerSet? MeanValue(Interval[] z, LohnerSet? set, Interval[][] cz, Interval tStart, Interval h, Interval h0,
        Interval[] rem, Interval[] remTube, Interval[] next, Interval[] tube)
    {
        double[] center = set?.Center ?? Array.ConvertAll(z, c => c.Midpoint);

        // The mean value theorem needs the segment from the centre to every member: use the hull of both.
        var around = (Interval[])z.Clone();
        bool extended = false;
        for (int i = 0; i < _dim; i++)
        {
            if (!z[i].Contains(center[i]))
            {
                around[i] = Interval.Hull(z[i], new Interval(center[i]));
                extended = true;
            }
        }

        Interval[][] ca = extended ? _model.Coefficients(around, tStart, _order - 1) : cz;
        Interval[][,] jk = _model.JacobianCoefficients(ca, tStart, _order);
        Interval[,] dt = IntervalMatrices.Horner(jk, h), dtTube = IntervalMatrices.Horner(jk, h0);

        Interval[][] cp = _model.Coefficients(Array.ConvertAll(center, c => new Interval(c)), tStart, _order - 1);
        var v = new Interval[_dim];
        var vTube = new Interval[_dim];
        for (int i = 0; i < _dim; i++)
        {
            v[i] = IntervalTaylorSeries.Horner(cp[i], h) + rem[i];
            vTube[i] = IntervalTaylorSeries.Horner(cp[i], h0) + remTube[i];
        }

        if (set is null)
        {
            var d = new Interval[_dim];
            for (int i = 0; i < _dim; i++)
            {
                d[i] = z[i] - new Interval(center[i]);
            }

            Interval[] spread = IntervalMatrices.Multiply(dt, d), spreadTube = IntervalMatrices.Multiply(dtTube, d);
            for (int i = 0; i < _dim; i++)
            {
                next[i] = Meet(next[i], v[i] + spread[i]);
                if (i < _n)
                {
                    tube[i] = Meet(tube[i], vTube[i] + spreadTube[i]);
                }
            }

            return null;
        }

        // Lohner: z ∈ ẑ + C r₀ + A r gives φ(z) ∈ v + (DT C) r₀ + (DT A) r. The doubleton keeps C r₀ apart with the
        // point matrix C' = mid(DT C) and moves the rest, (DT C − C') r₀, into the error term; the plain parallelepiped
        // has no C r₀ part.
        double[] nextCenter = Array.ConvertAll(v, c => c.Midpoint);
        var box = new Interval[_dim];
        var boxTube = new Interval[_dim];
        var error = new Interval[_dim];
        for (int i = 0; i < _dim; i++)
        {
            box[i] = v[i];
            boxTube[i] = vTube[i];
            error[i] = v[i] - new Interval(nextCenter[i]);
        }

        double[,]? initialNext = null;
        Interval[]? initialPart = null;
        if (set.Initial is not null && set.InitialCoordinates is not null)
        {
            Interval[,] sc = IntervalMatrices.Multiply(dt, set.Initial);
            initialNext = IntervalMatrices.Midpoint(sc);
            Interval[] scr = IntervalMatrices.Multiply(sc, set.InitialCoordinates);
            Interval[] scrTube = IntervalMatrices.Multiply(IntervalMatrices.Multiply(dtTube, set.Initial), set.InitialCoordinates);
            Interval[] residual = IntervalMatrices.Multiply(IntervalMatrices.Subtract(sc, initialNext), set.InitialCoordinates);
            initialPart = IntervalMatrices.Multiply(initialNext, set.InitialCoordinates);
            for (int i = 0; i < _dim; i++)
            {
                box[i] += scr[i];
                boxTube[i] += scrTube[i];
                error[i] += residual[i];
            }
        }

        Interval[,] sa = IntervalMatrices.Multiply(dt, set.Frame);
        Interval[] sar = IntervalMatrices.Multiply(sa, set.Coordinates);
        Interval[] sarTube = IntervalMatrices.Multiply(IntervalMatrices.Multiply(dtTube, set.Frame), set.Coordinates);
        double[] weights = Array.ConvertAll(set.Coordinates, c => c.Width);
        double[,]? frame = IntervalMatrices.OrthogonalFrame(IntervalMatrices.Midpoint(sa), weights);
        Interval[,]? inverse = frame is null ? null : IntervalMatrices.InverseOfFrame(frame);
        var r = new Interval[_dim];
        if (frame is null || inverse is null)
        {
            // Fall back to the coordinate frame, whose inverse is exact: r' = (DT A) r + error.
            frame = new double[_dim, _dim];
            for (int i = 0; i < _dim; i++)
            {
                frame[i, i] = 1;
                r[i] = sar[i] + error[i];
            }
        }
        else
        {
            Interval[] moved = IntervalMatrices.Multiply(IntervalMatrices.Multiply(inverse, sa), set.Coordinates);
            Interval[] added = IntervalMatrices.Multiply(inverse, error);
            for (int i = 0; i < _dim; i++)
            {
                r[i] = moved[i] + added[i];
            }
        }

        Interval[] ar = IntervalMatrices.Multiply(frame, r);
        for (int i = 0; i < _dim; i++)
        {
            Interval represented = new Interval(nextCenter[i]) + ar[i];
            if (initialPart is not null)
            {
                represented += initialPart[i];
            }

            next[i] = Meet(next[i], Meet(box[i] + sar[i], represented));
            if (i < _n)
            {
                tube[i] = Meet(tube[i], boxTube[i] + sarTube[i]);
            }
        }

        return set with { Center = nextCenter, Initial = initialNext, Frame = frame, Coordinates = r };
    }
}
