using Certus.Cli;
using Certus.Control.Distillation;
using Certus.Verify.Distillation;
using Certus.Verify.Specs;
using Xunit.Abstractions;

namespace Certus.Verify.Tests.Distillation;

/// <summary><c>pipeline</c>: load, certify, simulate and one report; configuration errors name the line.</summary>
public sealed class PipelineTests(ITestOutputHelper output)
{
    private static string Config(string folder, string policy, string extra = "") => $$"""
        name: test pipeline
        teacher: {{RepositoryPaths.Spec("madpinn", "madpinn-k2.json")}}
        policy: {{policy}}
        certify:
          - { scene: head-on, agents: 2, width: 0.2, horizon: 4 }
          - { scene: circle, agents: 3, width: 0.05, horizon: 2 }
        simulate:
          scenarios: [{{RepositoryPaths.Spec("nav-circle-16.yaml")}}]
          agents: [4]
          seeds: 1
          time_limit: 3
          step_time_agents: 16
        output: {{Path.Combine(folder, "report")}}
        timeout: 60
        {{extra}}
        """;

    [Fact]
    public void Pipeline_LoadsCertifiesSimulates_AndWritesOneReport()
    {
        string folder = TestControllers.Folder("pipeline");
        string policy = TestControllers.GoToGoal(folder, new DistilledLayout(2, 0.6, 1.5, 1.8));
        string config = Path.Combine(folder, "pipeline.yaml");
        File.WriteAllText(config, Config(folder, policy));
        using var o = new StringWriter();
        using var e = new StringWriter();
        int code = PipelineCommand.Run(config, retrain: false, skipSimulate: false, skipCertify: false, jobs: 1, o, e);
        output.WriteLine(o.ToString());
        output.WriteLine(e.ToString());
        Assert.Equal(ExitCodes.Violated, code); // go-to-goal collides head-on
        string report = File.ReadAllText(Path.Combine(folder, "report", "report.md"));
        Assert.Contains("## Certificates", report, StringComparison.Ordinal);
        Assert.Contains("| head-on | 2 | 0.2 | **UNSAFE** | UNSAFE | SAFE | SAFE |", report, StringComparison.Ordinal);
        Assert.Contains("| circle | 3 |", report, StringComparison.Ordinal);
        Assert.Contains("| madpinn |", report, StringComparison.Ordinal);
        Assert.Contains("| distilled |", report, StringComparison.Ordinal);
        Assert.Contains("Step time on a random scene of 16 agents", report, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(folder, "report", "certify", "head-on-2.yaml")));
        Assert.True(File.Exists(Path.Combine(folder, "report", "certify", "circle-3.json")));
        Assert.Contains("(certify/head-on-2/projection-overlay.png)", report, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("policy: missing.policy.json", "policy", "does not exist; add 'distill: CONFIG'")]
    [InlineData("policy: net.json", "policy", "NAME.policy.json")]
    [InlineData("certify: [{ scene: zigzag }]", "certify[0].scene", "zigzag")]
    [InlineData("colour: blue", "colour", "")]
    public void BadConfigurations_NameTheField(string line, string field, string message)
    {
        string folder = TestControllers.Folder("pipeline-bad");
        string policy = TestControllers.GoToGoal(folder, new DistilledLayout(2, 0.6, 1.5, 1.8));
        string text = Config(folder, policy);
        string key = line[..line.IndexOf(':', StringComparison.Ordinal)];
        text = string.Join('\n', text.Split('\n').Where(l => !l.StartsWith(key + ":", StringComparison.Ordinal) && !(key == "certify" && l.StartsWith("  - {", StringComparison.Ordinal)))) + "\n" + line + "\n";
        string config = Path.Combine(folder, "pipeline.yaml");
        File.WriteAllText(config, text);
        SpecException ex = Assert.Throws<SpecException>(() => PipelineConfig.Read(config));
        Assert.Equal(field, ex.Field);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        using var o = new StringWriter();
        using var e = new StringWriter();
        Assert.Equal(ExitCodes.BadInput, PipelineCommand.Run(config, false, true, true, 1, o, e));
        Assert.Contains("pipeline.yaml:", e.ToString(), StringComparison.Ordinal);
    }
}
