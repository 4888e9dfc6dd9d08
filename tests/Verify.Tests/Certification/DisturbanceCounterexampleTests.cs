using Certus.Verify.Certification;
using Certus.Verify.Specs;

namespace Certus.Verify.Tests.Certification;

/// <summary>
/// Counterexamples with disturbances: the falsifier searches each period's disturbance inside the written box, and a
/// violation is UNSAFE only when the validated replay of that one disturbance sequence violates; a loop that no
/// disturbance can break stays SAFE.
/// </summary>
public sealed class DisturbanceCounterexampleTests
{
    // x1⁺ = 0.5·x1 + w (the controls enter multiplied by 0): the state is driven by the disturbance alone; from
    // x1 ∈ [0, 0.1] with w ∈ [−0.3, 0.3] it reaches at most 0.05 + 0.3 after one step and approaches 0.6 in the limit.
    private static string Spec(string bound, string wBox, string kind) => $$"""
        name: disturbed
        plant:
          states: [x1, x2]
          inputs: [u1, u2]
          disturbances: [w]
          update:
            x1: 0.5 * x1 + 0 * u1 + w
            x2: x2 + 0 * u2
        controller:
          network: {{RepositoryPaths.Spec("networks", "discrete", "rotation_relu.json")}}
          inputs: [x1, x2]
          outputs: { u1: "out[0]", u2: "out[1]" }
        initial: { x1: [0, 0.1], x2: 0 }
        disturbances: { w: {{wBox}} }
        horizon: 8
        properties:
          - {{kind}}: [x1 <= {{bound}}]
        """;

    private static CertificationResult Run(string yaml)
    {
        string path = RepositoryPaths.WriteTemporarySpec(yaml, "disturbed");
        try
        {
            return Certifier.Certify(SpecReader.Read(path), new CertifyOptions { Timeout = TimeSpan.FromSeconds(60) });
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("0.5", "always")]
    [InlineData("0.45", "at_end")]
    public void ReachableViolation_IsUnsafe_WithTheDisturbanceSequence(string bound, string kind)
    {
        CertificationResult r = Run(Spec(bound, "[-0.3, 0.3]", kind));
        Assert.Equal(Verdict.Unsafe, r.Verdict);
        Counterexample cx = r.Counterexample!;
        Assert.Equal(8, cx.Disturbances.Length);
        Assert.All(cx.Disturbances, row => Assert.InRange(row[0], -0.3, 0.3));

        // The replay: x1 follows the recorded disturbances exactly.
        double x = cx.InitialState[0];
        double worst = x;
        foreach (double[] w in cx.Disturbances)
        {
            x = (0.5 * x) + w[0];
            worst = Math.Max(worst, x);
        }

        Assert.True(kind == "always" ? worst > double.Parse(bound, System.Globalization.CultureInfo.InvariantCulture) : x > double.Parse(bound, System.Globalization.CultureInfo.InvariantCulture), $"the recorded disturbances do not violate (largest x1 {worst}, final {x})");
    }

    // The same with an ODE: dx1/dt = −x1 + w, w held over each period of 0.1 s; with w = 1 throughout, x1(2) ≈ 0.88.
    [Fact]
    public void ContinuousTime_ReachableViolation_IsUnsafe()
    {
        string yaml = Spec("0.8", "[-1, 1]", "always")
            .Replace("update:", "dynamics:", StringComparison.Ordinal)
            .Replace("0.5 * x1 + 0 * u1 + w", "-x1 + 0 * u1 + w", StringComparison.Ordinal)
            .Replace("x2 + 0 * u2", "0 * u2", StringComparison.Ordinal)
            .Replace("  outputs: { u1: \"out[0]\", u2: \"out[1]\" }", "  outputs: { u1: \"out[0]\", u2: \"out[1]\" }\n  period: 0.1", StringComparison.Ordinal)
            .Replace("horizon: 8", "horizon: 20", StringComparison.Ordinal);
        CertificationResult r = Run(yaml);
        Assert.Equal(Verdict.Unsafe, r.Verdict);
        Assert.Equal(20, r.Counterexample!.Disturbances.Length);
    }

    [Fact]
    public void UnreachableBound_IsSafe()
    {
        // sup x1 = 0.1/2^k + 0.3·(2 − 2^{1−k}) < 0.6 for every k.
        CertificationResult r = Run(Spec("0.61", "[-0.3, 0.3]", "always"));
        Assert.Equal(Verdict.Safe, r.Verdict);
    }

    [Fact]
    public void ViolationNeedingADisturbanceOutsideTheWrittenBox_IsNotUnsafe()
    {
        // The written bound 0.3 is no double; x1 <= 0.6 is violated by no disturbance inside it (the limit is 0.6 only
        // in infinitely many steps), so nothing may be confirmed from the rounded-out enclosure either.
        CertificationResult r = Run(Spec("0.6", "[-0.3, 0.3]", "always"));
        Assert.NotEqual(Verdict.Unsafe, r.Verdict);
    }
}
