using System.Buffers.Binary;
using System.Text.RegularExpressions;
using Certus.Verify.Certification;
using Certus.Verify.Reports;
using Certus.Verify.Specs;

namespace Certus.Verify.Tests.Reports;

/// <summary>Certifies ACC (short horizon) and the falsifiable pendulum once for all the report tests.</summary>
public sealed class CertifiedSpecs
{
    private readonly Lazy<CertificationResult> _acc = new(() =>
    {
        CertificationSpec spec = SpecReader.Read(RepositoryPaths.Spec("acc.yaml")) with { Horizon = 10 };
        return Certifier.Certify(spec, new CertifyOptions { MaxCells = 4, FalsificationBudget = 200 });
    });

    private readonly Lazy<CertificationResult> _pendulum = new(() =>
        Certifier.Certify(SpecReader.Read(RepositoryPaths.Spec("single-pendulum-2020.yaml")), new CertifyOptions { MaxCells = 4, FalsificationBudget = 500, ProveAll = true }));

    public CertificationResult Acc => _acc.Value;

    public CertificationResult Pendulum => _pendulum.Value;
}

/// <summary>The report folder: report.md with the verdicts and the plots it embeds, PNG and SVG of the asked size.</summary>
public sealed partial class ReportWriterTests(CertifiedSpecs certified) : IClassFixture<CertifiedSpecs>, IDisposable
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly ReportOptions Small = new() { Width = 900, Height = 600, Simulations = 12, HullSimulations = 40 };
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"certus-report-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public void Report_NamesToolOptionsAndInputHashes_WithPathsRelativeToItsFolder()
    {
        CertificationResult result = certified.Acc;
        ReportFiles files = ReportWriter.Write(result, _folder, Small with { RunOptions = new Dictionary<string, string?> { ["timeout"] = "30", ["jobs"] = null } });
        string md = File.ReadAllText(files.Markdown);

        Assert.Contains($"| tool | certus {Certus.Verify.Reports.Documents.ToolInfo.Version} |", md, StringComparison.Ordinal);
        Assert.Matches(@"\| created \| \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC \|", md);
        Assert.Contains("| options | `--timeout 30` |", md, StringComparison.Ordinal);
        string specHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(RepositoryPaths.Spec("acc.yaml"))));
        Assert.Contains(specHash, md, StringComparison.Ordinal);
        Assert.Contains("| network file |", md, StringComparison.Ordinal);

        // No absolute path: the spec is named as seen from the report's folder.
        string relative = Path.GetRelativePath(_folder, RepositoryPaths.Spec("acc.yaml")).Replace('\\', '/');
        Assert.Contains($"`{relative}`", md, StringComparison.Ordinal);
        Assert.DoesNotContain("`" + RepositoryPaths.Root, md, StringComparison.Ordinal);
    }

    [Fact]
    public void Acc_ReportNamesTheVerdictPropertiesAndPlots()
    {
        CertificationResult result = certified.Acc;
        Assert.Equal(Verdict.Safe, result.Verdict);
        ReportFiles files = ReportWriter.Write(result, _folder, Small);
        string md = File.ReadAllText(files.Markdown);

        Assert.Equal(Path.Combine(_folder, ReportWriter.MarkdownFileName), files.Markdown);
        Assert.StartsWith("# acc: SAFE", md, StringComparison.Ordinal);
        Assert.Contains("safe distance", md, StringComparison.Ordinal);
        Assert.Contains("**SAFE**", md, StringComparison.Ordinal);
        Assert.Contains("dx_lead/dt = v_lead", md, StringComparison.Ordinal);
        Assert.Contains("5 → 20 relu", md, StringComparison.Ordinal);
        Assert.Contains("`a_ego = out[0]`", md, StringComparison.Ordinal);
        Assert.Contains("## Final set", md, StringComparison.Ordinal);
        Assert.DoesNotContain("## Counterexample", md, StringComparison.Ordinal);
        foreach (string state in result.Spec.System.States)
        {
            Assert.Contains($"state-{state}.png", md, StringComparison.Ordinal);
            Assert.Contains($"state-{state}.svg", md, StringComparison.Ordinal);
        }

        // The first property reads x_lead and x_ego; it is not a simple bound, so its margin gets a plot.
        Assert.Contains("projection-x_lead-x_ego.png", md, StringComparison.Ordinal);
        Assert.Contains("margin-1.png", md, StringComparison.Ordinal);
        Assert.Equal(2 * (6 + 1 + 1), files.Plots.Count);
        AssertEveryReferencedFileIsAnImage(md, files, 900, 600);
    }

    [Fact]
    public void Pendulum2020_ReportShowsTheCounterexampleAndItsTrace()
    {
        CertificationResult result = certified.Pendulum;
        Assert.Equal(Verdict.Unsafe, result.Verdict);
        ReportFiles files = ReportWriter.Write(result, _folder, Small);
        string md = File.ReadAllText(files.Markdown);

        Assert.StartsWith("# single-pendulum-2020: UNSAFE", md, StringComparison.Ordinal);
        foreach (PropertyVerdict p in result.Properties)
        {
            Assert.Contains($"| {p.Name} |", md, StringComparison.Ordinal);
        }

        Assert.Contains("**UNSAFE**", md, StringComparison.Ordinal);
        Assert.Contains("## Counterexample", md, StringComparison.Ordinal);
        Assert.Contains("x1 = 1.2", md, StringComparison.Ordinal);
        Assert.Contains("| t [s] | x1 | x2 | margin |", md, StringComparison.Ordinal);
        Assert.Contains("(smallest)", md, StringComparison.Ordinal);
        Assert.Contains("`x1 ≤ 1`", md, StringComparison.Ordinal);

        // Both properties are simple bounds on x1: no margin plots, the bounds are drawn on the state plots.
        Assert.Equal(["state-x1.png", "state-x1.svg", "state-x2.png", "state-x2.svg", "projection-x1-x2.png", "projection-x1-x2.svg"], files.Plots);
        AssertEveryReferencedFileIsAnImage(md, files, 900, 600);
    }

    [Fact]
    public void FalsifiedOnly_WithoutReachability_PlotsSimulationsAndTheCounterexample()
    {
        CertificationResult full = certified.Pendulum;
        CertificationResult falsifiedOnly = full with { Reach = null };
        ReportFiles files = ReportWriter.Write(falsifiedOnly, _folder, Small);
        string md = File.ReadAllText(files.Markdown);

        Assert.Contains("## Counterexample", md, StringComparison.Ordinal);
        Assert.Contains("no proof was attempted", md, StringComparison.Ordinal);
        AssertEveryReferencedFileIsAnImage(md, files, 900, 600);
    }

    [Fact]
    public void SameSeed_SameReport()
    {
        string other = _folder + "-again";
        try
        {
            ReportFiles a = ReportWriter.Write(certified.Pendulum, _folder, Small);
            ReportFiles b = ReportWriter.Write(certified.Pendulum, other, Small);
            // Everything but the line that says when it was written.
            static string Body(string md) => string.Join('\n', md.Split('\n').Where(l => !l.StartsWith("| created |", StringComparison.Ordinal)));
            Assert.Equal(Body(File.ReadAllText(a.Markdown).Replace(_folder, string.Empty, StringComparison.Ordinal)), Body(File.ReadAllText(b.Markdown).Replace(other, string.Empty, StringComparison.Ordinal)));
        }
        finally
        {
            if (Directory.Exists(other))
            {
                Directory.Delete(other, recursive: true);
            }
        }
    }

    [Fact]
    public void ManySegments_AreMergedWithinTheBudget()
    {
        Assert.True(certified.Pendulum.Reach!.Cells.Sum(c => c.Tube.Count) > 100);
        ReportFiles files = ReportWriter.Write(certified.Pendulum, _folder, Small with { MaxRectangles = 100 });
        string md = File.ReadAllText(files.Markdown);
        Assert.Contains("merged by hull into", md, StringComparison.Ordinal);
        AssertEveryReferencedFileIsAnImage(md, files, 900, 600);
    }

    [Fact]
    public void UnwritableFolder_ThrowsReportException_NamingTheFolder()
    {
        // A folder below a regular file cannot be created, not even by root.
        Directory.CreateDirectory(_folder);
        string file = Path.Combine(_folder, "not-a-folder");
        File.WriteAllText(file, "x");
        string target = Path.Combine(file, "report");

        var e = Assert.Throws<ReportException>(() => ReportWriter.Write(certified.Pendulum, target, Small));
        Assert.Contains(target, e.Message, StringComparison.Ordinal);
        Assert.False(ReportWriter.TryWrite(certified.Pendulum, target, Small, out ReportFiles? files, out string? error));
        Assert.Null(files);
        Assert.Contains("cannot write the report", error, StringComparison.Ordinal);
    }

    [Fact]
    public void BadOptions_AreRejectedWithTheirName()
    {
        var e = Assert.Throws<ArgumentException>(() => ReportWriter.Write(certified.Pendulum, _folder, new ReportOptions { Width = 10 }));
        Assert.Contains("Width", e.Message, StringComparison.Ordinal);
    }

    private static void AssertEveryReferencedFileIsAnImage(string md, ReportFiles files, int width, int height)
    {
        string[] referenced = [.. LinkPattern().Matches(md).Select(m => m.Groups[1].Value).Distinct()];
        Assert.NotEmpty(referenced);
        Assert.Equal(files.Plots.Order(StringComparer.Ordinal), referenced.Order(StringComparer.Ordinal));
        foreach (string name in referenced)
        {
            string path = Path.Combine(files.Directory, name);
            Assert.True(File.Exists(path), $"{name} is referenced but missing");
            byte[] bytes = File.ReadAllBytes(path);
            Assert.True(bytes.Length > 100, $"{name} is nearly empty");
            if (name.EndsWith(".png", StringComparison.Ordinal))
            {
                Assert.Equal(PngSignature, bytes[..8]);
                Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
                Assert.Equal(width, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16, 4)));
                Assert.Equal(height, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20, 4)));
            }
            else
            {
                Assert.EndsWith(".svg", name, StringComparison.Ordinal);
                string svg = System.Text.Encoding.UTF8.GetString(bytes);
                Assert.Contains("<svg", svg, StringComparison.Ordinal);
                Assert.Contains($"width=\"{width}\"", svg, StringComparison.Ordinal);
            }
        }
    }

    [GeneratedRegex(@"\]\(([^)\s]+\.(?:png|svg))\)")]
    private static partial Regex LinkPattern();
}
