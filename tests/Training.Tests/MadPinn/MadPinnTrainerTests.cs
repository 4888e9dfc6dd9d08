using Certus.Control.MadPinn;

namespace Certus.Training.Tests.MadPinn;

/// <summary>A short training run on a tiny problem (seconds).</summary>
public sealed class MadPinnTrainerTests
{
    [Fact]
    public void ShortRun_ReducesTheLoss_AndResumes()
    {
        var config = new MadPinnConfig(
            new MadPinnProblem { Neighbours = 0, Horizon = 1, GoalRange = 1, BudgetMax = 3 },
            new SineNetworkOptions { HiddenLayers = 2, Width = 24, Omega0 = 5 },
            new MadPinnTrainingOptions { Iterations = 240, PretrainIterations = 40, CurriculumIterations = 100, Points = 1024, LearningRate = 2e-3, LogEvery = 10, BalanceEvery = 50, CheckpointEvery = 0 });
        string path = Path.Combine(Path.GetTempPath(), $"madpinn-{Guid.NewGuid():N}.json");
        try
        {
            MadPinnTrainingResult result = MadPinnTrainer.Train(config, new MadPinnTrainingRun { CheckpointPath = path });
            MadPinnProgress firstPre = result.Losses.First(r => r.Pretraining), lastPre = result.Losses.Last(r => r.Pretraining);
            Assert.True(lastPre.BoundaryLoss < 0.5 * firstPre.BoundaryLoss, $"pretraining: boundary loss {firstPre.BoundaryLoss} -> {lastPre.BoundaryLoss}");
            var residual = result.Losses.Where(r => !r.Pretraining).ToList();
            double early = residual.Take(3).Average(r => r.ResidualLoss + r.BoundaryLoss), late = residual.TakeLast(3).Average(r => r.ResidualLoss + r.BoundaryLoss);
            Assert.True(late < early, $"residual phase: loss {early} -> {late}");
            Assert.Equal(240, result.Model.Training.Iteration);
            Assert.True(File.Exists(path));

            MadPinnModel saved = MadPinnModelFile.Load(path);
            MadPinnTrainingResult more = MadPinnTrainer.Train(config with { Training = config.Training with { Iterations = 260 } }, new MadPinnTrainingRun { Resume = saved });
            Assert.Equal(260, more.Model.Training.Iteration);
            Assert.Equal(2, more.Losses.Count);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Resume_WithAnotherArchitecture_IsRefused()
    {
        var problem = new MadPinnProblem { Neighbours = 0 };
        var small = new MadPinnConfig(problem, new SineNetworkOptions { HiddenLayers = 1, Width = 8 }, new MadPinnTrainingOptions { Iterations = 2, PretrainIterations = 1, Points = 64 });
        MadPinnModel model = MadPinnTrainer.Train(small).Model;
        var other = small with { Network = new SineNetworkOptions { HiddenLayers = 2, Width = 8 } };
        Assert.Throws<ArgumentException>(() => MadPinnTrainer.Train(other, new MadPinnTrainingRun { Resume = model }));
    }
}
