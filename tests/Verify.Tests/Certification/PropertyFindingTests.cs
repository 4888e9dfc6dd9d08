using Certus.Core.Sets;
using Certus.Verify.Certification;
using Certus.Verify.Specs;

namespace Certus.Verify.Tests.Certification;

/// <summary>The typed findings: one case per verdict, each carrying what that verdict means (and nothing else).</summary>
public sealed class PropertyFindingTests
{
    [Fact]
    public void Acc_IsSafe_WithTheProvedMargin()
    {
        CertificationSpec spec = SpecReader.Read(RepositoryPaths.Spec("acc.yaml")) with { Horizon = 10 };
        CertificationResult r = Certifier.Certify(spec, new CertifyOptions { MaxCells = 4, FalsificationBudget = 200 });
        var safe = Assert.IsType<PropertyFinding.Safe>(Assert.Single(r.Findings));
        Assert.Equal("safe distance", safe.Name);
        Assert.Equal(r.Properties[0].Margin, safe.Margin);
        Assert.True(safe.Margin >= 0);
        Assert.Equal(r.Cells, safe.Cells);
    }

    [Fact]
    public void Pendulum2020_IsUnsafe_WithItsOwnCounterexample()
    {
        CertificationResult r = Certifier.Certify(SpecReader.Read(RepositoryPaths.Spec("single-pendulum-2020.yaml")), new CertifyOptions { MaxCells = 4, FalsificationBudget = 500 });
        PropertyFinding.Unsafe[] unsafeOnes = [.. r.Findings.OfType<PropertyFinding.Unsafe>()];
        Assert.NotEmpty(unsafeOnes);
        Assert.All(unsafeOnes, u =>
        {
            Assert.Equal(u.Name, u.Counterexample.Property);
            Assert.True(u.Counterexample.Margin < 0);
            Assert.Equal(Verdict.Unsafe, u.Verdict);
        });
        Assert.Equal(r.Counterexamples.Count, unsafeOnes.Length);
    }

    [Fact]
    public void TooTightAcc_IsUnknown_NamingTheUndecidedCellsOfThePartition()
    {
        // The safe distance raised to 33.9 + 1.4 v (the smallest simulated margin of the original is 24.21): no
        // simulation violates it, and four cells cannot prove it.
        string yaml = File.ReadAllText(RepositoryPaths.Spec("acc.yaml")).Replace("x_lead - x_ego >= 10 + 1.4*v_ego", "x_lead - x_ego >= 33.9 + 1.4*v_ego", StringComparison.Ordinal);
        string path = RepositoryPaths.WriteTemporarySpec(yaml, "acc-tight");
        try
        {
            CertificationResult r = Certifier.Certify(SpecReader.Read(path), new CertifyOptions { MaxCells = 4, FalsificationBudget = 200 });
            var unknown = Assert.IsType<PropertyFinding.Unknown>(Assert.Single(r.Findings));
            Assert.NotEmpty(unknown.UndecidedCells);
            Assert.True(unknown.UndecidedCells.Count <= r.Cells);
            Box[] partition = [.. r.Reach!.Cells.Select(c => c.Cell)];
            Assert.All(unknown.UndecidedCells, c => Assert.Contains(c, partition));
            Assert.True(unknown.Bound < 0);
            Assert.Contains("cells undecided", unknown.Reason, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void NoTimeLeft_IsUnknown_AndTheWholeInitialSetIsUndecided()
    {
        CertificationSpec spec = SpecReader.Read(RepositoryPaths.Spec("acc.yaml"));
        CertificationResult r = Certifier.Certify(spec, new CertifyOptions { Timeout = TimeSpan.Zero, MaxCells = 4 });
        var unknown = Assert.IsType<PropertyFinding.Unknown>(Assert.Single(r.Findings));
        Assert.Contains("tim", unknown.Reason, StringComparison.OrdinalIgnoreCase);

        // Either no proof ran (no cells), or every cell it left is undecided: together they are the initial set.
        if (unknown.UndecidedCells.Count > 0)
        {
            Assert.Equal(spec.InitialSet, Box.Hull(unknown.UndecidedCells));
        }
    }

    [Fact]
    public void AValidatedViolation_EndsTheRun_UnlessEveryPropertyIsToBeProved()
    {
        // The 2020 pendulum: 'x1 <= 1' is violated, 'x1 >= 0' holds.
        CertificationSpec spec = SpecReader.Read(RepositoryPaths.Spec("single-pendulum-2020.yaml"));
        CertificationResult quick = Certifier.Certify(spec, new CertifyOptions { MaxCells = 4, FalsificationBudget = 500 });
        Assert.Equal(Verdict.Unsafe, quick.Verdict);
        Assert.Null(quick.Reach);
        var skipped = Assert.IsType<PropertyFinding.Unknown>(quick.Findings.Single(f => f.Name.EndsWith("x1 >= 0", StringComparison.Ordinal)));
        Assert.Contains("not attempted", skipped.Reason, StringComparison.Ordinal);

        CertificationResult all = Certifier.Certify(spec, new CertifyOptions { MaxCells = 4, FalsificationBudget = 500, ProveAll = true });
        Assert.Equal(Verdict.Unsafe, all.Verdict);
        Assert.IsType<PropertyFinding.Safe>(all.Findings.Single(f => f.Name.EndsWith("x1 >= 0", StringComparison.Ordinal)));
    }
}
