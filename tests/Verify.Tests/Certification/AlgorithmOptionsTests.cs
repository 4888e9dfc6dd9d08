using System.Text.Json.Nodes;
using Certus.Cli;
using Certus.Reach.ClosedLoop;
using Certus.Reach.Flow;
using Certus.Verify.Certification;
using Certus.Verify.Specs;

namespace Certus.Verify.Tests.Certification;

/// <summary>The algorithm is data: the defaults, a spec's options block, command-line flags over it, echoed in the JSON.</summary>
public sealed class AlgorithmOptionsTests
{
    private static string Pendulum(string options) =>
        File.ReadAllText(RepositoryPaths.Spec("single-pendulum.yaml")) + "\n" + options + "\n";

    private static (int Code, string Output, JsonNode? Json) Certify(string yaml, CertifyCommand.AlgorithmFlags? flags = null, int maxCells = 16)
    {
        string path = RepositoryPaths.WriteTemporarySpec(yaml, "options");
        string json = Path.Combine(Path.GetTempPath(), $"options-{Guid.NewGuid():N}.json");
        try
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            int code = CertifyCommand.Run(path, json, 60, -1, maxCells, output, error, reportDirectory: null, proveAll: false, flags: flags);
            return (code, output + error.ToString(), File.Exists(json) ? JsonNode.Parse(File.ReadAllText(json)) : null);
        }
        finally
        {
            File.Delete(path);
            File.Delete(json);
        }
    }

    [Fact]
    public void WithoutOptions_TheDocumentedDefaultsRun_AndAreEchoed()
    {
        CertificationSpec spec = SpecReader.Read(RepositoryPaths.Spec("single-pendulum.yaml"));
        Assert.Null(spec.Algorithm);
        CertificationResult r = Certifier.Certify(spec, new CertifyOptions { MaxCells = 4, FalsificationBudget = 200 });
        Assert.Equal(CertificationAlgorithm.Default with { Falsification = 200 }, r.Algorithm);
        Assert.Equal(ClosedLoopSetMode.Affine, r.Algorithm.SetMode);
        Assert.Equal("doubleton", r.Algorithm.Describe()["flow_form"]);
    }

    [Fact]
    public void TheSpecsOptionsBlock_ChoosesTheAlgorithm_AndTheJsonSaysSo()
    {
        (int code, string output, JsonNode? json) = Certify(Pendulum("options: { network_bounds: interval, taylor_order: 4, steps_per_period: 8, flow_form: doubleton, falsification: 300 }"));
        Assert.True(code == ExitCodes.Ok, output);
        JsonNode algorithm = json!["algorithm"]!;
        Assert.Equal("interval", algorithm["network_bounds"]!.GetValue<string>());
        Assert.Equal("4", algorithm["taylor_order"]!.GetValue<string>());
        Assert.Equal("8", algorithm["steps_per_period"]!.GetValue<string>());
        Assert.Equal("doubleton", algorithm["flow_form"]!.GetValue<string>());
        Assert.Contains("(300 simulations)", output, StringComparison.Ordinal);
    }

    // CartPole (an unstable open loop stabilised every 0.02 s) from a tiny initial box for 5 s: with axis wrapping
    // alone the set grows by about e^10 per second until the flow fails; the portfolio's oriented wrapping follows the
    // contracting loop. One cell, so splitting cannot stand in for the portfolio.
    private static string SmallCartPole(string options)
    {
        string yaml = File.ReadAllText(RepositoryPaths.Spec(Path.Combine("open", "cartpole.yaml")));
        yaml = yaml[..yaml.IndexOf("initial:", StringComparison.Ordinal)]
            + "initial: { x1: [-0.00001, 0.00001], x2: [-0.000005, 0.000005], x3: [-0.00001, 0.00001], x4: [-0.000005, 0.000005] }\n"
            + "horizon: 250\nproperties:\n  - name: upright\n    always: [x3 >= -0.2, x3 <= 0.2]\n" + options + "\n";
        return yaml.Replace("../networks/", "networks/", StringComparison.Ordinal);
    }

    [Fact]
    public void ThePortfolio_ProvesWithOrientedWrapping_WhatAxisWrappingAloneCannot()
    {
        (int offCode, string offOutput, JsonNode? off) = Certify(SmallCartPole("options: { portfolio: off, falsification: 200 }"), maxCells: 1);
        Assert.True(offCode == ExitCodes.Unknown, offOutput);
        Assert.Equal("off", off!["algorithm"]!["portfolio"]!.GetValue<string>());

        (int code, string output, JsonNode? json) = Certify(SmallCartPole("options: { falsification: 200 }"), maxCells: 1);
        Assert.True(code == ExitCodes.Ok, output);
        Assert.Equal("auto", json!["algorithm"]!["portfolio"]!.GetValue<string>());
        Assert.Equal(1, json["cells_by_configuration"]!["wrapping: oriented"]!.GetValue<int>());
        Assert.Contains("(1 wrapping: oriented)", output, StringComparison.Ordinal);

        // Asked for directly, oriented wrapping proves it as the first configuration.
        (int direct, string directOutput, JsonNode? directJson) = Certify(SmallCartPole("options: { wrapping: oriented, falsification: 200 }"), maxCells: 1);
        Assert.True(direct == ExitCodes.Ok, directOutput);
        Assert.Equal(1, directJson!["cells_by_configuration"]!["as written"]!.GetValue<int>());
    }

    // The pendulum from a wider set, with a third, decoupled state z (z' = 0): the widest-side rule (relative to the
    // initial set) halves z in its turn, to no effect; the sensitivity rule sees that no run's margin depends on z and
    // halves the pendulum's states only (measured: 4 cells against 7). Both proofs are sound, so both say SAFE.
    private static string PendulumWithIdleState(string options)
    {
        string yaml = File.ReadAllText(RepositoryPaths.Spec("single-pendulum.yaml"))
            .Replace("states: [x1, x2]", "states: [x1, x2, z]", StringComparison.Ordinal)
            .Replace("    x2: 2*sin(x1) + 8*T\n", "    x2: 2*sin(x1) + 8*T\n    z: 0\n", StringComparison.Ordinal)
            .Replace("initial: { x1: [1.0, 1.175], x2: [0.0, 0.2] }", "initial: { x1: [0.6, 1.175], x2: [-0.3, 0.2], z: [-20, 20] }", StringComparison.Ordinal);
        return yaml + "\n" + options + "\n";
    }

    [Fact]
    public void SensitivitySplitting_HalvesTheSidesTheMarginDependsOn()
    {
        (int widestCode, string widestOutput, JsonNode? widest) = Certify(PendulumWithIdleState("options: { falsification: 200, splitting: widest }"), maxCells: 256);
        (int code, string output, JsonNode? sensitivity) = Certify(PendulumWithIdleState("options: { falsification: 200, splitting: sensitivity }"), maxCells: 256);
        Assert.True(code == ExitCodes.Ok, output);
        Assert.Equal("sensitivity", sensitivity!["algorithm"]!["splitting"]!.GetValue<string>());
        Assert.Equal("widest", widest!["algorithm"]!["splitting"]!.GetValue<string>());
        int widestCells = widest["cells"]!.GetValue<int>(), sensitivityCells = sensitivity["cells"]!.GetValue<int>();
        Assert.True(sensitivityCells > 1, output);
        Assert.True(widestCode == ExitCodes.Ok, widestOutput);
        Assert.True(sensitivityCells < widestCells, $"widest: {widestCells} cells; sensitivity: {sensitivityCells}");
    }

    [Fact]
    public void CommandLineFlags_OverrideTheSpec()
    {
        (int code, string output, JsonNode? json) = Certify(Pendulum("options: { network_bounds: interval, taylor_order: 4 }"), new CertifyCommand.AlgorithmFlags(TaylorOrder: 6, FlowForm: "mean_value"));
        Assert.True(code is ExitCodes.Ok or ExitCodes.Unknown, output);
        JsonNode algorithm = json!["algorithm"]!;
        Assert.Equal("interval", algorithm["network_bounds"]!.GetValue<string>());
        Assert.Equal("6", algorithm["taylor_order"]!.GetValue<string>());
        Assert.Equal("mean_value", algorithm["flow_form"]!.GetValue<string>());
        Assert.Equal("6", json!["options"]!["taylor-order"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("options: { set_mode: boxes }", "options.set_mode: 'boxes' is not one of box, affine (did you mean 'box'?)")]
    [InlineData("options: { taylor: 4 }", "options.taylor: unknown field")]
    [InlineData("options: { taylor_order: 0 }", "options.taylor_order")]
    [InlineData("options: { steps_per_period: lots }", "options.steps_per_period")]
    [InlineData("options: { wrapping: diagonal }", "options.wrapping: 'diagonal' is not one of axis, oriented")]
    [InlineData("options: { portfolio: on }", "options.portfolio: 'on' is not one of auto, off")]
    [InlineData("options: { splitting: random }", "options.splitting: 'random' is not one of widest, sensitivity")]
    public void BadOptions_NameTheField(string options, string expected)
    {
        (int code, string output, _) = Certify(Pendulum(options));
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains(expected, output, StringComparison.Ordinal);
    }

    [Fact]
    public void BadFlags_AreBadInput_NamingTheFlag()
    {
        (int code, string output, _) = Certify(Pendulum(string.Empty), new CertifyCommand.AlgorithmFlags(NetworkBounds: "exact"));
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--network-bounds must be one of linear, interval", output, StringComparison.Ordinal);
        (code, output, _) = Certify(Pendulum(string.Empty), new CertifyCommand.AlgorithmFlags(GeneratorsPerState: 0));
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--generators-per-state", output, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryEnumValue_HasOneSpelling_ThatParsesBack()
    {
        foreach (TaylorEnclosureForm f in Enum.GetValues<TaylorEnclosureForm>())
        {
            Assert.True(CertificationAlgorithm.TryParse(CertificationAlgorithm.Name(f), out TaylorEnclosureForm back));
            Assert.Equal(f, back);
        }

        Assert.Equal("mean_value", CertificationAlgorithm.Name(TaylorEnclosureForm.MeanValue));
    }
}
