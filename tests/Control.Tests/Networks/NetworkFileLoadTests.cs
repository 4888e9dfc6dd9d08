using Certus.Control.Networks;
using Certus.Core.Networks;

namespace Certus.Control.Tests.Networks;

/// <summary>Every shipped benchmark network loads with the architecture its README documents.</summary>
public sealed class NetworkFileLoadTests
{
    // VerticalCAS: one network per previous advisory, 3 inputs (normalised h, ḣ0, τ), 5 ReLU layers of 20, 9 scores.
    private const string Vcas = "3 → 20 relu → 20 relu → 20 relu → 20 relu → 20 relu → 9 identity";

    /// <summary>File → architecture (<see cref="FeedForwardNetwork.ToString"/>), from the benchmark READMEs.</summary>
    private static readonly Dictionary<string, string> Expected = new(StringComparer.Ordinal)
    {
        ["acc/controller_5_20.onnx"] = "5 → 20 relu → 20 relu → 20 relu → 20 relu → 20 relu → 1 identity",
        ["acc/ACC_controller_relu.polar"] = "5 → 20 relu → 20 relu → 20 relu → 20 relu → 20 relu → 1 identity",
        ["acc/ACC_controller_tanh.polar"] = "5 → 20 tanh → 20 tanh → 20 tanh → 1 identity",
        ["tora/controllerTora.onnx"] = "4 → 100 relu → 100 relu → 100 relu → 1 relu",
        ["tora/TORA_ReLU_controller.polar"] = "4 → 100 relu → 100 relu → 100 relu → 1 relu",
        ["tora_heterogeneous/nn_tora_relu_tanh.onnx"] = "4 → 20 relu → 20 relu → 20 relu → 1 tanh",
        ["tora_heterogeneous/nn_tora_relu_tanh.txt"] = "4 → 20 relu → 20 relu → 20 relu → 1 tanh",
        ["tora_heterogeneous/TORA_ReLUtanh_controller.polar"] = "4 → 20 relu → 20 relu → 20 relu → 1 tanh",
        ["tora_heterogeneous/nn_tora_sigmoid.onnx"] = "4 → 20 sigmoid → 20 sigmoid → 20 sigmoid → 1 sigmoid",
        ["tora_heterogeneous/nn_tora_sigmoid.txt"] = "4 → 20 sigmoid → 20 sigmoid → 20 sigmoid → 1 sigmoid",
        ["tora_heterogeneous/nn_tora_sigmoid_ARCH2024_version.txt"] = "4 → 20 sigmoid → 20 sigmoid → 20 sigmoid → 1 sigmoid",
        ["tora_heterogeneous/TORA_sigmoid_controller.polar"] = "4 → 20 sigmoid → 20 sigmoid → 20 sigmoid → 1 sigmoid",
        ["single_pendulum/controller_single_pendulum.onnx"] = "2 → 25 relu → 25 relu → 1 identity",
        ["single_pendulum/controller_single_pendulum.nnet"] = "2 → 25 relu → 25 relu → 1 identity",
        ["single_pendulum/InvertedPendulum_controller.polar"] = "2 → 25 relu → 25 relu → 1 identity",
        ["airplane/controller_airplane.onnx"] = "12 → 100 relu → 100 relu → 20 relu → 6 identity",
        ["airplane/Airplane_controller.polar"] = "12 → 100 relu → 100 relu → 20 relu → 6 identity",
        ["cartpole/cartpole_controller.onnx"] = "4 → 64 tanh → 64 tanh → 1 tanh",
        ["unseen/AttitudeControl_controller.polar"] = "6 → 64 sigmoid → 64 sigmoid → 64 sigmoid → 3 identity",
        ["unseen/InvertedTwoLinkPendulum_controller_less_robust.polar"] = "4 → 25 relu → 25 relu → 2 identity",
        ["unseen/InvertedTwoLinkPendulum_controller_more_robust.polar"] = "4 → 25 relu → 25 relu → 2 identity",
        ["unseen/Unicycle_controller.polar"] = "4 → 500 relu → 2 relu",
        ["unseen/quad_controller_3_64.polar"] = "12 → 64 sigmoid → 64 sigmoid → 64 sigmoid → 3 identity",
        ["vcas/VertCAS_noResp_pra01_v9_20HU_200.onnx"] = Vcas,
        ["vcas/VertCAS_noResp_pra02_v9_20HU_200.onnx"] = Vcas,
        ["vcas/VertCAS_noResp_pra03_v9_20HU_200.onnx"] = Vcas,
        ["vcas/VertCAS_noResp_pra04_v9_20HU_200.onnx"] = Vcas,
        ["vcas/VertCAS_noResp_pra05_v9_20HU_200.onnx"] = Vcas,
        ["vcas/VertCAS_noResp_pra06_v9_20HU_200.onnx"] = Vcas,
        ["vcas/VertCAS_noResp_pra07_v9_20HU_200.onnx"] = Vcas,
        ["vcas/VertCAS_noResp_pra08_v9_20HU_200.onnx"] = Vcas,
        ["vcas/VertCAS_noResp_pra09_v9_20HU_200.onnx"] = Vcas,
        ["vcas/VerticalCAS_controller_1.polar"] = Vcas,
        ["vcas/VerticalCAS_controller_2.polar"] = Vcas,
        ["vcas/VerticalCAS_controller_3.polar"] = Vcas,
        ["vcas/VerticalCAS_controller_4.polar"] = Vcas,
        ["vcas/VerticalCAS_controller_5.polar"] = Vcas,
        ["vcas/VerticalCAS_controller_6.polar"] = Vcas,
        ["vcas/VerticalCAS_controller_7.polar"] = Vcas,
        ["vcas/VerticalCAS_controller_8.polar"] = Vcas,
        ["vcas/VerticalCAS_controller_9.polar"] = Vcas,
    };

    public static TheoryData<string> Files() => new(SpecNetworks.AllFiles());

    [Fact]
    public void EveryShippedFile_HasAnExpectedArchitecture()
    {
        IReadOnlyList<string> files = SpecNetworks.AllFiles();
        Assert.Equal(Expected.Keys.Order(StringComparer.Ordinal), files);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Load_GivesTheDocumentedArchitecture(string file)
    {
        FeedForwardNetwork network = SpecNetworks.Load(file);
        Assert.Equal(Expected[file], network.ToString());
        Assert.Equal(SpecNetworks.PathOf(file), network.Name);
    }

    [Fact]
    public void AccOnnx_SubtractsOneFromEachInput_AsTheReadmeSays()
    {
        FeedForwardNetwork onnx = SpecNetworks.Load("acc/controller_5_20.onnx");
        FeedForwardNetwork polar = SpecNetworks.Load("acc/ACC_controller_relu.polar");
        Assert.Equal([1.0, 1, 1, 1, 1], onnx.InputOffset);
        Assert.Equal([1.0, 1, 1, 1, 1], onnx.InputScale);
        Assert.False(polar.HasNormalization);
        for (int l = 0; l < onnx.Layers.Count; l++)
        {
            Assert.True(onnx.Layers[l].Weights.SequenceEqual(polar.Layers[l].Weights), $"layer {l + 1} weights differ");
            Assert.True(onnx.Layers[l].Bias.SequenceEqual(polar.Layers[l].Bias), $"layer {l + 1} biases differ");
        }
    }

    [Fact]
    public void ToraOnnx_HasAZeroMeanOffset_AndNoOtherNormalization()
    {
        FeedForwardNetwork onnx = SpecNetworks.Load("tora/controllerTora.onnx");
        Assert.False(onnx.HasNormalization);
    }

    [Theory]
    [InlineData("tora_heterogeneous/nn_tora_relu_tanh.txt", 0.0, 11.0)]
    [InlineData("tora_heterogeneous/nn_tora_sigmoid.txt", 0.0, 11.0)]
    [InlineData("tora_heterogeneous/nn_tora_sigmoid_ARCH2024_version.txt", -11.0, 22.0)]
    public void ReachNnText_OutputMap_IsScaleTimesYMinusOffset(string file, double outputOffset, double outputScale)
    {
        FeedForwardNetwork network = SpecNetworks.Load(file);
        Assert.Equal([outputOffset], network.OutputOffset);
        Assert.Equal([outputScale], network.OutputScale);
    }

    [Theory]
    [InlineData("acc/ACC_controller_relu.polar")]
    [InlineData("tora/TORA_ReLU_controller.polar")]
    [InlineData("tora_heterogeneous/TORA_sigmoid_controller.polar")]
    public void PolarFiles_HaveOffsetZeroAndScaleOne(string file)
    {
        Assert.False(SpecNetworks.Load(file).HasNormalization);
    }

    [Fact]
    public void SinglePendulumNNet_PlaceholdersMeanNoNormalization()
    {
        (FeedForwardNetwork network, NNetMetadata metadata) = NNetText.ReadWithMetadata(SpecNetworks.PathOf("single_pendulum/controller_single_pendulum.nnet"));
        Assert.False(network.HasNormalization);
        Assert.True(metadata.HasPlaceholderNormalization);
        Assert.Null(metadata.InputMinimums);
        Assert.Null(metadata.InputMaximums);
        Assert.Equal(-0.24301, network.Layers[0].Weight(0, 0));
        Assert.Equal(-0.00490, network.Layers[2].Bias[0]);
    }

    [Theory]
    [InlineData("tora/controllerTora.onnx", NetworkFileFormat.Onnx)]
    [InlineData("single_pendulum/controller_single_pendulum.nnet", NetworkFileFormat.NNet)]
    [InlineData("acc/ACC_controller_tanh.polar", NetworkFileFormat.Polar)]
    [InlineData("tora_heterogeneous/nn_tora_relu_tanh.txt", NetworkFileFormat.ReachNnText)]
    public void UnknownExtension_IsDecidedByContent(string file, NetworkFileFormat expected)
    {
        byte[] bytes = File.ReadAllBytes(SpecNetworks.PathOf(file));
        FeedForwardNetwork network = NetworkFile.Parse(bytes, "controller.dat", SpecNetworks.OptionsFor(file));
        Assert.Equal(Expected[file], network.ToString());
        string copy = Path.Combine(Path.GetTempPath(), $"certus-{Guid.NewGuid():N}.dat");
        try
        {
            File.WriteAllBytes(copy, bytes);
            Assert.Equal(expected, NetworkFile.DetectFormat(copy));
        }
        finally
        {
            File.Delete(copy);
        }
    }

    [Fact]
    public void PolarContent_InATxtFile_IsReadAsPolar()
    {
        byte[] bytes = File.ReadAllBytes(SpecNetworks.PathOf("tora_heterogeneous/TORA_ReLUtanh_controller.polar"));
        Assert.Equal("4 → 20 relu → 20 relu → 20 relu → 1 tanh", NetworkFile.Parse(bytes, "controller.txt", NetworkLoadOptions.Default).ToString());
        string json = CertusNetworkJson.Serialize(SpecNetworks.Load("single_pendulum/controller_single_pendulum.nnet"));
        Assert.Equal("2 → 25 relu → 25 relu → 1 identity", NetworkFile.Parse(System.Text.Encoding.UTF8.GetBytes(json), "net.dat", NetworkLoadOptions.Default).ToString());
    }

    [Fact]
    public void ReadersAgreeWithNetworkFile()
    {
        string polar = SpecNetworks.PathOf("acc/ACC_controller_tanh.polar");
        Assert.Equal(PolarText.Read(polar).ToString(), NetworkFile.Load(polar).ToString());
        string onnx = SpecNetworks.PathOf("tora/controllerTora.onnx");
        Assert.True(OnnxNetworkReader.Read(onnx).Layers[2].Weights.SequenceEqual(NetworkFile.Load(onnx).Layers[2].Weights));
        string txt = SpecNetworks.PathOf("tora_heterogeneous/nn_tora_sigmoid.txt");
        Assert.Equal(NetworkFileFormat.ReachNnText, NetworkFile.DetectFormat(txt));
        Assert.Equal(NetworkFileFormat.Polar, NetworkFile.DetectFormat(SpecNetworks.PathOf("tora_heterogeneous/TORA_sigmoid_controller.polar")));
        FeedForwardNetwork direct = ReachNnText.Read(txt, Activation.Sigmoid, Activation.Sigmoid);
        Assert.True(direct.Layers[3].Weights.SequenceEqual(SpecNetworks.Load("tora_heterogeneous/nn_tora_sigmoid.txt").Layers[3].Weights));
    }
}
