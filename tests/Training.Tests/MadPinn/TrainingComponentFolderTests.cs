using Certus.Cli;
using Certus.Control.MadPinn;

namespace Certus.Training.Tests.MadPinn;

/// <summary>
/// The tool as users get it has no training component in its folder: <c>train</c> loads Certus.Training (and
/// TorchSharp, libtorch) from the folder named by CERTUS_TRAINING_DIR, in its own load context. Built here the way
/// <c>./verify train</c> builds them: the tool into one folder, the component into another.
/// </summary>
public sealed class TrainingComponentFolderTests
{
    private const string Tiny = """
        problem:
          neighbours: 0
          horizon: 1
          goal_range: 1
          budget_max: 3
        network:
          hidden_layers: 1
          width: 8
        training:
          iterations: 4
          pretrain_iterations: 2
          points: 128
          log_every: 2
        """;

    [Fact]
    [Trait("Category", "Slow")]
    public void Train_LoadsTheComponentFromItsOwnFolder_AndTheToolFolderHasNoLibtorch()
    {
        string work = Path.Combine(Path.GetTempPath(), $"certus-component-{Guid.NewGuid():N}");
        string cli = Path.Combine(work, "cli"), training = Path.Combine(work, "component");
        try
        {
            Directory.CreateDirectory(work);
            Run("dotnet", ["build", Path.Combine(RepositoryPaths.Root, "src", "Cli", "Certus.Cli.csproj"), "-c", "Release", "-o", cli, "--nologo", "-v", "quiet"], null);
            Run("dotnet", ["build", Path.Combine(RepositoryPaths.Root, "src", "Training", "Certus.Training.csproj"), "-c", "Release", "-o", training, "--nologo", "-v", "quiet"], null);

            // Certification's folder carries neither the component nor libtorch.
            Assert.False(File.Exists(Path.Combine(cli, "Certus.Training.dll")));
            Assert.DoesNotContain(Directory.GetFiles(cli, "*", SearchOption.AllDirectories), f => Path.GetFileName(f).Contains("torch", StringComparison.OrdinalIgnoreCase));

            string config = Path.Combine(work, "tiny.yaml"), model = Path.Combine(work, "model.json");
            File.WriteAllText(config, Tiny);

            // Without the variable (and no ../training beside the tool) the verb says what to do.
            (int missing, string why) = Run("dotnet", [Path.Combine(cli, "certus.dll"), "train", config, "--out", model], null, check: false);
            Assert.Equal(Certus.Verify.ExitCodes.InternalError, missing);
            Assert.Contains(TrainingComponent.DirectoryVariable, why, StringComparison.Ordinal);

            (int code, string output) = Run("dotnet", [Path.Combine(cli, "certus.dll"), "train", config, "--out", model], training, check: false);
            Assert.True(code == 0, output);
            MadPinnModel trained = MadPinnModelFile.Load(model);
            Assert.NotNull(trained);
        }
        finally
        {
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    // The component's folder in CERTUS_TRAINING_DIR, or the variable removed.
    private static (int Code, string Output) Run(string file, string[] args, string? trainingDir, bool check = true) =>
        ChildProcess.Run(file, args, environment: new Dictionary<string, string?> { [TrainingComponent.DirectoryVariable] = trainingDir }, check: check);
}
