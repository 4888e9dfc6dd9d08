namespace Certus.Verify.Tests.Certification;

/// <summary>
/// A written initial point that is not a double (1.2, 0.1): no double lies in the set, so a counterexample is
/// confirmed by a validated simulation from the point's enclosure, which contains the written value. Every state of
/// that enclosure must violate, so a double that only its rounding drives across the boundary is never a violation.
/// </summary>
public sealed class PointInitialValueTests
{
    private const string Clock = """
        name: point
        plant:
          states: [x]
          inputs: [u]
          dynamics: { x: 1 + 0*u }
        controller:
          network: networks/identity/identity1.json
          inputs: [x]
          outputs: { u: "out[0]" }
          period: 0.5
        initial: { x: START }
        horizon: 4
        properties:
          - always: [PROPERTY]
        """;

    private static (int Code, string Output) Certify(string start, string property) =>
        BoundarySemanticsTests.Certify(Clock.Replace("START", start, StringComparison.Ordinal).Replace("PROPERTY", property, StringComparison.Ordinal), maxCells: 8);

    [Fact]
    public void ShippedPendulumFalsification_FromAWrittenPoint_IsAValidatedUnsafe()
    {
        // The 2020 pendulum set's counterexample corner (1.2, 0.2), written as a point: 1.2 and 0.2 are not doubles.
        string yaml = File.ReadAllText(RepositoryPaths.Spec("single-pendulum-2020.yaml"))
            .Replace("initial: { x1: [1.0, 1.2], x2: [0.0, 0.2] }", "initial: { x1: 1.2, x2: 0.2 }", StringComparison.Ordinal);
        Assert.Contains("x1: 1.2, x2: 0.2", yaml, StringComparison.Ordinal);
        string path = RepositoryPaths.WriteTemporarySpec(yaml, "point");
        try
        {
            Certus.Verify.Certification.CertificationResult r = Certus.Verify.Certification.Certifier.Certify(
                Certus.Verify.Specs.SpecReader.Read(path), new Certus.Verify.Certification.CertifyOptions { MaxCells = 4, FalsificationBudget = 200 });
            Assert.Null(r.Spec.InnerInitialSet);
            Assert.Equal(Certus.Verify.Certification.Verdict.Unsafe, r.Verdict);
            var refuted = Assert.Single(r.Findings.OfType<Certus.Verify.Certification.PropertyFinding.Unsafe>());
            Assert.All(refuted.Counterexample.InitialState.Select((v, i) => (v, i)), p => Assert.True(r.Spec.InitialSet[p.i].Contains(p.v)));
            Assert.Contains("the validated enclosure starts from the written values of x1, x2", r.Properties.Single(p => p.Name == refuted.Name).Reason, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ClockFromAWrittenPoint_CrossingABound_IsAValidatedUnsafe()
    {
        // x(t) = 0.1 + t exceeds 1.7 from t = 1.6 on.
        (int code, string output) = Certify("0.1", "x <= 1.7");
        Assert.True(code == ExitCodes.Violated, output);
    }

    [Fact]
    public void WrittenPointOnTheBoundary_IsNeverUnsafe()
    {
        // x(0) = 0.3 exactly satisfies x >= 0.3 (the closed set), and x only grows; the double nearest 0.3 lies below it
        // (0.299999999999999988898), so only the enclosure of the written value keeps this from a false UNSAFE.
        (int code, string output) = Certify("0.3", "x >= 0.3");
        Assert.NotEqual(ExitCodes.Violated, code);
        Assert.DoesNotContain("(validated", output, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUndecidedCellOfAdjacentDoubles_IsNotSplitForever()
    {
        // From the written point (1.19, 0.19) the pendulum is not refuted, and its one-ulp cell is not proved: halving
        // two adjacent doubles gives the same cell back, so the run stops at one cell instead of spending 1024.
        string yaml = File.ReadAllText(RepositoryPaths.Spec("single-pendulum-2020.yaml"))
            .Replace("initial: { x1: [1.0, 1.2], x2: [0.0, 0.2] }", "initial: { x1: 1.19, x2: 0.19 }", StringComparison.Ordinal);
        string path = RepositoryPaths.WriteTemporarySpec(yaml, "point");
        try
        {
            Certus.Verify.Certification.CertificationResult r = Certus.Verify.Certification.Certifier.Certify(
                Certus.Verify.Specs.SpecReader.Read(path), new Certus.Verify.Certification.CertifyOptions { MaxCells = 1024, FalsificationBudget = 200 });
            Assert.NotEqual(Certus.Verify.Certification.Verdict.Safe, r.Verdict);
            if (r.Verdict == Certus.Verify.Certification.Verdict.Unknown)
            {
                Assert.Equal(1, r.Cells);
                Assert.False(r.Reach!.BudgetExhausted);
                Assert.All(r.Properties.Where(p => p.Verdict == Certus.Verify.Certification.Verdict.Unknown), p => Assert.DoesNotContain("budget", p.Reason, StringComparison.Ordinal));
            }
        }
        finally
        {
            File.Delete(path);
        }
    }
}
