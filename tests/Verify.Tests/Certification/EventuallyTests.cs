using Certus.Cli;

namespace Certus.Verify.Tests.Certification;

/// <summary>Goals reached at some time of a window.</summary>
public sealed class EventuallyTests
{
    private static int Certify(string yaml)
    {
        string path = RepositoryPaths.WriteTemporarySpec(yaml, "eventually");
        try
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            return CertifyCommand.Run(path, null, 60, -1, 64, output, error);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static readonly string Tora = File.ReadAllText(RepositoryPaths.Spec("tora-heterogeneous-relu-tanh.yaml"));

    [Fact]
    public void TargetReachedWithinTheLastSecond_IsProved()
    {
        string spec = Tora.Replace("    at_end: [x1 >= -0.1, x1 <= 0.2, x2 >= -0.9, x2 <= -0.6]",
            "    eventually: [x1 >= -0.1, x1 <= 0.2, x2 >= -0.9, x2 <= -0.6]\n    during: [4, 5]", StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, Certify(spec));
    }

    [Fact]
    public void UnreachableGoal_IsNotProved()
    {
        string spec = Tora.Replace("    at_end: [x1 >= -0.1, x1 <= 0.2, x2 >= -0.9, x2 <= -0.6]",
            "    eventually: x1 >= 10", StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Unknown, Certify(spec));
    }
}
