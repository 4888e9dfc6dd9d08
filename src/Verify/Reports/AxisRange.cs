using System.Globalization;

namespace Certus.Verify.Reports;

/// <summary>
/// The range one axis of a plot shows. The data (simulations, the counterexample, the initial set) is always shown;
/// property bounds are shown when they lie near it; the reach tube is shown whole unless its extent is more than
/// <see cref="ClipFactor"/> times the data's, in which case the axis is clipped to the data (and the bounds near it)
/// padded by <see cref="ClipPadding"/> of their widths on each side, and <see cref="TubeClipped"/> says so. A tube that
/// blew up before its flow failed would otherwise squash everything else to a line. Non-finite values never widen the
/// range; in the tube they count as reaching beyond any range.
/// </summary>
internal sealed class AxisRange
{
    /// <summary>How many times the data's width the tube's extent may reach before the axis is clipped.</summary>
    public const double ClipFactor = 20;

    /// <summary>How many of the data's widths a clipped axis shows on each side of the data.</summary>
    public const double ClipPadding = 3;

    private readonly List<double> _near = [];
    private double _lo = double.PositiveInfinity;
    private double _hi = double.NegativeInfinity;
    private double _tubeLo = double.PositiveInfinity;
    private double _tubeHi = double.NegativeInfinity;
    private double _finiteTubeLo = double.PositiveInfinity;
    private double _finiteTubeHi = double.NegativeInfinity;
    private bool _tubeNaN;
    private View? _view;

    /// <summary>Whether the axis cuts off part of the tube (always, when a tube bound is infinite or NaN).</summary>
    public bool TubeClipped => Final().Clipped;

    /// <summary>The lowest tube value (−∞ when a tube bound is −∞; +∞ when there is no tube).</summary>
    public double TubeLo => _tubeLo;

    /// <summary>The highest tube value (+∞ when a tube bound is +∞; −∞ when there is no tube).</summary>
    public double TubeHi => _tubeHi;

    /// <summary>The lower limit of the axis (its range padded by 5 %).</summary>
    public double PaddedLo => Final().Lo;

    /// <summary>The upper limit of the axis (its range padded by 5 %).</summary>
    public double PaddedHi => Final().Hi;

    /// <summary>What the tube reaches, compactly (<c>±1.8e+40</c> when symmetric, else <c>[lo, hi]</c>), for a note
    /// that the tube is clipped.</summary>
    public string TubeReach
    {
        get
        {
            if (_tubeNaN && !(_tubeLo <= _tubeHi))
            {
                return "NaN";
            }

            double big = Math.Max(Math.Abs(_tubeLo), Math.Abs(_tubeHi));
            string reach = _tubeLo < 0 && _tubeHi > 0 && (-_tubeLo == _tubeHi || Math.Abs(_tubeLo + _tubeHi) <= 0.01 * big)
                ? "±" + TickLabels.Format(big)
                : $"[{TickLabels.Format(_tubeLo)}, {TickLabels.Format(_tubeHi)}]";
            return _tubeNaN ? reach + " and NaN" : reach;
        }
    }

    /// <summary>Adds data that must show (finite values only; the others are skipped).</summary>
    public void Add(IEnumerable<double> values)
    {
        _view = null;
        foreach (double v in values)
        {
            if (double.IsFinite(v))
            {
                _lo = Math.Min(_lo, v);
                _hi = Math.Max(_hi, v);
            }
        }
    }

    /// <summary>Adds reach tube bounds: shown unless they dwarf the data. Infinite bounds reach beyond any range; a
    /// NaN bound is unknown and likewise counts as cut off.</summary>
    public void AddTube(IEnumerable<double> values)
    {
        _view = null;
        foreach (double v in values)
        {
            if (double.IsNaN(v))
            {
                _tubeNaN = true;
            }
            else
            {
                _tubeLo = Math.Min(_tubeLo, v);
                _tubeHi = Math.Max(_tubeHi, v);
                if (double.IsFinite(v))
                {
                    _finiteTubeLo = Math.Min(_finiteTubeLo, v);
                    _finiteTubeHi = Math.Max(_finiteTubeHi, v);
                }
            }
        }
    }

    /// <summary>Adds a property bound: shown when it lies within half the span of the rest.</summary>
    public void Near(double v)
    {
        _view = null;
        if (double.IsFinite(v))
        {
            _near.Add(v);
        }
    }

    /// <summary>Whether <paramref name="v"/> lies within the axis.</summary>
    public bool Shows(double v) => v >= PaddedLo && v <= PaddedHi;

    private View Final() => _view ??= Compute();

    private View Compute()
    {
        bool hasData = _lo <= _hi;
        double tubeLo = Math.Min(_finiteTubeLo, hasData ? _lo : double.PositiveInfinity);
        double tubeHi = Math.Max(_finiteTubeHi, hasData ? _hi : double.NegativeInfinity);
        (double Lo, double Hi) view = WithNearBounds(tubeLo, tubeHi);
        if (hasData)
        {
            // The data with the bounds near it; the tube's finite part is measured against that.
            var (lo, hi) = WithNearBounds(_lo, _hi);
            double width = Math.Max(hi - lo, DegeneratePad(hi));
            if (Math.Max(hi, _finiteTubeHi) - Math.Min(lo, _finiteTubeLo) > ClipFactor * width)
            {
                view = (Math.Max(Math.Min(lo, _finiteTubeLo), lo - (ClipPadding * width)), Math.Min(Math.Max(hi, _finiteTubeHi), hi + (ClipPadding * width)));
            }
        }

        View padded = Pad(view);
        bool clipped = _tubeNaN || _tubeLo < padded.Lo || _tubeHi > padded.Hi;
        return padded with { Clipped = clipped };
    }

    private static (double Lo, double Hi) Widen(double lo, double hi) => lo <= hi ? (lo, hi) : (0, 1);

    // A bound shows when it lies within half the span of the range.
    private (double Lo, double Hi) WithNearBounds(double lo, double hi)
    {
        (lo, hi) = Widen(lo, hi);
        double span = hi - lo;
        foreach (double v in _near)
        {
            if (v >= lo - (0.5 * span) && v <= hi + (0.5 * span))
            {
                lo = Math.Min(lo, v);
                hi = Math.Max(hi, v);
            }
        }

        return (lo, hi);
    }

    private static double DegeneratePad(double hi) => Math.Max(1e-3, 0.1 * Math.Abs(hi));

    // The range padded by 5 % (or widened, when it is a point).
    private static View Pad((double Lo, double Hi) range)
    {
        var (lo, hi) = range;
        if (hi - lo <= 1e-12 * Math.Max(1, Math.Abs(hi)))
        {
            double pad = DegeneratePad(hi);
            (lo, hi) = (lo - pad, hi + pad);
        }

        double margin = 0.05 * (hi - lo);
        return new View(lo - margin, hi + margin, false);
    }

    private sealed record View(double Lo, double Hi, bool Clipped);

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"[{PaddedLo:G6}, {PaddedHi:G6}]{(TubeClipped ? $" (tube clipped: reaches {TubeReach})" : string.Empty)}");
}
