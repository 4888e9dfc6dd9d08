using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Certus.Control.Networks;
using Certus.Core.Networks;
using Certus.Core.Numerics;
using Certus.Core.Sets;
using Certus.Reach.Networks;
using Certus.Verify;
using Spectre.Console;

namespace Certus.Cli;

/// <summary>
/// <c>certus bounds NETWORK --input BOX</c>: sound output bounds of a network file over an input box with every
/// method (interval propagation, linear relaxation, the seed paper's simulation-guided partition), compared with
/// the hull of simulated outputs.
/// </summary>
internal static class BoundsCommand
{
    private static readonly string[] MethodNames = ["interval", "crown", "seed", "seed-crown", "all"];

    public static Command Create()
    {
        var network = new Argument<string>("network") { Description = "Network file: .onnx, .nnet, .polar, .json, or ReachNN .txt (with --hidden/--output-activation)" };
        var input = new Option<string>("--input", "-i")
        {
            Description = "The input box: one interval or number per network input, separated by spaces, e.g. \"[0.6,0.7] [-0.7,-0.6] 0 1.5\"",
            Required = true,
        };
        var method = new Option<string>("--method", "-m") { Description = "interval | crown | seed | seed-crown | all", DefaultValueFactory = _ => "all" };
        method.AcceptOnlyFromAmong(MethodNames);
        var samples = new Option<int>("--samples") { Description = "Simulated inputs for the comparison hull (and for the seed method)", DefaultValueFactory = _ => 10_000 };
        var tolerance = new Option<double>("--tolerance") { Description = "Seed method: smallest cell width to bisect", DefaultValueFactory = _ => 0.01 };
        var hidden = new Option<string?>("--hidden-activation") { Description = "Hidden activation for ReachNN .txt files (relu, tanh, sigmoid, identity)" };
        var outputAct = new Option<string?>("--output-activation") { Description = "Output activation for ReachNN .txt files" };
        var json = new Option<string?>("--json") { Description = "Also write the results as JSON to this file" };
        var command = new Command("bounds", "Sound output bounds of a neural network over an input box.\n\nExample:\n  ./verify bounds specs/networks/tora/TORA_ReLU_controller.polar --input \"[0.6,0.7] [-0.7,-0.6] [-0.4,-0.3] [0.5,0.6]\"" + "\n\n" + ExitCodes.Summary)
        {
            network, input, method, samples, tolerance, hidden, outputAct, json,
        };
        command.SetAction(parse => Run(
            parse.GetValue(network)!, parse.GetValue(input)!, parse.GetValue(method)!, parse.GetValue(samples), parse.GetValue(tolerance),
            parse.GetValue(hidden), parse.GetValue(outputAct), parse.GetValue(json), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    internal static int Run(string path, string inputText, string method, int samples, double tolerance, string? hidden, string? outputAct, string? jsonPath, TextWriter output, TextWriter error)
    {
        FeedForwardNetwork net;
        try
        {
            var options = NetworkLoadOptions.Default with
            {
                HiddenActivation = hidden is null ? null : ParseActivation(hidden, "--hidden-activation"),
                OutputActivation = outputAct is null ? null : ParseActivation(outputAct, "--output-activation"),
            };
            net = NetworkFile.Load(path, options);
        }
        catch (Exception e) when (e is NetworkFormatException or ArgumentException)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }

        string[] parts = SplitBox(inputText);
        if (parts.Length != net.InputSize)
        {
            error.WriteLine($"error: --input has {parts.Length} interval(s) but {path} takes {net.InputSize} inputs.");
            return ExitCodes.BadInput;
        }

        var box = new Interval[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!Interval.TryParse(parts[i], out box[i], out string? message) || !box[i].IsBounded)
            {
                error.WriteLine($"error: --input entry {i + 1}: {message ?? $"'{parts[i]}' must be bounded"}");
                return ExitCodes.BadInput;
            }
        }

        if (samples < 1 || !(tolerance > 0))
        {
            error.WriteLine("error: --samples must be at least 1 and --tolerance positive.");
            return ExitCodes.BadInput;
        }

        var inputBox = new Box(box);
        var algorithms = new List<INetworkBoundAlgorithm>();
        if (method is "interval" or "all")
        {
            algorithms.Add(new IntervalPropagation());
        }

        if (method is "crown" or "all")
        {
            algorithms.Add(new LinearRelaxation());
        }

        if (method is "seed" or "all")
        {
            algorithms.Add(new SimulationGuidedPartition { Samples = samples, Tolerance = tolerance });
        }

        if (method is "seed-crown" or "all")
        {
            algorithms.Add(new SimulationGuidedPartition { Samples = samples, Tolerance = tolerance, Inner = new LinearRelaxation() });
        }

        Box sampled = SimulationGuidedPartition.SimulatedHull(net, inputBox, samples, 1);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        if (Console.IsOutputRedirected || output != Console.Out)
        {
            console.Profile.Width = 200;
        }

        console.MarkupLine($"[bold]{Markup.Escape(path)}[/]: {Markup.Escape(net.ToString())}");
        console.MarkupLine($"input box {Markup.Escape(inputBox.ToString())}");
        var table = new Table().AddColumns("method", "output bounds (sound)", "cells", "ms", "sampled/bound width");
        table.AddRow("samples (inner estimate)", Rows(sampled), samples.ToString(CultureInfo.InvariantCulture), "", "");
        var results = new List<object>();
        foreach (INetworkBoundAlgorithm a in algorithms)
        {
            NetworkBoundResult r = a.Bound(net, inputBox);
            double tight = sampled.MaxWidth / r.Output.MaxWidth;
            table.AddRow(a.Name, Rows(r.Output), r.Cells.ToString(CultureInfo.InvariantCulture),
                r.Elapsed.TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture), double.IsFinite(tight) ? tight.ToString("F3", CultureInfo.InvariantCulture) : "-");
            results.Add(new
            {
                method = a.Name,
                lower = r.Output.Lower,
                upper = r.Output.Upper,
                cells = r.Cells,
                seconds = r.Elapsed.TotalSeconds,
            });
        }

        console.Write(table);
        if (jsonPath is not null)
        {
            var document = new { network = path, input = new { lower = inputBox.Lower, upper = inputBox.Upper }, sampled = new { lower = sampled.Lower, upper = sampled.Upper, samples }, results };
            File.WriteAllText(jsonPath, JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }));
            console.MarkupLine($"wrote {Markup.Escape(jsonPath)}");
        }

        return ExitCodes.Ok;
    }

    // One output interval per line, endpoints printed exactly (round-trip digits), so nothing looks tighter than it is.
    private static string Rows(Box b) => Markup.Escape(string.Join(Environment.NewLine, b.Select(i => i.ToString())));

    private static Activation ParseActivation(string name, string option) => name.ToLowerInvariant() switch
    {
        "relu" => Activation.Relu,
        "tanh" => Activation.Tanh,
        "sigmoid" or "logsig" => Activation.Sigmoid,
        "identity" or "linear" or "affine" => Activation.Identity,
        _ => throw new ArgumentException($"{option}: unknown activation '{name}' (relu, tanh, sigmoid, identity)."),
    };

    // "[a, b] [c,d] 3" -> ["[a, b]", "[c,d]", "3"]: spaces inside brackets do not split.
    internal static string[] SplitBox(string text)
    {
        var parts = new List<string>();
        int depth = 0, start = -1;
        for (int i = 0; i <= text.Length; i++)
        {
            char c = i < text.Length ? text[i] : ' ';
            if (c == '[')
            {
                depth++;
            }
            else if (c == ']')
            {
                depth--;
            }

            bool separator = (char.IsWhiteSpace(c) || c == ';') && depth <= 0;
            if (separator)
            {
                if (start >= 0)
                {
                    parts.Add(text[start..i]);
                    start = -1;
                }
            }
            else if (start < 0)
            {
                start = i;
            }
        }

        return [.. parts];
    }
}
