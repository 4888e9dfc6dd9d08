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
    public AxisLimits GetAxisLimits() => _left.Length == 0
        ? AxisLimits.NoLimits
        : new AxisLimits(_left.Min(), _right.Max(), _bottom.Min(), _top.Max());

    /// <inheritdoc/>
    public void Render(RenderPack rp)
    {
        if (_left.Length == 0)
        {
            return;
        }

        using var path = new SKPath();
        double sumWidth = 0, sumHeight = 0;
        for (int k = 0; k < _left.Length; k++)
        {
            float x0 = Axes.GetPixelX(_left[k]), x1 = Axes.GetPixelX(_right[k]);
            float y0 = Axes.GetPixelY(_top[k]), y1 = Axes.GetPixelY(_bottom[k]);

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
        }

        using var fill = new SKPaint { Color = FillColor.ToSKColor(), Style = SKPaintStyle.Fill, IsAntialias = true };
        rp.Canvas.DrawPath(path, fill);
        if (_left.Length <= MaxOutlined && sumWidth >= 8.0 * _left.Length && sumHeight >= 8.0 * _left.Length)
        {
            using var stroke = new SKPaint { Color = OutlineColor.ToSKColor(), Style = SKPaintStyle.Stroke, StrokeWidth = 0.75f, IsAntialias = true };
            rp.Canvas.DrawPath(path, stroke);
        }
    }
}
