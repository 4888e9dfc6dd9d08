using Certus.Cli;
using Certus.Verify.Certification;
using Certus.Verify.Specs;

namespace Certus.Verify.Tests.Certification;

/// <summary>
/// Found by review: falsification searched, along the other components of a box that held one non-double point, from
/// one ulp inside the outer enclosure; for a bound written as an expression (an enclosure several ulps wide) that
/// start lay outside the written set, and its violation was "validated" (wrong UNSAFE). Also: a plant without inputs and
/// a falsification budget below 200 crashed.
/// </summary>
public sealed class SearchBoxRegressionTests
{
    private const string Lower = "\"0.1+0.1+0.1+0.1+0.1+0.1-0.3\""; // exactly 0.3, enclosed by several ulps

    private static string Spec(string initial, string disturbances) => $$"""
        plant:
          states: [x1, x2]
          inputs: [u1, u2]
          disturbances: [w, v]
          update:
            x1: 0 * x1 + 0 * u1 + w + 0 * v
            x2: x2 + 0 * u2
        controller:
          network: {{RepositoryPaths.Spec("networks", "discrete", "rotation_relu.json")}}
          inputs: [x1, x2]
          outputs: { u1: "out[0]", u2: "out[1]" }
        initial: {{initial}}
        disturbances: {{disturbances}}
        horizon: 3
        properties:
          - always: [x1 >= 0.3]
        """;

    private static CertificationResult Run(string yaml)
    {
        string path = RepositoryPaths.WriteTemporarySpec(yaml, "searchbox");
        try
        {
            return Certifier.Certify(SpecReader.Read(path), new CertifyOptions { Timeout = TimeSpan.FromSeconds(60) });
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void DisturbanceBoundWrittenAsAnExpression_IsNeverCrossed()
    {
        // w >= 0.3 exactly, so x1 >= 0.3 after every step: the property holds.
        CertificationResult r = Run(Spec("{ x1: [0.5, 1], x2: 0 }", $"{{ w: [{Lower}, 1], v: 0.1 }}"));
        Assert.NotEqual(Verdict.Unsafe, r.Verdict);
        Assert.All(r.Counterexamples.SelectMany(c => c.Disturbances), w => Assert.True(w[0] >= 0.3));
    }

    [Fact]
    public void InitialBoundWrittenAsAnExpression_IsNeverCrossed()
    {
        CertificationResult r = Run(Spec($"{{ x1: [{Lower}, 1], x2: 0.1 }}", "{ w: [0.5, 1], v: 0 }"));
        Assert.NotEqual(Verdict.Unsafe, r.Verdict);
    }

    [Fact]
    public void PlantWithoutInputs_IsASpecError()
    {
        string yaml = Spec("{ x1: [0.5, 1], x2: 0 }", "{ w: [0.5, 1], v: 0 }").Replace("  inputs: [u1, u2]\n", string.Empty, StringComparison.Ordinal)
            .Replace(" + 0 * u1", string.Empty, StringComparison.Ordinal).Replace(" + 0 * u2", string.Empty, StringComparison.Ordinal);
        string path = RepositoryPaths.WriteTemporarySpec(yaml, "searchbox");
        try
        {
            SpecException e = Assert.Throws<SpecException>(() => SpecReader.Read(path));
            Assert.Contains("plant.inputs: a closed loop needs at least one control input", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(50)]
    public void SmallFalsificationBudget_Runs(int budget)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = CertifyCommand.Run(RepositoryPaths.Spec("acc.yaml"), null, 120, -1, 1024, output, error, flags: new CertifyCommand.AlgorithmFlags(Falsification: budget));
        Assert.True(code == ExitCodes.Ok, error.ToString());
    }
}
