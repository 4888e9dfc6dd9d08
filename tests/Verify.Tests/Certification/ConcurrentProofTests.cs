using Certus.Verify.Certification;
using Certus.Verify.Specs;

namespace Certus.Verify.Tests.Certification;

/// <summary>
/// Falsification runs beside the proof (after a short random phase before it). The verdicts, margins and cells must not
/// depend on that: the proof is the one a sequential run would make, whichever answer came first.
/// </summary>
public sealed class ConcurrentProofTests
{
    private static string Signature(CertificationResult r) =>
        $"{r.Verdict} cells {r.Cells}: " + string.Join("; ", r.Properties.Select(p => $"{p.Name} {p.Verdict} {p.Margin:R} {p.Reason}"));

    [Theory]
    [InlineData("single-pendulum.yaml")]
    [InlineData("tora-heterogeneous-sigmoid.yaml")]
    [InlineData("discrete-rotation.yaml")]
    [InlineData("acc.yaml")]
    public void TheSearchBesideTheProof_LeavesTheProofAsItIsAlone(string file)
    {
        // A SAFE spec: with one simulation the proof decides alone; with the default search beside it, it must give the
        // same margins and cells (the search only competes for the cores, and is stopped once every property is proved).
        CertificationSpec spec = SpecReader.Read(RepositoryPaths.Spec(file));
        CertificationResult alone = Certifier.Certify(spec, new CertifyOptions { FalsificationBudget = 1 });
        CertificationResult beside = Certifier.Certify(spec, new CertifyOptions());
        Assert.Equal(Verdict.Safe, alone.Verdict);
        Assert.Equal(Signature(alone), Signature(beside));
    }

    [Fact]
    public void AViolationConfirmedBesideTheProof_GivesWhatASequentialRunGives()
    {
        // The 2020 pendulum: 'x1 <= 1' is violated, 'x1 >= 0' holds. With 64 simulations the whole search runs beside
        // the proof (the violation is confirmed while the proof runs, or after it ended); with 500 the violation is found
        // in the random phase before the proof. Both must end with the same verdicts, margins and cells, for any --jobs.
        CertificationSpec spec = SpecReader.Read(RepositoryPaths.Spec("single-pendulum-2020.yaml"));
        string[] runs =
        [
            .. from budget in new[] { 64, 500 }
               from jobs in new[] { 1, 2 }
               select Signature(Certifier.Certify(spec, new CertifyOptions { MaxCells = 4, FalsificationBudget = budget, Jobs = jobs, ProveAll = true })),
        ];
        Assert.All(runs, r => Assert.Equal(runs[0], r));
        Assert.StartsWith("Unsafe", runs[0], StringComparison.Ordinal);
        Assert.Contains("x1 >= 0 Safe", runs[0], StringComparison.Ordinal);

        // Without --prove-all the violation ends the proof: no reach result, the other property not attempted.
        CertificationResult quick = Certifier.Certify(spec, new CertifyOptions { MaxCells = 4, FalsificationBudget = 64 });
        Assert.Equal(Verdict.Unsafe, quick.Verdict);
        Assert.Null(quick.Reach);
        Assert.Contains("not attempted", quick.Properties.Single(p => p.Name.EndsWith("x1 >= 0", StringComparison.Ordinal)).Reason, StringComparison.Ordinal);
    }
}
