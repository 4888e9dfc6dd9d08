namespace Certus.Core.Navigation;

/// <summary>A static obstacle in the plane.</summary>
public abstract record Obstacle
{
    /// <summary>The signed distance from a point to the obstacle: positive outside, negative inside.</summary>
    /// <param name="x">The point's x.</param>
    /// <param name="y">The point's y.</param>
    /// <returns>The signed distance.</returns>
    public abstract double SignedDistance(double x, double y);

    /// <summary>The point of the obstacle's boundary nearest to a point outside it, and the outward unit normal there.</summary>
    /// <param name="x">The point's x.</param>
    /// <param name="y">The point's y.</param>
    /// <returns>The nearest boundary point and the outward normal.</returns>
    public abstract (double X, double Y, double NormalX, double NormalY) Nearest(double x, double y);
}

/// <summary>A disc obstacle.</summary>
/// <param name="CenterX">Centre x.</param>
/// <param name="CenterY">Centre y.</param>
/// <param name="Radius">Radius; positive.</param>
public sealed record DiscObstacle(double CenterX, double CenterY, double Radius) : Obstacle
{
    /// <inheritdoc/>
    public override double SignedDistance(double x, double y) => Math.Sqrt(((x - CenterX) * (x - CenterX)) + ((y - CenterY) * (y - CenterY))) - Radius;

    /// <inheritdoc/>
    public override (double X, double Y, double NormalX, double NormalY) Nearest(double x, double y)
    {
        double dx = x - CenterX, dy = y - CenterY;
        double d = Math.Sqrt((dx * dx) + (dy * dy));
        if (d == 0)
        {
            return (CenterX + Radius, CenterY, 1, 0);
        }

        return (CenterX + (Radius * dx / d), CenterY + (Radius * dy / d), dx / d, dy / d);
    }
}

/// <summary>An axis-aligned box obstacle.</summary>
/// <param name="MinX">Left edge.</param>
/// <param name="MinY">Bottom edge.</param>
/// <param name="MaxX">Right edge.</param>
/// <param name="MaxY">Top edge.</param>
public sealed record BoxObstacle(double MinX, double MinY, double MaxX, double MaxY) : Obstacle
{
    /// <inheritdoc/>
    public override double SignedDistance(double x, double y)
    {
        double dx = Math.Max(MinX - x, x - MaxX);
        double dy = Math.Max(MinY - y, y - MaxY);
        if (dx <= 0 && dy <= 0)
        {
            return Math.Max(dx, dy);
        }

        double ox = Math.Max(dx, 0), oy = Math.Max(dy, 0);
        return Math.Sqrt((ox * ox) + (oy * oy));
    }

    /// <inheritdoc/>
    public override (double X, double Y, double NormalX, double NormalY) Nearest(double x, double y)
    {
        double cx = Math.Clamp(x, MinX, MaxX), cy = Math.Clamp(y, MinY, MaxY);
        if (cx == x && cy == y)
        {
            // Inside: the nearest edge.
            double left = x - MinX, right = MaxX - x, bottom = y - MinY, top = MaxY - y;
            double m = Math.Min(Math.Min(left, right), Math.Min(bottom, top));
            return m == left ? (MinX, y, -1, 0) : m == right ? (MaxX, y, 1, 0) : m == bottom ? (x, MinY, 0, -1) : (x, MaxY, 0, 1);
        }

        double dx = x - cx, dy = y - cy;
        double d = Math.Sqrt((dx * dx) + (dy * dy));
        return (cx, cy, dx / d, dy / d);
    }
}

/// <summary>The rectangular workspace agents must stay in (touching its boundary counts as a collision).</summary>
/// <param name="MinX">Left edge.</param>
/// <param name="MinY">Bottom edge.</param>
/// <param name="MaxX">Right edge.</param>
/// <param name="MaxY">Top edge.</param>
public sealed record Workspace(double MinX, double MinY, double MaxX, double MaxY)
{
    /// <summary>The distance from a point to the boundary, positive inside.</summary>
    /// <param name="x">The point's x.</param>
    /// <param name="y">The point's y.</param>
    /// <returns>The signed distance to the nearest edge.</returns>
    public double InteriorDistance(double x, double y) => Math.Min(Math.Min(x - MinX, MaxX - x), Math.Min(y - MinY, MaxY - y));
}
