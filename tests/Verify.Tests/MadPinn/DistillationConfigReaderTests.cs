using Certus.Control.Distillation;
using Certus.Core.Networks;
using Certus.Verify.Specs;
using Certus.Verify.Training;

namespace Certus.Verify.Tests.MadPinn;

/// <summary>The <c>distill:</c> section of training configurations: every field read, bad ones named with their line.</summary>
public sealed class DistillationConfigReaderTests
{
    private static string ConfigPath => RepositoryPaths.Spec("madpinn", "test-distill.yaml"); // not written: resolves teacher: beside the shipped model

    [Fact]
    public void Parse_ReadsEveryField()
    {
        const string Yaml = """
            name: k2 student
            distill:
              teacher: madpinn-k2.json
              samples: 1234
              near_fraction: 0.25
              full_fraction: 0.5
              beyond_goal_fraction: 0.2
              minimum_separation: 1.5
              weight_amplitude: 2
              weight_length: 0.05
              hidden_layers: 3
              width: 16
              activation: relu
              iterations: 77
              learning_rate: 1e-3
              learning_rate_decay: 0.9
              batch_size: 256
              validation_fraction: 0.25
              seed: 9
              log_every: 7
              threads: 2
            output: out/student
            """;
        DistillationConfigFile c = TrainingConfigReader.ParseDistillation(Yaml, ConfigPath);
        Assert.Equal("k2 student", c.Name);
        Assert.Equal(RepositoryPaths.Spec("madpinn", "madpinn-k2.json"), c.TeacherPath);
        Assert.Equal(new DistilledLayout(2, 0.6, 1.5, 1.8), c.Layout);
        Assert.Equal(RepositoryPaths.Spec("madpinn", "out", "student"), c.OutputStem);
        DistillationOptions o = c.Options;
        Assert.Equal(new DistillationDatasetOptions { Samples = 1234, NearFraction = 0.25, FullFraction = 0.5, BeyondGoalFraction = 0.2, MinimumSeparation = 1.5, WeightAmplitude = 2, WeightLength = 0.05, Seed = 9, Threads = 2 }, o.Dataset);
        Assert.Equal((3, 16, Activation.Relu, 77, 1e-3, 0.9, 256, 0.25, 9, 7, 2), (o.HiddenLayers, o.Width, o.Activation, o.Iterations, o.LearningRate, o.LearningRateDecay, o.BatchSize, o.ValidationFraction, o.Seed, o.LogEvery, o.Threads));
    }

    [Fact]
    public void ShippedDistillConfig_Parses_AndReadAnyTellsTheKinds()
    {
        (TrainingConfigFile? t, DistillationConfigFile? d) = TrainingConfigReader.ReadAny(RepositoryPaths.Spec("madpinn", "distill-k2.yaml"));
        Assert.Null(t);
        Assert.NotNull(d);
        Assert.Equal(RepositoryPaths.Spec("madpinn", "distilled-k2"), d.OutputStem);
        (t, d) = TrainingConfigReader.ReadAny(RepositoryPaths.Spec("madpinn", "train-k2.yaml"));
        Assert.NotNull(t);
        Assert.Null(d);
    }

    [Theory]
    [InlineData("distill:\n  teacher: madpinn-k2.json\n  samples: 5\n", 3, "distill.samples")]
    [InlineData("distill:\n  teacher: madpinn-k2.json\n  sample: 500\n", 3, "distill.sample: unknown field")]
    [InlineData("distill:\n  teacher: madpinn-k2.json\n  near_fraction: 1.5\n", 3, "distill.near_fraction")]
    [InlineData("distill:\n  teacher: madpinn-k2.json\n  activation: swish\n", 3, "distill.activation")]
    [InlineData("distill:\n  teacher: madpinn-k2.json\n  width: many\n", 3, "distill.width")]
    [InlineData("distill:\n  samples: 500\n", 2, "distill.teacher")]
    [InlineData("distill:\n  samples: 500\n  teacher: missing.json\n", 3, "distill.teacher: the teacher file")]
    [InlineData("distill:\n  teacher: madpinn-disc.json\n", 2, "distill.teacher: the teacher must be a multi-agent model")]
    [InlineData("distill:\n  teacher: madpinn-k2.json\nproblem: {}\n", 3, "problem: unknown field")]
    [InlineData("distill:\n  teacher: train-k2.yaml\n", 2, "distill.teacher: cannot load the teacher")]
    public void BadField_NamesTheLineAndField(string yaml, int line, string expected)
    {
        SpecException e = Assert.Throws<SpecException>(() => TrainingConfigReader.ParseDistillation(yaml, ConfigPath));
        Assert.Contains($"{ConfigPath}:{line}: {expected}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MadPinnReader_RefusesADistillationConfig()
    {
        SpecException e = Assert.Throws<SpecException>(() => TrainingConfigReader.Parse("distill:\n  teacher: madpinn-k2.json\n", ConfigPath));
        Assert.Contains("distillation configuration", e.Message, StringComparison.Ordinal);
    }
}
