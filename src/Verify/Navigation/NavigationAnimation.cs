using Certus.Core.Navigation;
using Certus.Sim.MultiAgent;
using SkiaSharp;

namespace Certus.Verify.Navigation;

/// <summary>
/// Draws a run as an animated GIF: obstacles, goals, short trails, every agent as a disc of its true radius
/// (red with a cross once it has collided), and the time and counts in the corner.
/// </summary>
public static class NavigationAnimation
{
    /// <summary>Writes the animation.</summary>
    /// <param name="result">The run (its recorded frames are used, thinned to at most <paramref name="maxFrames"/>).</param>
    /// <param name="path">The .gif file.</param>
    /// <param name="size">Width and height in pixels. Default 560.</param>
    /// <param name="maxFrames">At most this many frames. Default 160.</param>
    /// <param name="seconds">Playing time of the whole run in seconds (at least 2 centiseconds per frame). Default 12.</param>
    public static void WriteGif(NavigationResult result, string path, int size = 560, int maxFrames = 160, double seconds = 12)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(path);
        IReadOnlyList<NavigationFrame> frames = result.Frames;
        int stride = Math.Max(1, (int)Math.Ceiling(frames.Count / (double)maxFrames));
        var picked = new List<int>();
        for (int k = 0; k < frames.Count; k += stride)
        {
            picked.Add(k);
        }

        if (picked[^1] != frames.Count - 1)
        {
            picked.Add(frames.Count - 1);
        }

        var view = Viewport.Of(result, size);
        int delay = Math.Max(2, (int)Math.Round(100 * seconds / picked.Count));
        byte[] palette = Palette();
        using var file = File.Create(path);
        using var gif = new GifWriter(file, size, size, palette);
        using var bitmap = new SKBitmap(size, size, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var canvas = new SKCanvas(bitmap);
        byte[] indices = new byte[size * size];
        for (int p = 0; p < picked.Count; p++)
        {
            DrawFrame(canvas, result, view, picked[p], Math.Max(0, p > 0 ? picked[Math.Max(0, p - 8)] : 0));
            canvas.Flush();
            Quantize(bitmap.GetPixelSpan(), indices);
            gif.AddFrame(indices, p == picked.Count - 1 ? 300 : delay);
        }
    }

    /// <summary>Writes one frame of the animation as a PNG (for reports and documents).</summary>
    /// <param name="result">The run.</param>
    /// <param name="path">The .png file.</param>
    /// <param name="frame">The index of the recorded frame; negative counts from the end (-1 is the last).</param>
    /// <param name="size">Width and height in pixels.</param>
    public static void WriteFramePng(NavigationResult result, string path, int frame = -1, int size = 560)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(path);
        int k = frame < 0 ? result.Frames.Count + frame : frame;
        ArgumentOutOfRangeException.ThrowIfNegative(k, nameof(frame));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(k, result.Frames.Count, nameof(frame));
        var view = Viewport.Of(result, size);
        using var bitmap = new SKBitmap(size, size, SKColorType.Rgba8888, SKAlphaType.Premul);
        using (var canvas = new SKCanvas(bitmap))
        {
            DrawFrame(canvas, result, view, k, Math.Max(0, k - 40));
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        data.SaveTo(file);
    }

    private static void DrawFrame(SKCanvas canvas, NavigationResult result, Viewport view, int frame, int trailFrom)
    {
        NavigationScenario s = result.Scenario;
        NavigationFrame f = result.Frames[frame];
        canvas.Clear(SKColors.White);
        using var fill = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Fill };
        using var stroke = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 1 };
        if (s.Workspace is { } ws)
        {
            stroke.Color = new SKColor(60, 60, 60);
            stroke.StrokeWidth = 2;
            canvas.DrawRect(view.Rect(ws.MinX, ws.MinY, ws.MaxX, ws.MaxY), stroke);
        }

        fill.Color = new SKColor(150, 150, 150);
        foreach (Obstacle o in s.Obstacles)
        {
            switch (o)
            {
                case DiscObstacle d:
                    canvas.DrawCircle(view.X(d.CenterX), view.Y(d.CenterY), (float)(d.Radius * view.Scale), fill);
                    break;
                case BoxObstacle b:
                    canvas.DrawRect(view.Rect(b.MinX, b.MinY, b.MaxX, b.MaxY), fill);
                    break;
            }
        }

        int n = s.Agents.Count;
        float dot = (float)Math.Max(1.5, 0.35 * s.Agents[0].Radius * view.Scale);
        stroke.StrokeWidth = 1;
        for (int i = 0; i < n; i++)
        {
            stroke.Color = Hue(i, n, 0.45f);
            canvas.DrawCircle(view.X(s.Agents[i].GoalX), view.Y(s.Agents[i].GoalY), dot, stroke);
        }

        for (int i = 0; i < n; i++)
        {
            stroke.Color = Hue(i, n, 0.6f);
            for (int k = trailFrom; k < frame; k++)
            {
                NavigationFrame a = result.Frames[k], b = result.Frames[k + 1];
                canvas.DrawLine(view.X(a.X[i]), view.Y(a.Y[i]), view.X(b.X[i]), view.Y(b.Y[i]), stroke);
            }
        }

        int collided = 0, arrived = 0;
        for (int i = 0; i < n; i++)
        {
            AgentMetrics m = result.Agents[i];
            bool hit = m.Collided && m.FirstCollisionTime <= f.Time + 1e-12;
            collided += hit ? 1 : 0;
            double gx = f.X[i] - s.Agents[i].GoalX, gy = f.Y[i] - s.Agents[i].GoalY;
            arrived += Math.Sqrt((gx * gx) + (gy * gy)) <= s.GoalTolerance ? 1 : 0;
            float r = (float)Math.Max(1.5, s.Agents[i].Radius * view.Scale);
            fill.Color = hit ? new SKColor(220, 0, 0) : Hue(i, n, 1f);
            canvas.DrawCircle(view.X(f.X[i]), view.Y(f.Y[i]), r, fill);
            if (hit)
            {
                stroke.Color = SKColors.Black;
                float cx = view.X(f.X[i]), cy = view.Y(f.Y[i]);
                canvas.DrawLine(cx - r, cy - r, cx + r, cy + r, stroke);
                canvas.DrawLine(cx - r, cy + r, cx + r, cy - r, stroke);
            }
        }

        using var font = new SKFont(SKTypeface.FromFamilyName("DejaVu Sans") ?? SKTypeface.Default, 15);
        fill.Color = SKColors.Black;
        canvas.DrawText($"{result.Policy}   t = {f.Time:F2} s   at goal {arrived}/{n}   collided {collided}", 8, 20, SKTextAlign.Left, font, fill);
    }

    /// <summary>A distinct colour per agent (hues around the wheel), mixed with white by <paramref name="strength"/>.</summary>
    private static SKColor Hue(int i, int n, float strength)
    {
        float h = 360f * ((i * 0.618034f) % 1f);
        SKColor c = SKColor.FromHsv(h, 85, 85);
        byte Mix(byte v) => (byte)(255 - (strength * (255 - v)));
        return new SKColor(Mix(c.Red), Mix(c.Green), Mix(c.Blue));
    }

    /// <summary>A 6 × 7 × 6 colour cube and four greys.</summary>
    internal static byte[] Palette()
    {
        byte[] p = new byte[768];
        int k = 0;
        for (int r = 0; r < 6; r++)
        {
            for (int g = 0; g < 7; g++)
            {
                for (int b = 0; b < 6; b++)
                {
                    p[k++] = (byte)(r * 51);
                    p[k++] = (byte)(g * 255 / 6);
                    p[k++] = (byte)(b * 51);
                }
            }
        }

        foreach (byte grey in new byte[] { 64, 128, 192, 224 })
        {
            p[k++] = grey;
            p[k++] = grey;
            p[k++] = grey;
        }

        return p;
    }

    internal static void Quantize(ReadOnlySpan<byte> rgba, Span<byte> indices)
    {
        for (int i = 0; i < indices.Length; i++)
        {
            int r = rgba[4 * i], g = rgba[(4 * i) + 1], b = rgba[(4 * i) + 2];
            indices[i] = (byte)((((r * 5) + 127) / 255 * 42) + (((g * 6) + 127) / 255 * 6) + (((b * 5) + 127) / 255));
        }
    }

    /// <summary>World-to-pixel mapping that fits every position, goal and obstacle with a margin, y up.</summary>
    internal sealed class Viewport
    {
        private double _x0;
        private double _y1;

        public double Scale { get; private set; }

        public static Viewport Of(NavigationResult result, int size)
        {
            double minX = double.PositiveInfinity, minY = double.PositiveInfinity, maxX = double.NegativeInfinity, maxY = double.NegativeInfinity;
            void Add(double x, double y, double r)
            {
                minX = Math.Min(minX, x - r);
                maxX = Math.Max(maxX, x + r);
                minY = Math.Min(minY, y - r);
                maxY = Math.Max(maxY, y + r);
            }

            foreach (NavigationFrame f in result.Frames)
            {
                for (int i = 0; i < f.X.Count; i++)
                {
                    Add(f.X[i], f.Y[i], result.Scenario.Agents[i].Radius);
                }
            }

            foreach (AgentSpec a in result.Scenario.Agents)
            {
                Add(a.GoalX, a.GoalY, a.Radius);
            }

            foreach (Obstacle o in result.Scenario.Obstacles)
            {
                switch (o)
                {
                    case DiscObstacle d:
                        Add(d.CenterX, d.CenterY, d.Radius);
                        break;
                    case BoxObstacle b:
                        // Walls may be long: show only what is near the agents.
                        break;
                }
            }

            if (result.Scenario.Workspace is { } w)
            {
                Add(w.MinX, w.MinY, 0);
                Add(w.MaxX, w.MaxY, 0);
            }

            double span = Math.Max(maxX - minX, maxY - minY) * 1.08;
            span = span > 0 ? span : 1;
            double cx = 0.5 * (minX + maxX), cy = 0.5 * (minY + maxY);
            return new Viewport { Scale = size / span, _x0 = cx - (span / 2), _y1 = cy + (span / 2) + (30 / (size / span)) };
        }

        public float X(double x) => (float)((x - _x0) * Scale);

        public float Y(double y) => (float)((_y1 - y) * Scale);

        public SKRect Rect(double x0, double y0, double x1, double y1) => new(X(x0), Y(y1), X(x1), Y(y0));
    }
}
