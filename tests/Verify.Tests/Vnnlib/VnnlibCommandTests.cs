using System.Globalization;
using Certus.Cli;
using Certus.Control.Networks;
using Certus.Core.Networks;

namespace Certus.Verify.Tests.Vnnlib;

public sealed class VnnlibCommandTests
{
    private static readonly string Net = RepositoryPaths.Spec("vnnlib", "tiny.json");

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = VnnlibCommand.Run(
            args.ElementAtOrDefault(0), args.ElementAtOrDefault(1), 10, 1, args.ElementAtOrDefault(2), args.ElementAtOrDefault(3), output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void HoldingProperty_PrintsUnsatAndExitsZero()
    {
        var (code, output, _) = Run(Net, RepositoryPaths.Spec("vnnlib", "tiny-holds.vnnlib"));
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal("unsat\n", output);
    }

    [Fact]
    public void ViolatedProperty_PrintsACounterexampleThatRoundTrips()
    {
        var (code, output, _) = Run(Net, RepositoryPaths.Spec("vnnlib", "tiny-violated.vnnlib"));
        Assert.Equal(ExitCodes.Violated, code);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("sat", lines[0]);
        double[] values = [.. lines.Skip(1).Select(l => double.Parse(l.Trim(' ', '(', ')').Split(' ')[1], CultureInfo.InvariantCulture))];
        Assert.Equal(4, values.Length);
        Assert.StartsWith("((X_0 ", lines[1], StringComparison.Ordinal);
        Assert.StartsWith(" (Y_1 ", lines[4], StringComparison.Ordinal);

        // The printed Y are the network's double outputs at the printed X, exactly.
        FeedForwardNetwork net = NetworkFile.Load(Net);
        Assert.Equal(values[2..], net.Evaluate(values[..2]));
        Assert.True(values[2] - values[3] <= -0.2 || values[2] >= 3);
    }

    [Fact]
    public void BadProperty_WritesErrorAndExitsThree()
    {
        string path = Path.Combine(Path.GetTempPath(), $"certus-bad-{Environment.ProcessId}.vnnlib");
        string result = path + ".result";
        File.WriteAllText(path, "(declare-const X_0 Real)\n(declare-const Y_0 Real)\n(assert (<= X_0 1)\n");
        var (code, _, error) = Run(Net, path, result);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal("error\n", File.ReadAllText(result));
        Assert.Contains($"{path}:4:1: unexpected end of file", error, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", error.Replace("at 3:1", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void SizeMismatch_IsBadInput()
    {
        string path = Path.Combine(Path.GetTempPath(), $"certus-size-{Environment.ProcessId}.vnnlib");
        File.WriteAllText(path, "(declare-const X_0 Real)\n(declare-const Y_0 Real)\n(assert (<= X_0 1))(assert (>= X_0 0))(assert (<= Y_0 0))\n");
        var (code, output, error) = Run(Net, path);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Equal("error\n", output);
        Assert.Contains("declares 1 input(s) and 1 output(s)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Instances_WritesOneResultRowPerInstance()
    {
        var (code, output, _) = Run(null!, null!, null!, RepositoryPaths.Spec("vnnlib", "instances.csv"));
        Assert.Equal(ExitCodes.Ok, code);
        string[] rows = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("onnx,vnnlib,result,time_s", rows[0]);
        Assert.StartsWith("tiny.json,tiny-holds.vnnlib,unsat,", rows[1], StringComparison.Ordinal);
        Assert.StartsWith("tiny.json,tiny-violated.vnnlib,sat,", rows[2], StringComparison.Ordinal);
        Assert.True(double.Parse(rows[2].Split(',')[3], CultureInfo.InvariantCulture) >= 0);
    }
}
