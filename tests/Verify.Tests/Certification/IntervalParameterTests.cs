using Certus.Cli;
using Certus.Verify.Certification;
using Certus.Verify.Specs;

namespace Certus.Verify.Tests.Certification;

/// <summary>
/// A plant parameter written as [lower, upper] is a constant known only to lie in the range: the proof covers every
/// value (it is carried as a state with zero derivative), and a counterexample names one value.
/// </summary>
public sealed class IntervalParameterTests
{
    // x' = -k x with k in [0.9, 1.1]: x(1) = e^{-k} ranges over [e^{-1.1}, e^{-0.9}] = [0.3329, 0.4066].
    private const string Decay = """
        name: decay
        plant:
          states: [x]
          inputs: [u]
          parameters: { k: [0.9, 1.1] }
          dynamics: { x: -k*x + 0*u }
        controller:
          network: networks/identity/identity1.json
          inputs: [x]
          outputs: { u: "out[0]" }
          period: 0.25
        initial: { x: 1 }
        horizon: 4
        properties:
          - at_end: [PROPERTY]
        """;

    private static CertificationResult Certify(string property)
    {
        string path = RepositoryPaths.WriteTemporarySpec(Decay.Replace("PROPERTY", property, StringComparison.Ordinal), "interval-parameter");
        try
        {
            return Certifier.Certify(SpecReader.Read(path), new CertifyOptions { MaxCells = 16, FalsificationBudget = 200 });
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TheRangeIsAConstantState_AndTheFinalSetCoversEveryValue()
    {
        CertificationResult r = Certify("x <= 0.5");
        Assert.Equal(["x", "k"], r.Spec.System.States);
        Assert.Equal(Verdict.Safe, r.Verdict);
        var final = r.Reach!.FinalSet!;
        Assert.True(final[0].Contains(Math.Exp(-1.1)) && final[0].Contains(Math.Exp(-0.9)), $"final x {final[0]}");
        Assert.True(final[1].Lo <= 0.9 && final[1].Hi >= 1.1, $"final k {final[1]}");
    }

    [Fact]
    public void AViolationForSomeValues_IsUnsafe_NamingTheValue()
    {
        CertificationResult r = Certify("x >= 0.35");
        var refuted = Assert.IsType<PropertyFinding.Unsafe>(Assert.Single(r.Findings));
        double k = refuted.Counterexample.InitialState[1];
        Assert.InRange(k, 0.9, 1.1);
        Assert.True(Math.Exp(-k) < 0.35, $"e^-{k} = {Math.Exp(-k)} does not violate x >= 0.35");
    }

    [Fact]
    public void AProofThatNeedsOneValue_IsNotSafe()
    {
        // Holds for k = 0.9 (e^{-0.9} = 0.4066 > 0.4) but not for k near 1.1: never SAFE.
        Assert.NotEqual(Verdict.Safe, Certify("x >= 0.4").Verdict);
    }

    [Theory]
    [InlineData("parameters: { k: [0.9] }", "plant.parameters.k", "expected a number or [lower, upper]")]
    [InlineData("parameters: { k: [1.1, 0.9] }", "plant.parameters.k", "exceeds the upper end")]
    [InlineData("parameters: { x: [0.9, 1.1] }", "plant.parameters.x", "is also a state")]
    public void BadRanges_NameTheField(string parameters, string field, string message)
    {
        string path = RepositoryPaths.WriteTemporarySpec(Decay.Replace("parameters: { k: [0.9, 1.1] }", parameters, StringComparison.Ordinal).Replace("PROPERTY", "x <= 1", StringComparison.Ordinal), "interval-parameter");
        try
        {
            var e = Assert.Throws<SpecException>(() => SpecReader.Read(path));
            Assert.Contains(field, e.Message, StringComparison.Ordinal);
            Assert.Contains(message, e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TheRangeIsNotAlsoAnInitialValue()
    {
        string path = RepositoryPaths.WriteTemporarySpec(Decay.Replace("initial: { x: 1 }", "initial: { x: 1, k: 1 }", StringComparison.Ordinal).Replace("PROPERTY", "x <= 1", StringComparison.Ordinal), "interval-parameter");
        try
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            Assert.Equal(ExitCodes.BadInput, CertifyCommand.Run(path, null, 30, -1, 4, output, error));
            Assert.Contains("initial.k: 'k' is an interval-valued parameter", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("x <= 0.25", Verdict.Safe)]
    [InlineData("x >= 0.2", Verdict.Unsafe)]
    public void InADiscreteTimePlant_TheRangeStaysConstant(string property, Verdict expected)
    {
        // x⁺ = k·x with k in [0.5, 0.6] from x = 1: after 3 steps x = k³ in [0.125, 0.216].
        const string yaml = """
            name: discrete-decay
            plant:
              states: [x]
              inputs: [u]
              parameters: { k: [0.5, 0.6] }
              update: { x: k*x + 0*u }
            controller:
              network: networks/identity/identity1.json
              inputs: [x]
              outputs: { u: "out[0]" }
            initial: { x: 1 }
            horizon: 3
            properties:
              - at_end: [PROPERTY]
            """;
        string path = RepositoryPaths.WriteTemporarySpec(yaml.Replace("PROPERTY", property, StringComparison.Ordinal), "interval-parameter");
        try
        {
            CertificationResult r = Certifier.Certify(SpecReader.Read(path), new CertifyOptions { MaxCells = 16, FalsificationBudget = 200 });
            Assert.Equal(expected, r.Verdict);
            if (r.Reach?.FinalSet is { } final)
            {
                Assert.True(final[0].Contains(0.125) && final[0].Contains(0.216), $"final x {final[0]}");
                Assert.True(final[1].Contains(0.5) && final[1].Contains(0.6), $"final k {final[1]}");
            }
        }
        finally
        {
            File.Delete(path);
        }
    }
}
