using Certus.Control.MadPinn;
using Certus.Cli;
using Certus.Verify;
using Certus.Verify.Specs;
using Certus.Verify.Training;

namespace Certus.Training.Tests.MadPinn;

/// <summary>The <c>train</c> verb and its YAML configuration.</summary>
public sealed class TrainCommandTests
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
          iterations: 6
          pretrain_iterations: 2
          points: 256
          log_every: 2
        """;

    private static (int Code, string Output, string Error) Run(string config, string? output = null, string? resume = null, int? iterations = null)
    {
        using var o = new StringWriter();
        using var e = new StringWriter();
        int code = TrainCommand.Run(new TrainCommand.Request(config, output, resume, iterations), o, e);
        return (code, o.ToString(), e.ToString());
    }

    private static string Temp(string text)
    {
        string path = Path.Combine(Path.GetTempPath(), $"train-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, text);
        return path;
    }

    [Theory]
    [InlineData("problem:\n  neighbours: 9\n", 2, "problem.neighbours")]
    [InlineData("problem:\n  neighbors: 2\n", 2, "problem.neighbors: unknown field")]
    [InlineData("problem:\n  max_speed: -1\n", 2, "problem.max_speed")]
    [InlineData("problem:\n  input_set: disc\n", 2, "problem.input_set")]
    [InlineData("problem: {}\ntraining:\n  points: lots\n", 3, "training.points")]
    [InlineData("problem: {}\ntraining:\n  iterations: 10\n  pretrain_iterations: 10\n", 3, "training.pretrain_iterations")]
    [InlineData("network:\n  width: 2\n", 2, "problem")]
    [InlineData("problem: {}\ncompare_with_grid: true\n", 2, "compare_with_grid")]
    public void BadConfig_NamesTheLineAndField(string yaml, int line, string expected)
    {
        string path = Temp(yaml);
        try
        {
            (int code, _, string error) = Run(path);
            Assert.Equal(ExitCodes.BadInput, code);
            Assert.Contains(expected, error, StringComparison.Ordinal);
            if (expected.StartsWith("problem.", StringComparison.Ordinal) || expected.StartsWith("training.", StringComparison.Ordinal))
            {
                Assert.Contains($"{path}:{line}: ", error, StringComparison.Ordinal);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void MissingFile_IsBadInput()
    {
        (int code, _, string error) = Run("/nonexistent/train.yaml");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("cannot read", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ShippedConfigs_Parse()
    {
        foreach (string f in Directory.GetFiles(RepositoryPaths.Spec("madpinn"), "train-*.yaml"))
        {
            TrainingConfigFile c = TrainingConfigReader.Read(f);
            Assert.NotNull(c.OutputPath);
            Assert.True(File.Exists(c.OutputPath), $"{f}: the shipped model {c.OutputPath} is missing");
        }
    }

    [Fact]
    public void TinyRun_WritesModelLossesAndPlot_AndResumes()
    {
        string path = Temp(Tiny);
        string model = Path.ChangeExtension(path, ".json");
        try
        {
            (int code, string output, string error) = Run(path, model);
            Assert.True(code == ExitCodes.Ok, error);
            Assert.Contains("done: 6 iterations", output, StringComparison.Ordinal);
            Assert.Equal(6, MadPinnModelFile.Load(model).Training.Iteration);
            string csv = Path.ChangeExtension(model, null) + ".losses.csv";
            Assert.Equal(4, File.ReadAllLines(csv).Length);
            Assert.True(new FileInfo(Path.ChangeExtension(model, null) + ".losses.png").Length > 0);

            (code, output, error) = Run(path, model, resume: model, iterations: 8);
            Assert.True(code == ExitCodes.Ok, error);
            Assert.Equal(8, MadPinnModelFile.Load(model).Training.Iteration);
            Assert.Equal(5, File.ReadAllLines(csv).Length);

            (code, _, error) = Run(path, model, resume: model);
            Assert.Equal(ExitCodes.BadInput, code);
            Assert.Contains("already done", error, StringComparison.Ordinal);
        }
        finally
        {
            foreach (string f in new[] { path, model, Path.ChangeExtension(model, null) + ".losses.csv", Path.ChangeExtension(model, null) + ".losses.png" })
            {
                File.Delete(f);
            }
        }
    }

    // --iterations keeps the recipe's proportions: a 6-iteration run of a 100-iteration recipe (20 pretraining, an
    // 80-iteration curriculum) still reaches the whole horizon by its last iteration.
    [Fact]
    public void Iterations_ScaleTheCurriculum()
    {
        string path = Temp(Tiny.Replace("iterations: 6\n  pretrain_iterations: 2", "iterations: 100\n  pretrain_iterations: 20\n  curriculum_iterations: 80", StringComparison.Ordinal));
        Assert.Contains("curriculum_iterations: 80", File.ReadAllText(path), StringComparison.Ordinal);
        string model = Path.ChangeExtension(path, ".json");
        string csv = Path.ChangeExtension(model, null) + ".losses.csv";
        try
        {
            (int code, _, string error) = Run(path, model, iterations: 6);
            Assert.True(code == ExitCodes.Ok, error);
            string[] last = File.ReadAllLines(csv)[^1].Split(',');
            Assert.Equal("6", last[0]);
            Assert.Equal(1.0, double.Parse(last[7], System.Globalization.CultureInfo.InvariantCulture), 12);
        }
        finally
        {
            foreach (string f in new[] { path, model, csv, Path.ChangeExtension(model, null) + ".losses.png" })
            {
                File.Delete(f);
            }
        }
    }

    [Fact]
    public void Parse_ReadsEveryField()
    {
        TrainingConfigFile c = TrainingConfigReader.Parse("""
            problem:
              neighbours: 1
              input_set: ball
              obstacles:
                - disc: { center: [0.5, 0], radius: 0.2 }
            network: { hidden_layers: 2, width: 32, omega0: 12 }
            training: { iterations: 50, pretrain_iterations: 5, seed: 4 }
            output: m.json
            """, "/tmp/x/cfg.yaml");
        Assert.Equal(1, c.Config.Problem.Neighbours);
        Assert.Equal(MadPinnInputSet.Ball, c.Config.Problem.InputSet);
        Assert.Single(c.Config.Problem.Obstacles);
        Assert.Equal(32, c.Config.Network.Width);
        Assert.Equal(4, c.Config.Training.Seed);
        Assert.Equal("/tmp/x/m.json", c.OutputPath);
        Assert.Throws<SpecException>(() => TrainingConfigReader.Parse("problem: [1, 2]", "bad.yaml"));
    }

    [Fact]
    public void UnclosedBracket_IsAYamlError()
    {
        string text = File.ReadAllText(RepositoryPaths.Spec("madpinn", "train-k2.yaml")).Replace("output: ", "output: [", StringComparison.Ordinal);
        var e = Assert.Throws<SpecException>(() => TrainingConfigReader.Parse(text, "train.yaml"));
        Assert.Contains("yaml: not valid YAML", e.Message, StringComparison.Ordinal);
    }
}
