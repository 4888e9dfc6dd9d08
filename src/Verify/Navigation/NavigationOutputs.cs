using System.Globalization;
using System.Text;
using System.Text.Json;
using Certus.Core.Navigation;
using Certus.Sim.MultiAgent;
using ScottPlot;

namespace Certus.Verify.Navigation;

/// <summary>Writes a run's metrics (JSON, CSV) and pictures (trajectory plot as PNG and SVG, animated GIF).</summary>
public static class NavigationOutputs
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The run's metrics as a JSON document: scenario, policy, run metrics and per-agent metrics.</summary>
    /// <param name="result">The run.</param>
    /// <param name="includeAgents">Whether to list every agent.</param>
    /// <returns>The JSON text.</returns>
    public static string ToJson(NavigationResult result, bool includeAgents = true)
    {
        ArgumentNullException.ThrowIfNull(result);
        return JsonSerializer.Serialize(ToJsonObject(result, includeAgents), Indented);
    }

    /// <summary>The run as a JSON-serializable object (non-finite numbers become null).</summary>
    /// <param name="result">The run.</param>
    /// <param name="includeAgents">Whether to list every agent.</param>
    /// <returns>A dictionary tree.</returns>
    public static Dictionary<string, object?> ToJsonObject(NavigationResult result, bool includeAgents)
    {
        ArgumentNullException.ThrowIfNull(result);
        NavigationMetrics m = result.Metrics;
        NavigationScenario s = result.Scenario;
        var doc = new Dictionary<string, object?>
        {
            ["scenario"] = s.Name,
            ["policy"] = result.Policy,
            ["agents"] = m.AgentCount,
            ["seed"] = s.Seed,
            ["dynamics"] = s.Dynamics.Kind.ToString(),
            ["time_step"] = s.TimeStep,
            ["time_limit"] = s.TimeLimit,
            ["collision_tolerance"] = s.CollisionTolerance,
            ["goal_tolerance"] = s.GoalTolerance,
            ["metrics"] = new Dictionary<string, object?>
            {
                ["safety_rate"] = m.SafetyRate,
                ["goal_rate"] = m.GoalRate,
                ["success_rate"] = m.SuccessRate,
                ["mean_cumulative_cost"] = Finite(m.MeanCumulativeCost),
                ["min_separation"] = Finite(m.MinSeparation),
                ["min_obstacle_clearance"] = Finite(m.MinObstacleClearance),
                ["colliding_pairs"] = m.CollidingPairs,
                ["makespan"] = Finite(m.Makespan),
                ["mean_path_length"] = m.MeanPathLength,
                ["simulated_time"] = m.SimulatedTime,
                ["steps"] = m.Steps,
                ["policy_ms_per_step_median"] = m.PolicyMillisecondsPerStepMedian,
                ["policy_ms_per_step_mean"] = m.PolicyMillisecondsPerStepMean,
                ["policy_ms_per_step_max"] = m.PolicyMillisecondsPerStepMax,
                ["step_ms_median"] = m.StepMillisecondsMedian,
                ["invalid_controls"] = m.InvalidControls,
            },
        };
        if (includeAgents)
        {
            doc["per_agent"] = result.Agents.Select(a => new Dictionary<string, object?>
            {
                ["agent"] = a.Agent,
                ["collided"] = a.Collided,
                ["first_collision_time"] = Finite(a.FirstCollisionTime),
                ["first_collision_with"] = a.Collided ? a.FirstCollisionWith : null,
                ["at_goal"] = a.AtGoal,
                ["time_to_goal"] = Finite(a.TimeToGoal),
                ["path_length"] = a.PathLength,
                ["cumulative_cost"] = a.CumulativeCost,
                ["min_clearance"] = Finite(a.MinClearance),
            }).ToArray();
        }

        return doc;
    }

    /// <summary>Per-agent metrics as CSV (a header line, then one line per agent; empty cells for "never").</summary>
    /// <param name="result">The run.</param>
    /// <returns>The CSV text.</returns>
    public static string ToCsv(NavigationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var b = new StringBuilder("agent,collided,first_collision_time,first_collision_with,at_goal,time_to_goal,path_length,cumulative_cost,min_clearance\n");
        foreach (AgentMetrics a in result.Agents)
        {
            b.Append(CultureInfo.InvariantCulture, $"{a.Agent},{(a.Collided ? 1 : 0)},{Cell(a.FirstCollisionTime)},{a.FirstCollisionWith.Replace(',', ' ')},{(a.AtGoal ? 1 : 0)},{Cell(a.TimeToGoal)},{Cell(a.PathLength)},{Cell(a.CumulativeCost)},{Cell(a.MinClearance)}\n");
        }

        return b.ToString();
    }

    /// <summary>Writes every output into a folder: metrics.json, agents.csv, trajectories.png/.svg, middle-frame.png and (optionally) animation.gif.</summary>
    /// <param name="result">The run.</param>
    /// <param name="directory">The folder (created).</param>
    /// <param name="gif">Whether to write the animation.</param>
    /// <returns>The file names written.</returns>
    public static IReadOnlyList<string> WriteAll(NavigationResult result, string directory, bool gif)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(directory);
        Directory.CreateDirectory(directory);
        var files = new List<string> { "metrics.json", "agents.csv", "trajectories.png", "trajectories.svg" };
        File.WriteAllText(Path.Combine(directory, "metrics.json"), ToJson(result));
        File.WriteAllText(Path.Combine(directory, "agents.csv"), ToCsv(result));
        TrajectoryPlot(result, Path.Combine(directory, "trajectories"));
        NavigationAnimation.WriteFramePng(result, Path.Combine(directory, "middle-frame.png"), result.Frames.Count / 2);
        files.Add("middle-frame.png");
        if (gif)
        {
            NavigationAnimation.WriteGif(result, Path.Combine(directory, "animation.gif"));
            files.Add("animation.gif");
        }

        return files;
    }

    /// <summary>Draws every agent's path (start dot, goal ring, collision points as red crosses) and the obstacles; writes <c>stem.png</c> and <c>stem.svg</c>.</summary>
    /// <param name="result">The run.</param>
    /// <param name="stem">The path without extension.</param>
    public static void TrajectoryPlot(NavigationResult result, string stem)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(stem);
        NavigationScenario s = result.Scenario;
        var plot = new Plot();
        plot.Font.Set(Reports.ReportPlots.PickFont());
        NavigationMetrics m = result.Metrics;
        plot.Title($"{s.Name}: {result.Policy}, {m.AgentCount} agents — safety {m.SafetyRate:P1}, success {m.SuccessRate:P1}", 16);
        plot.XLabel("x", 15);
        plot.YLabel("y", 15);
        foreach (Obstacle o in s.Obstacles)
        {
            switch (o)
            {
                case DiscObstacle d:
                    var c = plot.Add.Circle(d.CenterX, d.CenterY, d.Radius);
                    c.FillColor = Colors.Gray.WithAlpha(0.6);
                    c.LineColor = Colors.DimGray;
                    break;
                case BoxObstacle b:
                    var r = plot.Add.Rectangle(b.MinX, b.MaxX, b.MinY, b.MaxY);
                    r.FillColor = Colors.Gray.WithAlpha(0.6);
                    r.LineColor = Colors.DimGray;
                    break;
            }
        }

        int n = s.Agents.Count;
        int frames = result.Frames.Count;
        int stride = Math.Max(1, frames / 400);
        for (int i = 0; i < n; i++)
        {
            var xs = new List<double>();
            var ys = new List<double>();
            for (int k = 0; k < frames; k += stride)
            {
                xs.Add(result.Frames[k].X[i]);
                ys.Add(result.Frames[k].Y[i]);
            }

            xs.Add(result.Frames[^1].X[i]);
            ys.Add(result.Frames[^1].Y[i]);
            Color color = Colors.Category10[i % 10];
            var line = plot.Add.ScatterLine(xs.ToArray(), ys.ToArray(), color.WithAlpha(n > 100 ? 0.5 : 0.9));
            line.LineWidth = n > 100 ? 1 : 1.6f;
            var start = plot.Add.Marker(xs[0], ys[0], MarkerShape.FilledCircle, n > 100 ? 3 : 6, color);
            start.LegendText = i == 0 ? "start" : string.Empty;
            var goal = plot.Add.Marker(s.Agents[i].GoalX, s.Agents[i].GoalY, MarkerShape.OpenCircle, n > 100 ? 4 : 8, color);
            goal.LegendText = i == 0 ? "goal" : string.Empty;
        }

        bool first = true;
        foreach (AgentMetrics a in result.Agents.Where(a => a.Collided))
        {
            int k = Math.Clamp((int)Math.Round(a.FirstCollisionTime / (result.Frames.Count > 1 ? result.Frames[1].Time - result.Frames[0].Time : 1)), 0, frames - 1);
            var x = plot.Add.Marker(result.Frames[k].X[a.Agent], result.Frames[k].Y[a.Agent], MarkerShape.Cross, 12, Colors.Red);
            x.LineWidth = 2.5f;
            x.LegendText = first ? "first collision" : string.Empty;
            first = false;
        }

        plot.Axes.SquareUnits();
        plot.ShowLegend(Edge.Bottom).Legend.Orientation = Orientation.Horizontal;
        plot.SavePng(stem + ".png", 900, 900);
        plot.SaveSvg(stem + ".svg", 900, 900);
    }

    private static double? Finite(double v) => double.IsFinite(v) ? v : null;

    private static string Cell(double v) => double.IsFinite(v) ? v.ToString("G9", CultureInfo.InvariantCulture) : string.Empty;
}
