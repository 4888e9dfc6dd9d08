using Certus.Verify.Certification;
using Certus.Verify.Specs;

namespace Certus.Verify.Tests.Certification;

public sealed class NetworkCertifierTimeoutTests
{
    private const string Yaml = """
        name: timeout-net
        network: networks/robot_arm/robot_arm_tanh.json
        inputs: { a: [0, 1], b: [0, 1] }
        outputs: [x, y]
        properties:
          - name: square
            require: x^2 + 1 >= 0
        """;

    private static NetworkSpec Read()
    {
        string path = RepositoryPaths.WriteTemporarySpec(Yaml, "timeout-net");
        try
        {
            return SpecReader.ReadNetwork(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void SpentBudget_LeavesEveryRequirementUnknownWithTheReason()
    {
        NetworkCertificationResult r = NetworkCertifier.Certify(Read(), timeout: TimeSpan.Zero);
        Assert.Equal(Verdict.Unknown, r.Verdict);
        Assert.Contains("time budget", Assert.Single(r.Properties).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AmpleBudget_GivesTheSameVerdictAsNoBudget()
    {
        NetworkSpec spec = Read();
        Assert.Equal(Verdict.Safe, NetworkCertifier.Certify(spec).Verdict);
        Assert.Equal(Verdict.Safe, NetworkCertifier.Certify(spec, timeout: TimeSpan.FromMinutes(5)).Verdict);
    }

    [Theory]
    [InlineData("robot-arm.yaml")]
    public void Jobs_DoNotChangeTheVerdictMarginsOrCells(string spec)
    {
        NetworkSpec s = SpecReader.ReadNetwork(RepositoryPaths.Spec(spec));
        NetworkCertificationResult one = NetworkCertifier.Certify(s, jobs: 1), two = NetworkCertifier.Certify(s, jobs: 2);
        Assert.Equal(Verdict.Safe, one.Verdict);
        Assert.Equal(one.Verdict, two.Verdict);
        Assert.Equal(one.Cells, two.Cells);
        Assert.Equal(one.Properties.Select(p => p.Margin), two.Properties.Select(p => p.Margin));
    }
}
