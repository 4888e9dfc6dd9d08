using Certus.Control.Distillation;
using Certus.Control.MadPinn;
using Certus.Control.Networks;
using Certus.Core.Networks;
using Xunit.Abstractions;

namespace Certus.Training.Tests.Distillation;

/// <summary>The distiller: a short run on a small dataset imitates the teacher far better than the untrained network.</summary>
public sealed class DistillerTests(ITestOutputHelper output)
{
    private static readonly Lazy<MadPinnModel> Teacher = new(() => MadPinnModelFile.Load(RepositoryPaths.Spec("madpinn", "madpinn-k2.json")));

    private static readonly Lazy<DistillationDataset> Data = new(() =>
        DistillationDataset.Create(Teacher.Value, options: new DistillationDatasetOptions { Samples = 2000, Seed = 3 }));

    private static readonly DistillationOptions Tiny = new() { Iterations = 200, LearningRate = 1e-2, Seed = 3, LogEvery = 20 };

    [Fact]
    public void ShortRun_ReducesTheValidationImitationError()
    {
        DistillationResult r = Distiller.Train(Data.Value, Tiny, null, CancellationToken.None);
        output.WriteLine($"untrained: MSE {r.Untrained.WeightedMse:G4}, mean |du| {r.Untrained.MeanAbsoluteError:G4}, signs {r.Untrained.SignAgreement:P1}");
        output.WriteLine($"trained:   MSE {r.Validation.WeightedMse:G4}, mean |du| {r.Validation.MeanAbsoluteError:G4}, signs {r.Validation.SignAgreement:P1}, {r.Seconds:F1} s");
        Assert.Equal(400, r.ValidationSamples);
        Assert.Equal(1600, r.TrainSamples);
        Assert.True(r.Validation.WeightedMse < 0.5 * r.Untrained.WeightedMse, $"validation MSE {r.Validation.WeightedMse} against {r.Untrained.WeightedMse} untrained");
        Assert.True(r.Validation.MeanAbsoluteError < 0.75 * r.Untrained.MeanAbsoluteError);
        Assert.True(r.Validation.SignAgreement > r.Untrained.SignAgreement);
        Assert.Equal(10, r.Losses.Count);
        Assert.True(r.Losses[^1].TrainLoss < r.Losses[0].TrainLoss);

        // The network returned is what was measured: its last logged validation loss is the validation MSE.
        Assert.Equal(r.Losses[^1].ValidationLoss, r.Validation.WeightedMse, 6);
        Assert.Equal("10 → 32 tanh → 32 tanh → 2 tanh", r.Network.ToString());
    }

    [Fact]
    public void SameSeed_SameNetwork_AndTheJsonHoldsItExactly()
    {
        DistillationOptions few = Tiny with { Iterations = 20 };
        FeedForwardNetwork a = Distiller.Train(Data.Value, few, null, CancellationToken.None).Network;
        FeedForwardNetwork b = Distiller.Train(Data.Value, few, null, CancellationToken.None).Network;
        FeedForwardNetwork back = CertusNetworkJson.Parse(CertusNetworkJson.Serialize(a), "a.json");
        for (int l = 0; l < a.Layers.Count; l++)
        {
            Assert.Equal(a.Layers[l].Weights.ToArray(), b.Layers[l].Weights.ToArray());
            Assert.Equal(a.Layers[l].Weights.ToArray(), back.Layers[l].Weights.ToArray());
            Assert.Equal(a.Layers[l].Bias.ToArray(), back.Layers[l].Bias.ToArray());
        }
    }

    [Fact]
    public void Initial_IsTheUntrainedBaseline()
    {
        FeedForwardNetwork initial = Distiller.Initial(Data.Value.Layout, Tiny);
        Assert.Equal(Data.Value.Layout.InputSize, initial.InputSize);
        Assert.Equal(Activation.Tanh, initial.Layers[^1].Activation);
        Assert.Throws<ArgumentException>(() => Distiller.Train(Data.Value, Tiny with { Width = 1 }, null, CancellationToken.None));
    }
}
