using Certus.Control.Networks;
using Certus.Core.Networks;

namespace Certus.Control.Tests.Networks;

/// <summary>The benchmark network files under specs/networks, found from the test's output folder.</summary>
internal static class SpecNetworks
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The repository root (the folder that holds Verify.sln).</summary>
    public static string Root => RootPath.Value;

    /// <summary>specs/networks.</summary>
    public static string Folder => Path.Combine(Root, "specs", "networks");

    /// <summary>The full path of a file under specs/networks, such as <c>acc/controller_5_20.onnx</c>.</summary>
    public static string PathOf(string relative) => Path.Combine(Folder, relative.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>Every network file shipped under specs/networks, relative and with forward slashes.</summary>
    public static IReadOnlyList<string> AllFiles() =>
        Directory.EnumerateFiles(Folder, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".onnx", StringComparison.Ordinal) || f.EndsWith(".polar", StringComparison.Ordinal)
                || f.EndsWith(".nnet", StringComparison.Ordinal) || Path.GetFileName(f).StartsWith("nn_", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(Folder, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>The activations of the ReachNN text files, which the files do not store (from the benchmark READMEs).</summary>
    public static NetworkLoadOptions OptionsFor(string relative) => Path.GetFileName(relative) switch
    {
        "nn_tora_relu_tanh.txt" => new NetworkLoadOptions { HiddenActivation = Activation.Relu, OutputActivation = Activation.Tanh },
        "nn_tora_sigmoid.txt" or "nn_tora_sigmoid_ARCH2024_version.txt" =>
            new NetworkLoadOptions { HiddenActivation = Activation.Sigmoid, OutputActivation = Activation.Sigmoid },
        _ => NetworkLoadOptions.Default,
    };

    /// <summary>Loads a shipped file with the right options.</summary>
    public static FeedForwardNetwork Load(string relative) => NetworkFile.Load(PathOf(relative), OptionsFor(relative));

    private static string FindRoot()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Verify.sln")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds Verify.sln.");
    }
}
