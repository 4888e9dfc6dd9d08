using System.Globalization;
using System.Text;
using Certus.Core.Navigation;
using Certus.Sim.MultiAgent;
using Certus.Verify.Reports.Documents;
using ScottPlot;

namespace Certus.Verify.Navigation;

/// <summary>Writes a run's metrics (JSON, CSV) and pictures (trajectory plot as PNG and SVG, animated GIF).</summary>
public static class NavigationOutputs
{
    /// <summary>The run's <c>simulate</c> document as JSON: the common header, scenario, policy, run metrics and per-agent metrics.</summary>
    /// <param name="result">The run.</param>
    /// <param name="inputs">The input files with hashes (scenario, model).</param>
    /// <param name="options">The run's options by command-line name.</param>
    /// <param name="includeAgents">Whether to list every agent.</param>
    /// <returns>The JSON text (see docs/schemas/simulate.schema.json).</returns>
    public static string ToJson(NavigationResult result, IReadOnlyList<InputFileHash>? inputs = null, IReadOnlyDictionary<string, string?>? options = null, bool includeAgents = true)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Documents.Serialize(SimulateDocument.From(result, inputs, options, includeAgents));
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
    /// <param name="inputs">The input files with hashes, for metrics.json.</param>
    /// <param name="options">The run's options, for metrics.json.</param>
    /// <returns>The file names written.</returns>
    public static IReadOnlyList<string> WriteAll(NavigationResult result, string directory, bool gif, IReadOnlyList<InputFileHash>? inputs = null, IReadOnlyDictionary<string, string?>? options = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(directory);
        Directory.CreateDirectory(directory);
        var files = new List<string> { "metrics.json", "agents.csv", "trajectories.png", "trajectories.svg" };
        File.WriteAllText(Path.Combine(directory, "metrics.json"), ToJson(result, inputs, options));
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

    private static string Cell(double v) => double.IsFinite(v) ? v.ToString("G9", CultureInfo.InvariantCulture) : string.Empty;
}
