using Certus.Verify.Certification;
using Certus.Verify.Specs;

namespace Certus.Verify.Tests.Certification;

/// <summary>
/// ARCH-COMP benchmarks written from their public descriptions (JuliaReach's models) that no code here was tuned for,
/// under the defaults: each must get the competition's known answer (slow tier: 1 to 20 s each).
/// </summary>
[Trait("Category", "Slow")]
public sealed class UnseenBenchmarkTests
{
    [Theory]
    [InlineData("double-pendulum-less-robust", Verdict.Unsafe)]
    [InlineData("double-pendulum-more-robust", Verdict.Unsafe)]
    [InlineData("attitude-control", Verdict.Safe)]
    [InlineData("quadrotor", Verdict.Safe)]
    [InlineData("unicycle-const-w", Verdict.Safe)]
    [InlineData("unicycle", Verdict.Safe)]
    public void KnownAnswer_UnderTheDefaults(string name, Verdict expected)
    {
        CertificationSpec spec = SpecReader.Read(RepositoryPaths.Spec("unseen", $"{name}.yaml"));
        Assert.Null(spec.Algorithm); // no options block: the defaults
        CertificationResult r = Certifier.Certify(spec, new CertifyOptions { Timeout = TimeSpan.FromSeconds(240) });
        Assert.True(expected == r.Verdict, $"{name}: {r.Verdict}, expected {expected}: {string.Join("; ", r.Properties.Select(p => $"{p.Name}: {p.Verdict} {p.Reason}"))}");
    }
}
