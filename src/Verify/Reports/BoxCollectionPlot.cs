using ScottPlot;
using SkiaSharp;

namespace Certus.Verify.Reports;

/// <summary>
/// Many axis-aligned rectangles drawn as one plottable: their union filled with one translucent colour (one path,
/// so overlaps do not darken and an SVG holds one element), and, when there are few, each outline thinly. Thousands
/// of <c>Rectangle</c> plottables would each be laid out and listed; this stays light for tens of thousands.
/// </summary>
internal sealed class BoxCollectionPlot : IPlottable
{
    private readonly double[] _left;
    private readonly double[] _right;
    private readonly double[] _bottom;
    private readonly double[] _top;

    /// <summary>Creates the plottable; the arrays are kept, not copied, and must have one length.</summary>
    public BoxCollectionPlot(double[] left, double[] right, double[] bottom, double[] top)
    {
        _left = left;
        _right = right;
        _bottom = bottom;
        _top = top;
    }

    /// <summary>The fill (use a translucent colour).</summary>
    public Color FillColor { get; set; } = Colors.Blue.WithAlpha(0.3);

    /// <summary>The outline of each rectangle, drawn only when there are at most <see cref="MaxOutlined"/> and they are on
    /// average at least 8 pixels across both ways (thinner ones would only darken the fill with stripes).</summary>
    public Color OutlineColor { get; set; } = Colors.Blue.WithAlpha(0.6);

    /// <summary>Most rectangles whose outlines are drawn (default 500).</summary>
    public int MaxOutlined { get; set; } = 500;

    /// <summary>The legend text (none when empty).</summary>
    public string LegendText { get; set; } = string.Empty;

    /// <inheritdoc/>
    public bool IsVisible { get; set; } = true;

    /// <inheritdoc/>
    public IAxes Axes { get; set; } = new Axes();

    /// <inheritdoc/>
    public IEnumerable<LegendItem> LegendItems => string.IsNullOrEmpty(LegendText)
        ? LegendItem.None
        : LegendItem.Single(this, LegendText, new FillStyle { Color = FillColor }, new LineStyle(1, OutlineColor));

    /// <inheritdoc/>
    /// <remarks>Only finite sides count: an infinite or NaN bound does not make the limits useless.</remarks>
    public AxisLimits GetAxisLimits()
    {
        static (double Lo, double Hi) Hull(double[] lo, double[] hi) =>
            (lo.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Min(), hi.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Max());
        var (left, right) = Hull(_left, _right);
        var (bottom, top) = Hull(_bottom, _top);
        return double.IsNaN(left) || double.IsNaN(bottom) ? AxisLimits.NoLimits : new AxisLimits(left, right, bottom, top);
    }

    /// <inheritdoc/>
    public void Render(RenderPack rp)
    {
        if (_left.Length == 0)
        {
            return;
        }

        // Rectangles are cut to a margin around the data area: a tube that blew up (or reaches infinity) would give
        // pixel coordinates far beyond what a float path holds, and the axis may clip it on purpose.
        PixelRect area = rp.DataRect;
        float marginX = Math.Max(10, area.Width), marginY = Math.Max(10, area.Height);
        float Cut(float v, float lo, float hi) => float.IsNaN(v) ? float.NaN : Math.Clamp(v, lo, hi);
        float CutX(double x) => Cut(Axes.GetPixelX(x), area.Left - marginX, area.Right + marginX);
        float CutY(double y) => Cut(Axes.GetPixelY(y), area.Top - marginY, area.Bottom + marginY);

        using var path = new SKPath();
        double sumWidth = 0, sumHeight = 0;
        int drawn = 0;
        for (int k = 0; k < _left.Length; k++)
        {
            float x0 = CutX(_left[k]), x1 = CutX(_right[k]);
            float y0 = CutY(_top[k]), y1 = CutY(_bottom[k]);
            if (float.IsNaN(x0) || float.IsNaN(x1) || float.IsNaN(y0) || float.IsNaN(y1))
            {
                // An unknown bound: nothing sensible to draw.
                continue;
            }

            // Keep every rectangle at least a pixel across, so that thin segments stay visible.
            if (x1 - x0 < 1)
            {
                x1 = x0 + 1;
            }

            if (y1 - y0 < 1)
            {
                y1 = y0 + 1;
            }

            sumWidth += x1 - x0;
            sumHeight += y1 - y0;
            path.AddRect(new SKRect(x0, y0, x1, y1));
            drawn++;
        }

        using var fill = new SKPaint { Color = FillColor.ToSKColor(), Style = SKPaintStyle.Fill, IsAntialias = true };
        rp.Canvas.DrawPath(path, fill);
        if (drawn > 0 && drawn <= MaxOutlined && sumWidth >= 8.0 * drawn && sumHeight >= 8.0 * drawn)
        {
            using var stroke = new SKPaint { Color = OutlineColor.ToSKColor(), Style = SKPaintStyle.Stroke, StrokeWidth = 0.75f, IsAntialias = true };
            rp.Canvas.DrawPath(path, stroke);
        }
    }
}
