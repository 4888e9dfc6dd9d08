using System.CommandLine;
using System.Globalization;
using Certus.Control.MadPinn;
using Certus.Verify;
using Certus.Verify.Reports;
using Certus.Verify.Specs;
using Certus.Verify.Training;
using ScottPlot;

namespace Certus.Cli;

/// <summary>
/// The <c>train</c> verb: trains a MAD-PINN value function from a YAML configuration, or distils a MAD-PINN teacher
/// into a small network (a configuration with <c>distill:</c>, <see cref="DistillTraining"/>).
/// </summary>
internal static class TrainCommand
{
    /// <summary>Builds the verb.</summary>
    /// <returns>The command.</returns>
    public static Command Create()
    {
        var config = new Argument<string>("config") { Description = "The training configuration (YAML, see docs/madpinn.md)" };
        var output = new Option<string?>("--out") { Description = "The model file to write (default: the configuration's 'output:')", HelpName = "FILE" };
        var resume = new Option<string?>("--resume") { Description = "Continue from this checkpoint (a model file written by an earlier run)", HelpName = "CHECKPOINT" };
        var iterations = new Option<int?>("--iterations") { Description = "Override training.iterations (the total, counting the checkpoint's)", HelpName = "N" };
        var command = new Command("train", "Train a MAD-PINN epigraph value function (TorchSharp, CPU), or distil one into a small controller network (a configuration with 'distill:'); writes the model, a loss CSV and a loss plot.\n\nExamples:\n  ./verify train specs/madpinn/train-k2.yaml\n  ./verify train specs/madpinn/distill-k2.yaml\n  ./verify train specs/madpinn/train-k2.yaml --out runs/k2.json --iterations 200\n  ./verify train specs/madpinn/train-k2.yaml --resume runs/k2.json --iterations 4000" + "\n\n" + ExitCodes.Summary)
        {
            config, output, resume, iterations,
        };
        command.SetAction(parse => Run(new Request(parse.GetValue(config)!, parse.GetValue(output), parse.GetValue(resume), parse.GetValue(iterations)), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    /// <summary>A parsed command line.</summary>
    /// <param name="Config">The configuration file.</param>
    /// <param name="Output">--out.</param>
    /// <param name="Resume">--resume.</param>
    /// <param name="Iterations">--iterations.</param>
    internal sealed record Request(string Config, string? Output, string? Resume, int? Iterations);

    /// <summary>Runs the verb.</summary>
    /// <param name="request">The command line.</param>
    /// <param name="output">Progress and summary.</param>
    /// <param name="error">Errors.</param>
    /// <returns>An exit code from <see cref="ExitCodes"/>.</returns>
    internal static int Run(Request request, TextWriter output, TextWriter error)
    {
        if (request.Iterations is < 1)
        {
            error.WriteLine($"error: --iterations must be at least 1, got {request.Iterations}.");
            return ExitCodes.BadInput;
        }

        TrainingConfigFile file;
        try
        {
            (TrainingConfigFile? training, DistillationConfigFile? distillation) = TrainingConfigReader.ReadAny(request.Config);
            if (distillation is not null)
            {
                return DistillTraining.Run(distillation, request, output, error);
            }

            file = training!;
        }
        catch (SpecException e)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }

        MadPinnConfig config = file.Config;
        if (request.Iterations is { } total && request.Resume is not null)
        {
            // A resumed run continues the checkpoint's recipe up to the new total.
            config = config with { Training = config.Training with { Iterations = total, PretrainIterations = Math.Min(config.Training.PretrainIterations, total - 1) } };
        }
        else if (request.Iterations is { } n)
        {
            // A shorter (or longer) run keeps the recipe's proportions: the time curriculum and the pretraining scale with
            // the iterations, so a short run still trains over the whole horizon.
            MadPinnTrainingOptions t = config.Training;
            double scale = (double)n / t.Iterations;
            config = config with
            {
                Training = t with
                {
                    Iterations = n,
                    PretrainIterations = Math.Min(Math.Max(0, (int)Math.Round(t.PretrainIterations * scale)), n - 1),
                    CurriculumIterations = Math.Max(1, (int)Math.Round(t.CurriculumIterations * scale)),
                },
            };
        }

        string modelPath = request.Output ?? file.OutputPath ?? Path.ChangeExtension(request.Config, ".model.json");
        MadPinnModel? resume = null;
        if (request.Resume is { } r)
        {
            try
            {
                resume = MadPinnModelFile.Load(r);
            }
            catch (MadPinnModelException e)
            {
                error.WriteLine($"error: --resume: {e.Message}");
                return ExitCodes.BadInput;
            }

            if (resume.Training.Iteration >= config.Training.Iterations)
            {
                error.WriteLine($"error: the checkpoint has already done {resume.Training.Iteration} iterations; ask for more with --iterations.");
                return ExitCodes.BadInput;
            }
        }

        MadPinnProblem p = config.Problem;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"MAD-PINN training ({request.Config}): K = {p.Neighbours}, {p.InputDimension} inputs, {config.Network.HiddenLayers} x {config.Network.Width} sine layers (omega0 {config.Network.Omega0}), {config.Training.Points} points/iteration, {config.Training.Iterations} iterations{(resume is null ? string.Empty : $" from {resume.Training.Iteration}")}"));
        output.WriteLine($"  model: {modelPath}");
        int every = Math.Max(config.Training.LogEvery, config.Training.Iterations / 50 / config.Training.LogEvery * config.Training.LogEvery);
        string stem = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(modelPath)) ?? ".", Path.GetFileNameWithoutExtension(modelPath));
        string csv = stem + ".losses.csv", png = stem + ".losses.png";

        // The loss log is written as training goes (a row per logged iteration, flushed), so a long or interrupted run can
        // be watched and plotted; a resumed run appends to it.
        StreamWriter? log;
        try
        {
            bool append = resume is not null && File.Exists(csv);
            log = new StreamWriter(csv, append) { AutoFlush = true };
            if (!append)
            {
                log.WriteLine(LossHeader);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: cannot write the loss log {csv} ({e.Message}).");
            return ExitCodes.BadInput;
        }

        using StreamWriter lossLog = log;
        var progress = new SyncProgress(row =>
        {
            lossLog.WriteLine(LossRow(row));
            if (row.Iteration % every == 0 || row.Iteration == row.Total)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {row.Iteration,7}/{row.Total}  {(row.Pretraining ? "pretrain" : "residual")}  residual {Fmt(row.ResidualLoss)}  boundary {Fmt(row.BoundaryLoss)}  lambda {row.BoundaryWeight:G3}  lr {row.LearningRate:G3}  tau<= {row.SampledHorizon:F2}  {row.Seconds:F1} s"));
            }
        });

        if (TrainingComponent.TryLoad(out string problem) is not { } train)
        {
            error.WriteLine($"error: {problem}");
            return ExitCodes.InternalError;
        }

        MadPinnTrainingResult result;
        try
        {
            result = train(config, new MadPinnTrainingRun { CheckpointPath = modelPath, Resume = resume, Progress = progress }, CancellationToken.None);
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (InvalidOperationException e)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.Unknown;
        }
        catch (IOException e)
        {
            error.WriteLine($"error: cannot write the model ({e.Message}).");
            return ExitCodes.BadInput;
        }

        try
        {
            lossLog.Flush();
            lossLog.Close();
            PlotLosses(csv, png);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: cannot write the loss log ({e.Message}).");
            return ExitCodes.BadInput;
        }

        MadPinnTrainingState s = result.Model.Training;
        long bytes = new FileInfo(modelPath).Length;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  done: {s.Iteration} iterations, {result.SessionSeconds:F1} s this session ({s.Seconds:F1} s in all), residual {Fmt(s.ResidualLoss)}, boundary {Fmt(s.BoundaryLoss)}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  model {modelPath} ({bytes / 1024.0:F1} KiB, {result.Model.ParameterCount} parameters); losses {csv}, {png}"));
        if (file.CompareWithGrid)
        {
            GridComparisonResult c = GridComparison.Compare(result.Model);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  against the grid solver ({c.GridPoints}^3, {c.GridSeconds:F1} s): mean |dV| {c.MeanError:G3}, max |dV| {c.MaxError:G3}, IoU of {{V <= 0}} {c.IntersectionOverUnion:F3} over {c.Nodes} nodes"));
        }

        return ExitCodes.Ok;
    }

    private static string Fmt(double v) => double.IsFinite(v) ? v.ToString("E3", CultureInfo.InvariantCulture) : "-";

    private const string LossHeader = "iteration,seconds,phase,residual_loss,boundary_loss,boundary_weight,learning_rate,sampled_horizon";

    private static string LossRow(MadPinnProgress r) => string.Create(CultureInfo.InvariantCulture,
        $"{r.Iteration},{r.Seconds:F3},{(r.Pretraining ? "pretrain" : "residual")},{(double.IsFinite(r.ResidualLoss) ? r.ResidualLoss.ToString("G6", CultureInfo.InvariantCulture) : string.Empty)},{r.BoundaryLoss:G6},{r.BoundaryWeight:G6},{r.LearningRate:G6},{r.SampledHorizon:G6}");

    private static void PlotLosses(string csv, string png)
    {
        var it = new List<double>();
        var res = new List<(double, double)>();
        var bnd = new List<double>();
        foreach (string line in File.ReadLines(csv).Skip(1))
        {
            string[] c = line.Split(',');
            if (c.Length < 5)
            {
                continue;
            }

            double i = double.Parse(c[0], CultureInfo.InvariantCulture);
            it.Add(i);
            bnd.Add(Math.Log10(Math.Max(1e-12, double.Parse(c[4], CultureInfo.InvariantCulture))));
            if (c[3].Length > 0)
            {
                res.Add((i, Math.Log10(Math.Max(1e-12, double.Parse(c[3], CultureInfo.InvariantCulture)))));
            }
        }

        var series = new List<(string, double[], double[])> { ("boundary mean |V - V0|", it.ToArray(), bnd.ToArray()) };
        if (res.Count > 0)
        {
            series.Add(("residual mean |r|", res.Select(v => v.Item1).ToArray(), res.Select(v => v.Item2).ToArray()));
        }

        PlotLogLosses(png, "MAD-PINN training losses", series);
    }

    /// <summary>Plots loss curves (log10 values against the iteration) to a PNG, one colour and legend entry per series.</summary>
    /// <param name="png">The file.</param>
    /// <param name="title">The title.</param>
    /// <param name="series">Legend text, iterations, log10 losses.</param>
    internal static void PlotLogLosses(string png, string title, IReadOnlyList<(string Legend, double[] X, double[] Y)> series)
    {
        var plot = new Plot();
        plot.Font.Set(ReportPlots.PickFont());
        plot.Title(title, 16);
        plot.XLabel("iteration", 15);
        plot.YLabel("log10 loss", 15);
        for (int k = 0; k < series.Count; k++)
        {
            var line = plot.Add.ScatterLine(series[k].X, series[k].Y, Colors.Category10[k % 10]);
            line.LegendText = series[k].Legend;
        }

        plot.ShowLegend(Edge.Bottom);
        plot.SavePng(png, 900, 500);
    }

    private sealed class SyncProgress(Action<MadPinnProgress> report) : IProgress<MadPinnProgress>
    {
        public void Report(MadPinnProgress value) => report(value);
    }
}
