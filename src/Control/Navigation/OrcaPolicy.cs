using Certus.Core.Navigation;

namespace Certus.Control.Navigation;

/// <summary>
/// Optimal reciprocal collision avoidance (van den Berg, Guy, Lin and Manocha, "Reciprocal n-body collision
/// avoidance", ISRR 2009) for single-integrator agents, written from the paper's construction.
/// </summary>
/// <remarks>
/// For each sensed neighbour the velocity obstacle truncated at the time horizon τ is built from the relative
/// position and the observed velocities; <c>u</c> is the smallest change of the relative velocity that leaves it
/// and <c>n</c> the outward normal there; the agent takes half: its velocity must lie in the half-plane
/// <c>(v − (v_i + u/2))·n ≥ 0</c>. Agents already overlapping use the step Δt instead of τ to separate at once.
/// Static obstacles and the workspace edge give half-planes that keep the agent from reaching them within
/// <see cref="ObstacleTimeHorizon"/> (it takes all the responsibility). The velocity closest to the preferred one
/// (straight to the goal) in the intersection of the half-planes and the speed disc is found with the randomized-
/// incremental 2-D linear program; when the half-planes of the neighbours have no common point, the velocity that
/// minimises the largest violation is taken (the paper's 3-D program), the obstacles' half-planes kept hard.
/// The speed disc is the one inscribed in the velocity box (radius <see cref="AgentDynamics.MaxSpeed"/>).
/// </remarks>
public sealed class OrcaPolicy : DecentralizedPolicy
{
    private const double Epsilon = 1e-9;

    /// <inheritdoc/>
    public override string Name => "orca";

    /// <summary>The time horizon τ for other agents, in seconds. Default 2.</summary>
    public double TimeHorizon { get; init; } = 2;

    /// <summary>The time horizon for obstacles and the workspace edge, in seconds. Default 1.</summary>
    public double ObstacleTimeHorizon { get; init; } = 1;

    /// <summary>At most this many nearest neighbours are considered. Default 10.</summary>
    public int MaxNeighbours { get; init; } = 10;

    /// <summary>Extra clearance added to the radii (the same default as the CBF filter). Default 0.01.</summary>
    public double Margin { get; init; } = 0.01;

    /// <inheritdoc/>
    public override void Reset(NavigationScenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        if (scenario.Dynamics.Kind != AgentDynamicsKind.SingleIntegrator)
        {
            throw new NotSupportedException($"ORCA is written for single-integrator agents (velocity control); this scenario uses {scenario.Dynamics.Kind}.");
        }
    }

    /// <summary>A half-plane: the points left of <c>Direction</c> through <c>Point</c> (<c>det(Direction, v − Point) ≥ 0</c>).</summary>
    internal readonly record struct HalfPlane(double PointX, double PointY, double DirectionX, double DirectionY)
    {
        public double Violation(double x, double y) => Det(DirectionX, DirectionY, PointX - x, PointY - y);
    }

    /// <inheritdoc/>
    protected override void Act(AgentView agent, Span<double> control)
    {
        NavigationScenario s = agent.Scenario;
        double vmax = s.Dynamics.MaxSpeed;
        (double prefX, double prefY) = GoToGoalPolicy.PreferredVelocity(agent, vmax, box: false);
        int count = Math.Min(agent.NeighbourCount, MaxNeighbours);
        Span<HalfPlane> planes = stackalloc HalfPlane[count + s.Obstacles.Count + 4];
        int hard = AddStaticPlanes(agent, planes);
        int total = hard;
        for (int k = 0; k < count; k++)
        {
            planes[total++] = AgentPlane(agent, agent.Neighbour(k), s.TimeStep);
        }

        (double vx, double vy) = (prefX, prefY);
        int failed = Solve2(planes[..total], vmax, prefX, prefY, direction: false, ref vx, ref vy);
        if (failed < total)
        {
            Solve3(planes[..total], hard, failed, vmax, ref vx, ref vy);
        }

        control[0] = vx;
        control[1] = vy;
    }

    private int AddStaticPlanes(AgentView agent, Span<HalfPlane> planes)
    {
        NavigationScenario s = agent.Scenario;
        int k = 0;
        double tau = ObstacleTimeHorizon;
        double r = agent.Radius + Margin;
        double reach = (s.Dynamics.MaxSpeed * tau) + r;
        foreach (Obstacle o in s.Obstacles)
        {
            if (o.SignedDistance(agent.X, agent.Y) > reach)
            {
                continue;
            }

            (double qx, double qy, double nx, double ny) = o.Nearest(agent.X, agent.Y);
            double gap = (nx * (agent.X - qx)) + (ny * (agent.Y - qy)) - r;
            if (o is DiscObstacle disc)
            {
                // The disc as a static agent, all responsibility taken.
                var still = new NeighbourObservation(-1, disc.CenterX, disc.CenterY, 0, 0, disc.Radius, 0);
                planes[k++] = VelocityObstaclePlane(agent, still, s.TimeStep, ObstacleTimeHorizon, share: 1.0);
            }
            else
            {
                planes[k++] = Wall(nx, ny, Math.Max(gap, 0), tau);
            }
        }

        if (s.Workspace is { } ws)
        {
            if (agent.X - ws.MinX < reach) { planes[k++] = Wall(1, 0, Math.Max(0, agent.X - ws.MinX - r), tau); }
            if (ws.MaxX - agent.X < reach) { planes[k++] = Wall(-1, 0, Math.Max(0, ws.MaxX - agent.X - r), tau); }
            if (agent.Y - ws.MinY < reach) { planes[k++] = Wall(0, 1, Math.Max(0, agent.Y - ws.MinY - r), tau); }
            if (ws.MaxY - agent.Y < reach) { planes[k++] = Wall(0, -1, Math.Max(0, ws.MaxY - agent.Y - r), tau); }
        }

        return k;
    }

    /// <summary>n·v ≥ −gap/τ: the agent cannot reach the supporting line within τ. Direction = n turned clockwise.</summary>
    private static HalfPlane Wall(double nx, double ny, double gap, double tau) => new(-nx * gap / tau, -ny * gap / tau, ny, -nx);

    private HalfPlane AgentPlane(AgentView agent, NeighbourObservation nb, double dt) =>
        VelocityObstaclePlane(agent, nb, dt, TimeHorizon, share: 0.5);

    /// <summary>The ORCA half-plane of one agent against one other body.</summary>
    internal HalfPlane VelocityObstaclePlane(AgentView agent, NeighbourObservation nb, double dt, double tau, double share)
    {
        double px = nb.X - agent.X, py = nb.Y - agent.Y;              // relative position
        double vx = agent.VelocityX - nb.VelocityX, vy = agent.VelocityY - nb.VelocityY; // relative velocity
        double big = agent.Radius + nb.Radius + Margin;
        double dist2 = (px * px) + (py * py);
        double ux, uy, nx, ny;
        if (dist2 > big * big)
        {
            // Truncated cone: apex at 0, axis p, cut off by the disc of radius R/τ around p/τ.
            double wx = vx - (px / tau), wy = vy - (py / tau);
            double w2 = (wx * wx) + (wy * wy);
            double along = (wx * px) + (wy * py);
            if (along < 0 && along * along > big * big * w2)
            {
                // Nearest boundary point is on the cut-off arc.
                double w = Math.Sqrt(w2);
                nx = wx / w;
                ny = wy / w;
                double depth = (big / tau) - w;
                ux = depth * nx;
                uy = depth * ny;
            }
            else
            {
                // Nearest boundary point is on a leg; legs make the angle asin(R/|p|) with the axis.
                double leg = Math.Sqrt(dist2 - (big * big));
                double dx, dy;
                if (Det(px, py, wx, wy) > 0)
                {
                    // Left leg: p turned counter-clockwise; outward normal = leg turned counter-clockwise.
                    dx = ((px * leg) - (py * big)) / dist2;
                    dy = ((px * big) + (py * leg)) / dist2;
                    nx = -dy;
                    ny = dx;
                }
                else
                {
                    // Right leg: p turned clockwise; outward normal = leg turned clockwise.
                    dx = ((px * leg) + (py * big)) / dist2;
                    dy = ((-px * big) + (py * leg)) / dist2;
                    nx = dy;
                    ny = -dx;
                }

                double t = (vx * dx) + (vy * dy);
                ux = (t * dx) - vx;
                uy = (t * dy) - vy;
            }
        }
        else
        {
            // Already overlapping: leave the disc of radius R/Δt around p/Δt within one step.
            double wx = vx - (px / dt), wy = vy - (py / dt);
            double w = Math.Sqrt((wx * wx) + (wy * wy));
            if (w < Epsilon)
            {
                (wx, wy, w) = (-px, -py, Math.Sqrt(dist2));
                if (w < Epsilon)
                {
                    (wx, wy, w) = (1, 0, 1);
                }
            }

            nx = wx / w;
            ny = wy / w;
            double depth = (big / dt) - w;
            ux = depth * nx;
            uy = depth * ny;
        }

        // Half-plane through v_i + share·u with outward normal n; direction = n turned clockwise.
        return new HalfPlane(agent.VelocityX + (share * ux), agent.VelocityY + (share * uy), ny, -nx);
    }

    /// <summary>Solves the 2-D program: the point of the disc ∩ half-planes nearest to the optimum (or furthest along a direction).</summary>
    /// <returns>The count of planes when it succeeded, else the index of the first half-plane it could not satisfy (the result is then the last feasible one).</returns>
    internal static int Solve2(ReadOnlySpan<HalfPlane> planes, double radius, double optX, double optY, bool direction, ref double x, ref double y)
    {
        double o2 = (optX * optX) + (optY * optY);
        if (direction)
        {
            (x, y) = (optX * radius, optY * radius);
        }
        else if (o2 > radius * radius)
        {
            double o = Math.Sqrt(o2);
            (x, y) = (optX / o * radius, optY / o * radius);
        }
        else
        {
            (x, y) = (optX, optY);
        }

        for (int i = 0; i < planes.Length; i++)
        {
            if (planes[i].Violation(x, y) > 0)
            {
                (double keepX, double keepY) = (x, y);
                if (!Solve1(planes, i, radius, optX, optY, direction, ref x, ref y))
                {
                    (x, y) = (keepX, keepY);
                    return i;
                }
            }
        }

        return planes.Length;
    }

    /// <summary>Optimises on the boundary line of half-plane <paramref name="index"/>, within the disc and the earlier half-planes.</summary>
    private static bool Solve1(ReadOnlySpan<HalfPlane> planes, int index, double radius, double optX, double optY, bool direction, ref double x, ref double y)
    {
        HalfPlane line = planes[index];
        // Points P + t·d inside the disc: t² + 2t(P·d) + |P|² − r² ≤ 0.
        double pd = (line.PointX * line.DirectionX) + (line.PointY * line.DirectionY);
        double disc = (pd * pd) + (radius * radius) - ((line.PointX * line.PointX) + (line.PointY * line.PointY));
        if (disc < 0)
        {
            return false;
        }

        double root = Math.Sqrt(disc);
        double lo = -pd - root, hi = -pd + root;
        for (int j = 0; j < index; j++)
        {
            HalfPlane other = planes[j];
            // det(d_j, P + t d − P_j) ≥ 0  ⇔  c + t·a ≥ 0.
            double a = Det(other.DirectionX, other.DirectionY, line.DirectionX, line.DirectionY);
            double c = Det(other.DirectionX, other.DirectionY, line.PointX - other.PointX, line.PointY - other.PointY);
            if (Math.Abs(a) <= Epsilon)
            {
                if (c < 0)
                {
                    return false;
                }

                continue;
            }

            double t = -c / a;
            if (a > 0)
            {
                lo = Math.Max(lo, t);
            }
            else
            {
                hi = Math.Min(hi, t);
            }

            if (lo > hi)
            {
                return false;
            }
        }

        double best;
        if (direction)
        {
            best = ((optX * line.DirectionX) + (optY * line.DirectionY)) > 0 ? hi : lo;
        }
        else
        {
            best = Math.Clamp((line.DirectionX * (optX - line.PointX)) + (line.DirectionY * (optY - line.PointY)), lo, hi);
        }

        x = line.PointX + (best * line.DirectionX);
        y = line.PointY + (best * line.DirectionY);
        return true;
    }

    /// <summary>
    /// When the half-planes from <paramref name="start"/> on conflict: the velocity minimising the largest violation
    /// of the soft half-planes (index ≥ <paramref name="hard"/>), the hard ones kept.
    /// </summary>
    internal static void Solve3(ReadOnlySpan<HalfPlane> planes, int hard, int start, double radius, ref double x, ref double y)
    {
        double worst = 0;
        Span<HalfPlane> projected = planes.Length <= 64 ? stackalloc HalfPlane[planes.Length] : new HalfPlane[planes.Length];
        for (int i = start; i < planes.Length; i++)
        {
            HalfPlane pi = planes[i];
            if (pi.Violation(x, y) <= worst)
            {
                continue;
            }

            // Minimise the violation of plane i subject to: hard planes, and every earlier soft plane j violated
            // no more than i (the bisector half-plane of i and j).
            int k = 0;
            for (int h = 0; h < hard; h++)
            {
                projected[k++] = planes[h];
            }

            for (int j = hard; j < i; j++)
            {
                HalfPlane pj = planes[j];
                double det = Det(pi.DirectionX, pi.DirectionY, pj.DirectionX, pj.DirectionY);
                double qx, qy;
                if (Math.Abs(det) <= Epsilon)
                {
                    if ((pi.DirectionX * pj.DirectionX) + (pi.DirectionY * pj.DirectionY) > 0)
                    {
                        continue; // parallel, same side: one implies the other up to a shift that cannot be the maximum
                    }

                    qx = 0.5 * (pi.PointX + pj.PointX);
                    qy = 0.5 * (pi.PointY + pj.PointY);
                }
                else
                {
                    // Intersection of the two boundary lines.
                    double t = Det(pj.DirectionX, pj.DirectionY, pi.PointX - pj.PointX, pi.PointY - pj.PointY) / det;
                    qx = pi.PointX + (t * pi.DirectionX);
                    qy = pi.PointY + (t * pi.DirectionY);
                }

                double dx = pj.DirectionX - pi.DirectionX, dy = pj.DirectionY - pi.DirectionY;
                double len = Math.Sqrt((dx * dx) + (dy * dy));
                projected[k++] = new HalfPlane(qx, qy, dx / len, dy / len);
            }

            (double keepX, double keepY) = (x, y);
            // Move as far as possible into plane i: along its inward normal (d turned counter-clockwise).
            if (Solve2(projected[..k], radius, -pi.DirectionY, pi.DirectionX, direction: true, ref x, ref y) < k)
            {
                (x, y) = (keepX, keepY); // numerical corner case: keep the previous answer
            }

            worst = pi.Violation(x, y);
        }
    }

    private static double Det(double ax, double ay, double bx, double by) => (ax * by) - (ay * bx);
}
