using System.Text.Json;
using Certus.Cli;
using Certus.Core.Systems;
using Certus.Verify.Certification;
using Certus.Verify.Specs;

namespace Certus.Verify.Tests.Certification;

/// <summary>Discrete-time plants in specs (<c>plant.update</c>): reading, errors, verdicts and counterexamples.</summary>
public sealed class DiscreteSpecTests
{
    private static readonly string RotationPath = RepositoryPaths.Spec("discrete-rotation.yaml");
    private static readonly string RotationText = File.ReadAllText(RotationPath);

    private static SpecException Bad(string text) =>
        Assert.Throws<SpecException>(() => SpecReader.Parse(text, RotationPath));

    [Fact]
    public void Rotation_ReadsAsADiscreteTimePlant_WithPeriodOne()
    {
        CertificationSpec spec = SpecReader.Read(RotationPath);
        Assert.True(spec.System.IsDiscrete);
        Assert.Equal(PlantKind.Discrete, spec.System.Kind);
        Assert.Equal(1.0, spec.Controller.Period);
        Assert.Equal(8, spec.Horizon);
        Assert.Contains("x1⁺ = x1 + u1", spec.System.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ContinuousSpecs_StayContinuous()
    {
        CertificationSpec acc = SpecReader.Read(RepositoryPaths.Spec("acc.yaml"));
        Assert.False(acc.System.IsDiscrete);
        Assert.False(acc.System.Compile().IsDiscrete);
    }

    [Theory]
    [InlineData("    x2: x2 + u2\n", "    x2: x2 + u3\n", ":11: plant.update.x2: unknown variable 'u3'")]
    [InlineData("    x2: x2 + u2\n", "", "plant.update.x2: the state 'x2' has no equation")]
    [InlineData("    x2: x2 + u2\n", "    x2: x2 + u2\n    x3: x1\n", "plant.update.x3: there is an equation for 'x3', which is not a state")]
    [InlineData("  update:", "  dynamics:\n    x1: x2\n    x2: u1\n  update:", ":12: plant.update: a plant has either 'dynamics'")]
    [InlineData("  update:", "  updates:", ":9: plant.updates: unknown field (did you mean 'update'?)")]
    [InlineData("    x1: x1 + u1\n", "    x1: x1 + sqrt(0 - 1)\n", "plant.update.x1")]
    [InlineData("  # period: 1 ", "  period: 0\n  # ", "controller.period")]
    public void Malformed_NamesFileLineAndField(string find, string replace, string expected)
    {
        Assert.Contains(find, RotationText, StringComparison.Ordinal);
        SpecException e = Bad(RotationText.Replace(find, replace, StringComparison.Ordinal));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.StartsWith(RotationPath, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NeitherDynamicsNorUpdate_SaysWhatToAdd()
    {
        string text = RotationText.Replace("  update:", "  other:", StringComparison.Ordinal);
        string cut = string.Join('\n', text.Split('\n').Where(l => !l.StartsWith("  other:", StringComparison.Ordinal) && !l.StartsWith("    x1: x1", StringComparison.Ordinal) && !l.StartsWith("    x2: x2", StringComparison.Ordinal)));
        SpecException e = Bad(cut);
        Assert.Contains("plant.dynamics: missing", e.Message, StringComparison.Ordinal);
        Assert.Contains("'update:'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadSpec_ExitsWithBadInput_AndNoStackTrace()
    {
        string path = RepositoryPaths.WriteTemporarySpec(RotationText.Replace("x2: x2 + u2", "x2: x2 + speed", StringComparison.Ordinal), "discrete-bad");
        try
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            Assert.Equal(ExitCodes.BadInput, CertifyCommand.Run(path, null, 60, 1, 64, output, error));
            Assert.Contains("plant.update.x2: unknown variable 'speed'", error.ToString() + output, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Rotation_IsSafe_AndTheFinalSetIsNearTheClosedForm()
    {
        CertificationResult r = Certifier.Certify(SpecReader.Read(RotationPath), new CertifyOptions { Jobs = 2 });
        Assert.Equal(Verdict.Safe, r.Verdict);

        // M⁸ = I/16: the exact final set is [0.03125, 0.0625] x [-1/64, 1/64]; the proof's final boxes cover it.
        var finals = r.Reach!.Cells.Select(c => c.FinalSet!).ToArray();
        double lo1 = finals.Min(b => b[0].Lo), hi1 = finals.Max(b => b[0].Hi), lo2 = finals.Min(b => b[1].Lo), hi2 = finals.Max(b => b[1].Hi);
        Assert.True(lo1 <= 0.03125 && hi1 >= 0.0625 && lo2 <= -1.0 / 64 && hi2 >= 1.0 / 64, $"final hull [{lo1}, {hi1}] x [{lo2}, {hi2}]");
        Assert.True(lo1 > 0.03 && hi1 < 0.065 && lo2 > -0.0165 && hi2 < 0.0165, $"final hull [{lo1}, {hi1}] x [{lo2}, {hi2}]");
    }

    [Fact]
    public void Violation_IsUnsafe_WithAValidatedCounterexampleAtAStep()
    {
        // x2 after one step is -0.5·x1 + 0.5·x2 in [-0.625, -0.125]: below -0.3 for x1 near 1.
        string yaml = RotationText.Replace("always: [x1 <= 0.7]", "always: [x2 >= -0.3]", StringComparison.Ordinal);
        string path = RepositoryPaths.WriteTemporarySpec(yaml, "discrete-unsafe");
        string json = Path.Combine(Path.GetTempPath(), $"discrete-{Guid.NewGuid():N}.json");
        try
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            Assert.Equal(ExitCodes.Violated, CertifyCommand.Run(path, json, 60, 1, 256, output, error));
            using var doc = JsonDocument.Parse(File.ReadAllText(json));
            JsonElement cx = doc.RootElement.GetProperty("counterexamples")[0];
            double x1 = cx.GetProperty("initial_state").GetProperty("x1").GetDouble(), x2 = cx.GetProperty("initial_state").GetProperty("x2").GetDouble();
            Assert.InRange(x1, 0.5, 1);
            Assert.InRange(x2, -0.25, 0.25);

            // Re-check by hand: the validated step k (t = k, exact for period 1) of x_{k+1} = M·x_k is below -0.3.
            double[] window = [.. cx.GetProperty("confirmed_during").EnumerateArray().Select(e => e.GetDouble())];
            Assert.Equal(window[0], window[1]);
            Assert.Equal(Math.Round(window[0]), window[0]);
            double a = x1, b = x2;
            for (int k = 1; k <= (int)window[0]; k++)
            {
                (a, b) = ((0.5 * a) + (0.5 * b), (-0.5 * a) + (0.5 * b));
            }

            Assert.True(b < -0.3, $"the counterexample from ({x1}, {x2}) has x2 = {b} at the validated step {window[0]}");
            double time = cx.GetProperty("time").GetDouble();
            Assert.Equal(Math.Round(time), time);
            double[] times = [.. cx.GetProperty("trace").EnumerateArray().Select(p => p.GetProperty("t").GetDouble())];
            Assert.Equal([0.0, 1, 2, 3, 4, 5, 6, 7, 8], times); // a discrete-time trace has the sampling instants only
        }
        finally
        {
            File.Delete(path);
            File.Delete(json);
        }
    }

    [Fact]
    public void EventuallyAndAvoid_AreCheckedAtEveryStep()
    {
        // x1 of step 3 is -0.25·x1 + 0.25·x2 in [-0.3125, -0.0625]: the goal x1 <= 0.1 is reached at step 3 (step 2 has
        // x1 = 0.5·x2 up to 0.125, not yet). x2 of step 1 is in [-0.625, -0.125], so the polytope x2 <= -0.7 is avoided,
        // but x1 >= 0.9 is never reached after step 0 (a violation).
        string yaml = RotationText
            .Replace("always: [x1 <= 0.7]", "eventually: [x1 <= 0.1]", StringComparison.Ordinal)
            .Replace("  - name: reaches the scaled box\n    at_end: [x1 >= 0.03, x1 <= 0.065, x2 >= -0.0165, x2 <= 0.0165]",
                "  - avoid: [x2 <= -0.7]\n  - eventually: [x1 >= 0.9]\n    during: [1, 8]", StringComparison.Ordinal);
        Assert.Contains("avoid", yaml, StringComparison.Ordinal);
        CertificationSpec spec = SpecReader.Parse(yaml, RotationPath);
        CertificationResult r = Certifier.Certify(spec, new CertifyOptions { Jobs = 1, MaxCells = 64, ProveAll = true });
        Assert.Equal(7, r.Properties.Count); // four box constraints, then the three properties above in order
        Assert.Equal(Verdict.Safe, r.Properties[4].Verdict);
        Assert.Equal(Verdict.Safe, r.Properties[5].Verdict);

        // No run reaches x1 >= 0.9 after step 0: refuted by a validated run that misses it at every step of the window.
        Assert.Equal(Verdict.Unsafe, r.Properties[6].Verdict);
        Assert.Equal(Verdict.Unsafe, r.Verdict);
    }

    [Fact]
    public void DecimalPeriod_AndTimeInTheMap_AreEnclosed()
    {
        // x⁺ = x + 0.1·t + u with t = k·0.1 and u = 0 (an identity network times 0): x_k = x_0 + 0.01·k(k-1)/2.
        // After 10 steps x = x_0 + 0.45; the at-end goal x >= 0.45 holds with margin exactly 0 from x_0 = 0.
        string yaml = """
            name: discrete-time-in-map
            plant:
              states: [x]
              inputs: [u]
              update:
                x: x + 0.1*t + u
            controller:
              network: networks/identity/identity1.json
              inputs: [x]
              outputs: { u: "0*out[0]" }
              period: 0.1
            initial: { x: [0, 0.5] }
            horizon: 10
            properties:
              - at_end: [x >= 0.449999]
              - always: [x <= 0.950001]
              - always: [x <= 0.5]
                during: [0, 0.35]
            """;
        CertificationSpec spec = SpecReader.Parse(yaml, RepositoryPaths.Spec("discrete-time.yaml"));
        CertificationResult r = Certifier.Certify(spec, new CertifyOptions { Jobs = 1, MaxCells = 16, ProveAll = true });
        Assert.True(r.Verdict == Verdict.Unsafe, string.Join("; ", r.Properties.Select(p => $"{p.Name}: {p.Verdict} {p.Margin} {p.Reason}")));
        Assert.Equal(Verdict.Safe, r.Properties[0].Verdict);
        Assert.Equal(Verdict.Safe, r.Properties[1].Verdict);

        // Steps 0..3 lie at t <= 0.3 inside the window; step 3 adds 0.03 to x_0 = 0.5: a violation, validated.
        Assert.Equal(Verdict.Unsafe, r.Properties[2].Verdict);
    }
}
