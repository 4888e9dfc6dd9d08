using Certus.Cli;

namespace Certus.Verify.Tests.Reports;

/// <summary><c>certify SPEC --report DIR</c>: the report is written; an unwritable folder is a clear error, exit 3.</summary>
public sealed class ReportCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"certus-report-cli-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public void Certify_WithReport_WritesTheReport_AndKeepsTheVerdictsExitCode()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = CertifyCommand.Run(RepositoryPaths.Spec("single-pendulum-2020.yaml"), null, 120, -1, 4, output, error, _folder);
        Assert.Equal(ExitCodes.Violated, code);
        string md = File.ReadAllText(Path.Combine(_folder, "report.md"));
        Assert.Contains("UNSAFE", md, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_folder, "state-x1.png")));
        Assert.Contains("report: ", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Certify_WithUnwritableReportFolder_Exit3_WithAClearMessage_BeforeCertifying()
    {
        Directory.CreateDirectory(_folder);
        string file = Path.Combine(_folder, "a-file");
        File.WriteAllText(file, "x");
        string target = Path.Combine(file, "report");
        using var output = new StringWriter();
        using var error = new StringWriter();

        int code = CertifyCommand.Run(RepositoryPaths.Spec("acc.yaml"), null, 120, -1, 4, output, error, target);

        Assert.Equal(ExitCodes.BadInput, code);
        string message = error.ToString();
        Assert.StartsWith("error: --report: cannot write the report to", message, StringComparison.Ordinal);
        Assert.Contains(target, message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", message, StringComparison.Ordinal);
        Assert.DoesNotContain("verdict", output.ToString(), StringComparison.Ordinal);
    }
}
