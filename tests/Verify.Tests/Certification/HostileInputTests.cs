using System.Diagnostics;
using System.Text.Json;
using Certus.Control.MadPinn;
using Certus.Verify.Certification;
using Certus.Cli;
using Certus.Verify.Specs;
using Certus.Verify.Training;

namespace Certus.Verify.Tests.Certification;

/// <summary>Bad input gets a message naming the file and place, never a crash, a hang or an exhausted memory.</summary>
public sealed class HostileInputTests
{
    private static readonly string PendulumPath = RepositoryPaths.Spec("single-pendulum-2020.yaml");
    private static readonly string PendulumText = File.ReadAllText(PendulumPath);

    private static SpecException Bad(string text) => Assert.Throws<SpecException>(() => SpecReader.Parse(text, PendulumPath));

    private static string Edit(string find, string replace)
    {
        Assert.Contains(find, PendulumText, StringComparison.Ordinal);
        return PendulumText.Replace(find, replace, StringComparison.Ordinal);
    }

    // Runs the action with a deadline so that a regression that blocks fails the test instead of hanging the suite.
    private static Exception? Within(Action action, int seconds = 30)
    {
        var task = Task.Run(() => Record.Exception(action));
        Assert.True(task.Wait(TimeSpan.FromSeconds(seconds)), "the reader did not return");
        return task.Result;
    }

    private static string MakeFifo()
    {
        string fifo = Path.Combine(Path.GetTempPath(), $"certus-fifo-{Guid.NewGuid():N}");
        using var mk = Process.Start(new ProcessStartInfo("mkfifo", fifo) { UseShellExecute = false })!;
        mk.WaitForExit();
        Assert.Equal(0, mk.ExitCode);
        return fifo;
    }

    [Fact]
    public void FlatSumOf60000Terms_IsASpecErrorWithTheLineAndTheLimit()
    {
        string sum = string.Join(" + ", Enumerable.Repeat("0*x1", 60_000));
        SpecException e = Bad(Edit("x2: 2*sin(x1) + 8*T", $"x2: 2*sin(x1) + 8*T + {sum}"));
        Assert.Contains(":8: plant.dynamics.x2:", e.Message, StringComparison.Ordinal);
        Assert.Contains("at most 1000", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ManyEventuallyConstraints_AreRefusedByTheDepthOfTheirConjunction()
    {
        string list = string.Join(", ", Enumerable.Repeat("x1 <= 5", 3000));
        SpecException e = Bad(Edit("always: [x1 >= 0, x1 <= 1]\n    during: [0.5, 1.0]", $"eventually: [{list}]"));
        Assert.Contains("properties[0]", e.Message, StringComparison.Ordinal);
        Assert.Contains("at most 1000", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("avoid: []", ":18: properties[0].avoid: expected at least one constraint")]
    [InlineData("eventually: []", ":18: properties[0].eventually: expected at least one constraint")]
    [InlineData("always: []", ":18: properties[0].always: expected at least one constraint")]
    public void EmptyConstraintLists_AreSpecErrors(string property, string expected)
    {
        SpecException e = Bad(Edit("always: [x1 >= 0, x1 <= 1]", property));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.StartsWith(PendulumPath, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0/0", "division needs")]
    [InlineData("sqrt(-1)", "sqrt needs")]
    [InlineData("1e308*10", "not a finite number")]
    [InlineData("log(0)", "log needs")]
    [InlineData("(-2)^0.5", "real power")]
    [InlineData("1/(0.1 - 0.1)", "contains 0")]
    [InlineData("0^-1", "negative power")]
    public void NonFiniteOrUndefinedParameters_AreRejectedWithTheLine(string value, string expected)
    {
        SpecException e = Bad(Edit("  inputs: [T]\n", $"  inputs: [T]\n  parameters: {{ k: \"{value}\" }}\n"));
        Assert.Contains(":6: plant.parameters.k:", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("always: [x1 >= 0, x1 <= 1]", "always: x1 <= 0/0", ":18: properties[0]")]
    [InlineData("x2: 2*sin(x1) + 8*T", "x2: 2*sin(x1) + 8*T + x1/(1 - 1)", ":8: plant.dynamics.x2")]
    [InlineData("x2: 2*sin(x1) + 8*T", "x2: 2*sin(x1) + 8*T + sqrt(-1)*x1", ":8: plant.dynamics.x2")]
    [InlineData("outputs: { T: \"out[0]\" }", "outputs: { T: \"out[0] * log(-1)\" }", "controller.outputs.T")]
    [InlineData("inputs: [x1, x2]", "inputs: [x1, x2 / (2 - 2)]", "controller.inputs[1]")]
    [InlineData("x1: [1.0, 1.2]", "x1: [1.0, 0/0]", "initial.x1")]
    [InlineData("x2: 2*sin(x1) + 8*T", "x2: 2*sin(x1) + 8*T + (-2)^x1", ":8: plant.dynamics.x2")]
    public void UndefinedConstantSubexpressions_AreRejectedWherever(string find, string replace, string expected)
    {
        SpecException e = Bad(Edit(find, replace));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains("not defined", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParameterThatBecomesUndefinedOnlyWhenSubstituted_IsRejected()
    {
        string text = Edit("  inputs: [T]\n", "  inputs: [T]\n  parameters: { p: 0.5 }\n").Replace("x2: 2*sin(x1) + 8*T", "x2: 2*sin(x1) + 8*T + x1 / (p - p)", StringComparison.Ordinal);
        SpecException e = Bad(text);
        Assert.Contains("plant.dynamics.x2", e.Message, StringComparison.Ordinal);
        Assert.Contains("contains 0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WellDefinedConstants_StillRead()
    {
        CertificationSpec spec = SpecReader.Parse(Edit("  inputs: [T]\n", "  inputs: [T]\n  parameters: { k: \"sqrt(2) + log(3) + 2^0.5 + 1/(1 - 0.5) + (-2)^3\" }\n"), PendulumPath);
        Assert.Single(spec.System.Parameters);
    }

    [Fact]
    public void HiddenActivation_ForAFormatThatStoresActivations_IsASpecError()
    {
        SpecException e = Bad(Edit("  period: 0.05", "  period: 0.05\n  hidden_activation: tanh"));
        Assert.Contains(":14: controller.hidden_activation:", e.Message, StringComparison.Ordinal);
        Assert.Contains("POLAR text", e.Message, StringComparison.Ordinal);
        SpecException o = Bad(Edit("  period: 0.05", "  period: 0.05\n  output_activation: relu"));
        Assert.Contains("controller.output_activation", o.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SpecialFiles_AsSpecNetworkModelScenarioOrConfig_AreRefusedWithoutHanging()
    {
        string fifo = MakeFifo();
        try
        {
            foreach (string special in new[] { fifo, "/dev/zero", Path.GetTempPath() })
            {
                Assert.IsType<SpecException>(Within(() => SpecReader.Read(special)));
                Assert.IsType<SpecException>(Within(() => SpecReader.IsNetworkSpec(special)));
                Assert.IsType<SpecException>(Within(() => NavigationSpecReader.Read(special)));
                Assert.IsType<SpecException>(Within(() => TrainingConfigReader.Read(special)));
                Assert.IsType<MadPinnModelException>(Within(() => MadPinnModelFile.Load(special)));
                Assert.False(NavigationSpecReader.IsNavigationSpec(special));
                Exception? net = Within(() => SpecReader.Parse(Edit("networks/single_pendulum/InvertedPendulum_controller.polar", special), PendulumPath));
                SpecException e = Assert.IsType<SpecException>(net);
                Assert.Contains(":10: controller.network:", e.Message, StringComparison.Ordinal);
            }

            Assert.Contains("not a regular file", Assert.IsType<SpecException>(Within(() => SpecReader.Read(fifo))).Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(fifo);
        }
    }

    [Fact]
    public void ConstantPlant_CounterexampleConfirmationDoesNotBuildAnEmptyBox()
    {
        string text = Edit("x1: x2\n    x2: 2*sin(x1) + 8*T", "x1: 0\n    x2: 0").Replace("x1: [1.0, 1.2], x2: [0.0, 0.2]", "x1: 2, x2: 0", StringComparison.Ordinal);
        string path = RepositoryPaths.WriteTemporarySpec(text, "constant-plant");
        try
        {
            CertificationResult r = Certifier.Certify(SpecReader.Read(path), new CertifyOptions { MaxCells = 4 });
            Assert.Equal(Verdict.Unsafe, r.Verdict);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void EarlyViolationInAHugeHorizon_IsConfirmedWithoutEnclosingTheWholeHorizon()
    {
        string text = Edit("x1: x2\n    x2: 2*sin(x1) + 8*T", "x1: 0\n    x2: 0").Replace("x1: [1.0, 1.2], x2: [0.0, 0.2]", "x1: 2, x2: 0", StringComparison.Ordinal)
            .Replace("horizon: 20", "horizon: 100000", StringComparison.Ordinal).Replace("    during: [0.5, 1.0]\n", string.Empty, StringComparison.Ordinal)
            .Replace("always: [x1 >= 0, x1 <= 1]", "always: x1 <= 1", StringComparison.Ordinal); // refuted, so no proof runs
        string path = RepositoryPaths.WriteTemporarySpec(text, "early-violation");
        try
        {
            var clock = Stopwatch.StartNew();
            // Generous timeout (the suite runs in parallel); enclosing all 100,000 periods took about 30 s on its own.
            CertificationResult r = Certifier.Certify(SpecReader.Read(path), new CertifyOptions { Timeout = TimeSpan.FromSeconds(120), MaxCells = 4 });
            Assert.Equal(Verdict.Unsafe, r.Verdict);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void HugeHorizon_TheValidatedConfirmationHonoursTheTimeout()
    {
        // ACC over 100,000 periods: one simulation violates the distance late in the horizon, and enclosing that run
        // takes several seconds; the confirmation stops at --timeout like the rest (it ran 7 s past a 3 s limit).
        string path = RepositoryPaths.WriteTemporarySpec(File.ReadAllText(RepositoryPaths.Spec("acc.yaml")).Replace("horizon: 50", "horizon: 100000", StringComparison.Ordinal), "huge-acc");
        try
        {
            var clock = Stopwatch.StartNew();
            // Enough cells that the proof beside it (whose cells fail near t = 10 s and are split) runs out of time, not of cells.
            CertificationResult r = Certifier.Certify(SpecReader.Read(path), new CertifyOptions { Timeout = TimeSpan.FromSeconds(1), FalsificationBudget = 1, MaxCells = 1024 });
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
            Assert.Equal(Verdict.Unknown, r.Verdict);
            Assert.All(r.Properties, p => Assert.Contains("timeout", p.Reason, StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void HugeHorizon_FalsificationHonoursTheTimeout()
    {
        string path = RepositoryPaths.WriteTemporarySpec(File.ReadAllText(RepositoryPaths.Spec("single-pendulum.yaml")).Replace("horizon: 20", "horizon: 1000000", StringComparison.Ordinal), "huge-horizon");
        try
        {
            var clock = Stopwatch.StartNew();
            CertificationResult r = Certifier.Certify(SpecReader.Read(path), new CertifyOptions { Timeout = TimeSpan.FromSeconds(1), MaxCells = 4 });
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
            Assert.Equal(Verdict.Unknown, r.Verdict);
            Assert.All(r.Properties, p => Assert.Contains("timeout", p.Reason, StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void InfiniteMargins_AreWrittenAsStringsInJson()
    {
        CertificationSpec spec = SpecReader.Read(PendulumPath);
        var result = new CertificationResult(spec, Verdict.Unknown, [new PropertyVerdict("a", Verdict.Unknown, double.NegativeInfinity, "x"), new PropertyVerdict("b", Verdict.Safe, double.PositiveInfinity, null), new PropertyVerdict("c", Verdict.Unknown, double.NaN, "timeout"), new PropertyVerdict("d", Verdict.Safe, 1.5, null)], null, null, TimeSpan.FromSeconds(1));
        using JsonDocument doc = JsonDocument.Parse(CertifyCommand.ToJson(result, PendulumPath));
        JsonElement[] props = [.. doc.RootElement.GetProperty("properties").EnumerateArray()];
        Assert.Equal("-inf", props[0].GetProperty("margin").GetString());
        Assert.Equal("inf", props[1].GetProperty("margin").GetString());
        Assert.Equal(JsonValueKind.Null, props[2].GetProperty("margin").ValueKind);
        Assert.Equal(1.5, props[3].GetProperty("margin").GetDouble());
    }

    [Fact]
    public void InternalErrors_HaveTheirOwnExitCodeAndNoStackTrace()
    {
        Assert.Equal(4, ExitCodes.InternalError);
        Assert.Equal(3, ExitCodes.BadInput);
        using var output = new StringWriter();
        Exception error;
        try
        {
            throw new InvalidOperationException("boom");
        }
        catch (InvalidOperationException e)
        {
            error = e;
        }

        Program.ReportInternalError(error, output);
        string text = output.ToString();
        Assert.Contains("internal error: InvalidOperationException: boom", text, StringComparison.Ordinal);
        Assert.Contains("please report it", text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
    }

    [Fact]
    public void HelpTexts_NameEveryExitCode()
    {
        Assert.Contains("4 internal error", Program.CreateRootCommand().Description, StringComparison.Ordinal);
        Assert.All(Program.CreateRootCommand().Subcommands, c => Assert.Contains("3 bad input, 4 internal error", c.Description, StringComparison.Ordinal));
    }
}

/// <summary>Constants are checked by the same domain rules as every other interval evaluation (new functions included).</summary>
public sealed class ConstantDomainRuleTests
{
    [Theory]
    [InlineData("asin(2)")]
    [InlineData("acos(-1.5)")]
    [InlineData("log2(0)")]
    [InlineData("log10(-1)")]
    [InlineData("atan2(0, 0)")]
    [InlineData("rootn(-8, 2)")]
    [InlineData("(1 - 1)^-1")]
    public void ConstantOutsideItsDomain_IsASpecError(string constant)
    {
        string yaml = File.ReadAllText(RepositoryPaths.Spec("single-pendulum.yaml"))
            .Replace("    x2: 2*sin(x1) + 8*T", $"    x2: 2*sin(x1) + 8*T + 0*({constant})", StringComparison.Ordinal);
        string path = RepositoryPaths.WriteTemporarySpec(yaml, "constant-domain");
        try
        {
            var e = Assert.Throws<SpecException>(() => SpecReader.Read(path));
            Assert.Contains("not defined", e.Message, StringComparison.Ordinal);
            Assert.Contains(":8:", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("asin(0.5)")]
    [InlineData("rootn(-8, 3)")]
    [InlineData("atan2(0, -1)")]
    [InlineData("(-2)^3")]
    public void ConstantInsideItsDomain_Loads(string constant)
    {
        string yaml = File.ReadAllText(RepositoryPaths.Spec("single-pendulum.yaml"))
            .Replace("    x2: 2*sin(x1) + 8*T", $"    x2: 2*sin(x1) + 8*T + 0*({constant})", StringComparison.Ordinal);
        string path = RepositoryPaths.WriteTemporarySpec(yaml, "constant-domain");
        try
        {
            Assert.NotNull(SpecReader.Read(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
