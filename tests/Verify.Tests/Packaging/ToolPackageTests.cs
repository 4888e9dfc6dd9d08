using System.Globalization;
using System.Text.RegularExpressions;
using Certus.Cli;

namespace Certus.Verify.Tests.Packaging;

/// <summary>
/// The .NET tool package end to end: pack src/Cli into a local folder feed, install it with
/// <c>dotnet tool install --tool-path</c>, and certify the repository's ACC spec from an unrelated folder (network
/// paths in a spec are relative to the spec, so the working directory must not matter). The verdict and margin must
/// be the ones that <c>./verify certify specs/acc.yaml</c> prints (the same code, run in process here).
/// </summary>
public sealed partial class ToolPackageTests
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    [Fact]
    [Trait("Category", "Slow")]
    public void PackedTool_CertifiesAcc_WithTheLaunchersVerdictAndMargin()
    {
        string work = Path.Combine(Path.GetTempPath(), $"certus-tool-{Guid.NewGuid():N}");
        string feed = Path.Combine(work, "feed"), tools = Path.Combine(work, "tools"), run = Path.Combine(work, "run");
        Directory.CreateDirectory(run);
        string version = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        string spec = RepositoryPaths.Spec("acc.yaml");
        try
        {
            // This test project references src/Cli, so it is built already: pack it without building again.
            Execute("dotnet", ["pack", Path.Combine(RepositoryPaths.Root, "src", "Cli", "Certus.Cli.csproj"), "-c", Configuration, "--no-build",
                "-o", feed, $"-p:PackageVersion={version}", "--nologo"], RepositoryPaths.Root, work);
            Assert.True(File.Exists(Path.Combine(feed, $"certus.{version}.nupkg")), $"no certus.{version}.nupkg in {feed}");
            Execute("dotnet", ["tool", "install", "--tool-path", tools, "--add-source", feed, "certus", "--version", version], run, work);

            (int code, string output) = Execute(Path.Combine(tools, "certus"), ["certify", spec], run, work, check: false);
            Assert.Equal(ExitCodes.Ok, code);
            Assert.Contains("verdict: SAFE", output, StringComparison.Ordinal);

            using var expected = new StringWriter();
            using var ignored = new StringWriter();
            Assert.Equal(ExitCodes.Ok, CertifyCommand.Run(spec, null, 300, -1, 1024, expected, ignored));
            Assert.Equal("18.5961", Margin(expected.ToString()));
            Assert.Equal(Margin(expected.ToString()), Margin(output));

            // The tool has no training component of its own: the train verb says what to do, with exit code 4.
            (int trainCode, string trainOutput) = Execute(Path.Combine(tools, "certus"), ["train", RepositoryPaths.Spec("madpinn", "train-k2.yaml")], run, work, check: false);
            Assert.Equal(ExitCodes.InternalError, trainCode);
            Assert.Contains("training component", trainOutput, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>The margin in the verdict table's row of the safety property (colour codes ignored).</summary>
    private static string Margin(string output)
    {
        Match m = SafeRow().Match(Ansi().Replace(output, string.Empty));
        Assert.True(m.Success, $"no SAFE row with a margin in:\n{output}");
        return m.Groups[1].Value;
    }

    [GeneratedRegex(@"\x1b\[[0-9;]*m")]
    private static partial Regex Ansi();

    [GeneratedRegex(@"safe distance\s*│\s*SAFE\s*│\s*([0-9.]+)")]
    private static partial Regex SafeRow();

    // A private package cache: the test version never lands in (or comes stale from) the user's cache.
    private static (int Code, string Output) Execute(string file, string[] args, string folder, string work, bool check = true) =>
        ChildProcess.Run(file, args, folder, new Dictionary<string, string?> { ["NUGET_PACKAGES"] = Path.Combine(work, "packages"), [TrainingComponent.DirectoryVariable] = null }, check);
}
