using Certus.Control.Distillation;
using Certus.Control.Networks;
using Certus.Control.Tests.MadPinn;
using Certus.Control.Tests.Networks;
using Certus.Core.Networks;
using Xunit.Abstractions;

namespace Certus.Control.Tests.Distillation;

/// <summary>The shipped distilled controller (specs/madpinn/distilled-k2.*): the descriptor loads, its ONNX export runs in ONNX Runtime to the JSON network's outputs.</summary>
public sealed class ShippedDistilledPolicyTests(ITestOutputHelper output)
{
    private static string PathOf(string file) => Path.Combine(SpecNetworks.Root, "specs", "madpinn", file);

    [Fact]
    public void Descriptor_Loads_WithTheTeachersLayoutAndHash()
    {
        (DistilledPolicyDescriptor d, FeedForwardNetwork network) = DistilledPolicyFile.Load(PathOf("distilled-k2.policy.json"));
        Assert.Equal(DistillationDataset.DefaultLayout(MadPinnScenes.ShippedK2), d.Layout);
        Assert.Equal(DistilledPolicyFile.Sha256(PathOf("madpinn-k2.json")), d.TeacherSha256);
        Assert.Equal(PathOf("distilled-k2.onnx"), d.OnnxPath);
        Assert.Equal(Activation.Tanh, network.Layers[^1].Activation);
        Assert.True(d.Metrics["validation_weighted_mse"] < 0.2 * d.Metrics["untrained_validation_weighted_mse"]);
    }

    [Fact]
    public void OnnxExport_OnnxRuntimeAgreesWithTheJsonNetwork()
    {
        FeedForwardNetwork network = CertusNetworkJson.Read(PathOf("distilled-k2.json"));
        (double, double)[] box = [(-1.5, 1.5), (-1.5, 1.5), (-1.8, 1.8), (-1.8, 1.8), (-1.5, 1.5), (-1.5, 1.5), (-1.8, 1.8), (-1.8, 1.8), (-1.5, 1.5), (-1.5, 1.5)];
        double diff = OnnxRuntimeComparison.MaxDifference(File.ReadAllBytes(PathOf("distilled-k2.onnx")), network, box, 500, seed: 3);
        output.WriteLine($"max |JSON network - ONNX Runtime| = {diff:G3}");
        Assert.True(diff <= 1e-5, $"max difference {diff}");
    }
}
