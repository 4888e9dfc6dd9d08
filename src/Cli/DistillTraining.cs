using System.Diagnostics;
using System.Globalization;
using Certus.Control.Distillation;
using Certus.Control.Networks;
using Certus.Verify;
using Certus.Verify.Training;

namespace Certus.Cli;

/// <summary>
/// <c>./verify train</c> on a distillation configuration: labels a dataset with the teacher
/// (<see cref="DistillationDataset"/>), trains the student (<c>Certus.Training.Distiller</c>, loaded like the MAD-PINN
/// trainer), and writes <c>STEM.json</c> (the network, exact doubles: what is certified and deployed),
/// <c>STEM.onnx</c> (its float32 export), <c>STEM.policy.json</c> (the descriptor: layout, hashes, teacher, metrics),
/// <c>STEM.losses.csv</c> and <c>STEM.losses.png</c>.
/// </summary>
internal static class DistillTraining
{
    private const string LossHeader = "iteration,seconds,train_loss,validation_loss,learning_rate";

    /// <summary>Runs a distillation.</summary>
    /// <param name="file">The configuration.</param>
    /// <param name="request">The command line (<c>--out</c> is the output stem or its <c>.json</c>; <c>--iterations</c> overrides the steps; <c>--resume</c> is refused).</param>
    /// <param name="output">Progress and summary.</param>
    /// <param name="error">Errors.</param>
    /// <returns>An exit code from <see cref="ExitCodes"/>.</returns>
    public static int Run(DistillationConfigFile file, TrainCommand.Request request, TextWriter output, TextWriter error)
    {
        if (request.Resume is not null)
        {
            error.WriteLine($"error: --resume applies to MAD-PINN training; {file.Path} is a distillation (it trains from scratch in minutes).");
            return ExitCodes.BadInput;
        }

        DistillationOptions options = request.Iterations is { } n ? file.Options with { Iterations = n } : file.Options;
        string stem = request.Output is { } o ? Path.GetFullPath(o.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? o[..^5] : o) : file.OutputStem;
        string networkPath = stem + ".json", onnxPath = stem + ".onnx", descriptorPath = stem + ".policy.json", csv = stem + ".losses.csv", png = stem + ".losses.png";
        DistilledLayout layout = file.Layout;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"distillation ({request.Config}{(file.Name is null ? string.Empty : $", {file.Name}")}): teacher {file.TeacherPath} (K = {layout.Neighbours}), student {layout.InputSize} -> {options.HiddenLayers} x {options.Width} {CertusNetworkJson.ActivationName(options.Activation)} -> 2 tanh, {options.Dataset.Samples} samples, {options.Iterations} iterations"));
        output.WriteLine($"  outputs: {networkPath}, {onnxPath}, {descriptorPath}");

        if (TrainingComponent.TryLoadDistiller(out string problem) is not { } distill)
        {
            error.WriteLine($"error: {problem}");
            return ExitCodes.InternalError;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(stem) ?? ".");
        var watch = Stopwatch.StartNew();
        DistillationDataset dataset;
        try
        {
            dataset = DistillationDataset.Create(file.Teacher, layout, options.Dataset);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            error.WriteLine($"error: {file.Path}: distill: {e.Message}");
            return ExitCodes.BadInput;
        }

        double datasetSeconds = watch.Elapsed.TotalSeconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  dataset: {dataset.Count} states labelled by the teacher in {datasetSeconds:F1} s"));

        StreamWriter log;
        try
        {
            log = new StreamWriter(csv, append: false) { AutoFlush = true };
            log.WriteLine(LossHeader);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: cannot write the loss log {csv} ({e.Message}).");
            return ExitCodes.BadInput;
        }

        DistillationResult result;
        using (log)
        {
            int every = Math.Max(options.LogEvery, options.Iterations / 20 / options.LogEvery * options.LogEvery);
            var progress = new SyncProgress(row =>
            {
                log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{row.Iteration},{row.Seconds:F3},{row.TrainLoss:G6},{row.ValidationLoss:G6},{row.LearningRate:G6}"));
                if (row.Iteration % every == 0 || row.Iteration == row.Total)
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {row.Iteration,7}/{row.Total}  train {row.TrainLoss:E3}  validation {row.ValidationLoss:E3}  lr {row.LearningRate:G3}  {row.Seconds:F1} s"));
                }
            });
            try
            {
                result = distill(dataset, options, progress, CancellationToken.None);
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
        }

        try
        {
            CertusNetworkJson.Write(result.Network, networkPath);
            OnnxNetworkWriter.Write(result.Network, onnxPath);
            string teacherRelative = Path.GetRelativePath(Path.GetDirectoryName(Path.GetFullPath(descriptorPath))!, file.TeacherPath).Replace('\\', '/');
            var descriptor = new DistilledPolicyDescriptor(
                layout,
                networkPath,
                DistilledPolicyFile.Sha256(networkPath),
                onnxPath,
                file.Teacher.Problem.AgentRadius ?? (0.5 * file.Teacher.Problem.SafetyRadius),
                file.Teacher.Problem.SafetyRadius,
                teacherRelative,
                DistilledPolicyFile.Sha256(file.TeacherPath),
                Metrics(result, dataset, datasetSeconds));
            DistilledPolicyFile.Save(descriptor, descriptorPath);
            TrainCommand.PlotLogLosses(png, "Distillation losses (weighted MSE)", [
                ("train", [.. result.Losses.Select(r => (double)r.Iteration)], [.. result.Losses.Select(r => Math.Log10(Math.Max(1e-12, r.TrainLoss)))]),
                ("validation", [.. result.Losses.Select(r => (double)r.Iteration)], [.. result.Losses.Select(r => Math.Log10(Math.Max(1e-12, r.ValidationLoss)))]),
            ]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: cannot write the outputs ({e.Message}).");
            return ExitCodes.BadInput;
        }

        DistillationMetrics u = result.Untrained, v = result.Validation, t = result.Train;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  done: {options.Iterations} iterations in {result.Seconds:F1} s ({result.TrainSamples} train, {result.ValidationSamples} validation samples)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  validation: weighted MSE {v.WeightedMse:G4} (untrained {u.WeightedMse:G4}), mean |du| {v.MeanAbsoluteError:G4} (untrained {u.MeanAbsoluteError:G4}), max |du| {v.MaxAbsoluteError:G4}, sign agreement {v.SignAgreement:P1} (untrained {u.SignAgreement:P1})"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  train: weighted MSE {t.WeightedMse:G4}, mean |du| {t.MeanAbsoluteError:G4}"));
        output.WriteLine($"  wrote {networkPath}, {onnxPath} (float32 export), {descriptorPath}, {csv}, {png}");
        return ExitCodes.Ok;
    }

    private static Dictionary<string, double> Metrics(DistillationResult r, DistillationDataset data, double datasetSeconds)
    {
        var m = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["samples"] = data.Count,
            ["train_samples"] = r.TrainSamples,
            ["validation_samples"] = r.ValidationSamples,
            ["iterations"] = r.Options.Iterations,
            ["parameters"] = r.Network.Layers.Sum(l => (l.InputSize + 1) * l.OutputSize),
            ["dataset_seconds"] = Math.Round(datasetSeconds, 2),
            ["training_seconds"] = Math.Round(r.Seconds, 2),
        };
        foreach ((string prefix, DistillationMetrics x) in new[] { ("validation", r.Validation), ("train", r.Train), ("untrained_validation", r.Untrained) })
        {
            m[prefix + "_weighted_mse"] = x.WeightedMse;
            m[prefix + "_mean_abs_control_error"] = x.MeanAbsoluteError;
            m[prefix + "_max_abs_control_error"] = x.MaxAbsoluteError;
            m[prefix + "_sign_agreement"] = x.SignAgreement;
        }

        return m;
    }

    private sealed class SyncProgress(Action<DistillationProgress> report) : IProgress<DistillationProgress>
    {
        public void Report(DistillationProgress value) => report(value);
    }
}
