using System.Text.Json;
using Certus.Cli;

namespace Certus.Verify.Tests.Certification;

/// <summary>The certify verb end to end on shipped specs: verdicts, exit codes, JSON.</summary>
public sealed class CertifyCommandTests
{
    private static (int Code, string Out, string Err, JsonDocument? Json) Run(string spec, int maxCells = 16)
    {
        string json = Path.Combine(Path.GetTempPath(), $"certus-certify-{Guid.NewGuid():N}.json");
        using var output = new StringWriter();
        using var error = new StringWriter();
        try
        {
            int code = CertifyCommand.Run(spec, json, 120, -1, maxCells, output, error);
            JsonDocument? doc = File.Exists(json) ? JsonDocument.Parse(File.ReadAllText(json)) : null;
            return (code, output.ToString(), error.ToString(), doc);
        }
        finally
        {
            File.Delete(json);
        }
    }

    [Fact]
    public void Acc_IsSafe_Exit0()
    {
        var (code, output, _, json) = Run(RepositoryPaths.Spec("acc.yaml"));
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("SAFE", output, StringComparison.Ordinal);
        Assert.NotNull(json);
        JsonElement root = json!.RootElement;
        Assert.Equal("safe", root.GetProperty("verdict").GetString());
        Assert.True(root.GetProperty("seconds").GetDouble() > 0);
        Assert.EndsWith("acc.yaml", root.GetProperty("spec").GetString(), StringComparison.Ordinal);
        JsonElement p = Assert.Single(root.GetProperty("properties").EnumerateArray());
        Assert.Equal("safe", p.GetProperty("verdict").GetString());
        Assert.InRange(p.GetProperty("margin").GetDouble(), 0, 24.21);
        Assert.True(root.GetProperty("cells").GetInt32() >= 1);
        Assert.Equal(0, root.GetProperty("counterexamples").GetArrayLength());
    }

    [Fact]
    public void FalsifiablePendulum_IsUnsafe_WithAConfirmedCounterexampleInsideTheInitialSet()
    {
        var (code, _, _, json) = Run(RepositoryPaths.Spec("single-pendulum-2020.yaml"), 4);
        Assert.Equal(ExitCodes.Violated, code);
        JsonElement root = json!.RootElement;
        Assert.Equal("unsafe", root.GetProperty("verdict").GetString());
        JsonElement cx = root.GetProperty("counterexamples")[0];
        double[] x0 = [cx.GetProperty("initial_state").GetProperty("x1").GetDouble(), cx.GetProperty("initial_state").GetProperty("x2").GetDouble()];
        Assert.InRange(x0[0], 1.0, 1.1999999999999999556);
        Assert.InRange(x0[1], 0.0, 0.2);
        Assert.True(cx.GetProperty("margin").GetDouble() < 0);
        Assert.True(cx.GetProperty("trace").GetArrayLength() > 20);
    }

    [Fact]
    public void CurrentPendulum_IsNotUnsafe()
    {
        var (code, _, _, json) = Run(RepositoryPaths.Spec("single-pendulum.yaml"), 4);
        Assert.NotEqual(ExitCodes.Violated, code);
        Assert.NotEqual("unsafe", json!.RootElement.GetProperty("verdict").GetString());
    }

    [Fact]
    public void BadSpec_Exit3_WithMessage()
    {
        string path = Path.Combine(Path.GetTempPath(), $"certus-bad-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "name: broken\nplant:\n  states: [x]\n  dynamics: { x: y }\n");
        try
        {
            var (code, output, error, _) = Run(path);
            Assert.Equal(ExitCodes.BadInput, code);
            Assert.Contains(":4: plant.dynamics.x: unknown variable 'y'", error, StringComparison.Ordinal);
            Assert.Empty(output);
        }
        finally
        {
            File.Delete(path);
        }

        var missing = Run("no/such/spec.yaml");
        Assert.Equal(ExitCodes.BadInput, missing.Code);
        Assert.Contains("no/such/spec.yaml", missing.Err, StringComparison.Ordinal);
    }
}

/// <summary>SIGTERM (what <c>timeout</c> and Slurm send) and SIGINT cancel a run instead of killing it: the verdicts are still written.</summary>
public sealed class InterruptionTests
{
    // SIGTERM only: a process started in the background of a shell (as CI may start the suite) inherits SIGINT ignored,
    // so a test of SIGINT would depend on how the suite was launched. The handler is the same for both.
    [Theory]
    [InlineData("TERM")]
    public async Task ASignal_EndsTheRunUnknown_WithItsJson(string signal)
    {
        string certus = Path.Combine(AppContext.BaseDirectory, "certus.dll");
        string json = Path.Combine(Path.GetTempPath(), $"certus-signal-{Guid.NewGuid():N}.json");
        var start = new System.Diagnostics.ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { certus, "certify", RepositoryPaths.Spec("tora.yaml"), "--json", json, "--timeout", "300" })
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["CI"] = "1";
        using var process = System.Diagnostics.Process.Start(start)!;
        var errors = new System.Text.StringBuilder();
        using var proving = new ManualResetEventSlim();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }

            if (e.Data?.Contains("proving with reachability", StringComparison.Ordinal) == true)
            {
                proving.Set();
            }
        };
        process.BeginErrorReadLine();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        try
        {
            Assert.True(proving.Wait(TimeSpan.FromMinutes(2)), "the proof did not start");
            using (var kill = System.Diagnostics.Process.Start("kill", ["-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
            {
                kill.WaitForExit();
            }

            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "the run did not stop after the signal");
            process.WaitForExit();
            string err;
            lock (errors)
            {
                err = errors.ToString();
            }

            Assert.True(process.ExitCode == 2, $"exit {process.ExitCode}: {err}");
            Assert.Contains($"SIG{signal} received", err, StringComparison.Ordinal);
            Assert.Contains("UNKNOWN", await stdout, StringComparison.Ordinal);
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(json));
            Assert.Equal("unknown", doc.RootElement.GetProperty("verdict").GetString());
            Assert.All(doc.RootElement.GetProperty("properties").EnumerateArray(), p => Assert.Contains("cancelled", p.GetProperty("reason").GetString(), StringComparison.Ordinal));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            File.Delete(json);
        }
    }
}
