using Certus.Cli;
using Certus.Verify.Fuzz;
using Certus.Verify.Specs;

namespace Certus.Verify.Tests.Fuzz;

/// <summary>
/// The unit-suite slice of the loader fuzzer (the large run is <c>./verify bench --suite fuzz</c>): mutated shipped
/// files through the real loaders load or raise the documented exception with a message, and never hang.
/// </summary>
public sealed class LoaderFuzzTests
{
    private static string Describe(FuzzReport r) =>
        string.Join(Environment.NewLine, r.Crashes.Concat(r.Hangs).Take(10).Select(f => $"case {f.Index} {f.Target} {f.Seed} [{f.Mutations}]: {f.Kind}: {f.Detail}"));

    [Theory]
    [InlineData("CertificationSpec", 80)]
    [InlineData("NetworkSpec", 30)]
    [InlineData("Scenario", 40)]
    [InlineData("TrainingConfig", 30)]
    [InlineData("Network", 100)]
    [InlineData("MadPinnModel", 30)]
    public void MutatedInputs_LoadOrAreRejectedWithAMessage(string loader, int cases)
    {
        FuzzTarget target = Enum.Parse<FuzzTarget>(loader);
        FuzzReport r = InputFuzzer.Run(new FuzzOptions { Cases = cases, Seed = 20261202, SpecsFolder = RepositoryPaths.Spec(), Workers = 2, CaseTimeout = TimeSpan.FromSeconds(30), Targets = [target] });
        Assert.True(r.Crashes.Count == 0 && r.Hangs.Count == 0, Describe(r));
        Assert.Equal(cases, r.Cases);
        Assert.Equal(cases, r.Loaded + r.Rejected);
        Assert.True(r.Rejected > 0, "the mutations reach the error paths");
    }

    [Fact]
    public void Cases_AreAPureFunctionOfTheSeedAndTheIndex()
    {
        IReadOnlyList<FuzzSeed> seeds = InputFuzzer.Seeds(RepositoryPaths.Spec());
        Assert.Contains(seeds, s => s.Target == FuzzTarget.Network && s.Path.EndsWith(".onnx", StringComparison.Ordinal));
        Assert.Contains(seeds, s => s.Target == FuzzTarget.MadPinnModel);
        var gen = Mutator.Case(seeds.Count);
        for (int i = 0; i < 20; i++)
        {
            Assert.Equal(InputFuzzer.Case(seeds, gen, 5, i).Text, InputFuzzer.Case(seeds, gen, 5, i).Text);
        }
    }

    // Found by the fuzzer: YamlDotNet recursed once per level and overflowed the stack, which kills the process.
    [Theory]
    [InlineData("[", "]")]
    [InlineData("{a: ", "}")]
    [InlineData("- ", "")]
    public void DeeplyNestedYaml_IsASpecErrorNotAStackOverflow(string open, string close)
    {
        string text = $"name: x\nplant: {string.Concat(Enumerable.Repeat(open, 60_000))}1{string.Concat(Enumerable.Repeat(close, 60_000))}\n";
        SpecException e = Assert.Throws<SpecException>(() => SpecReader.Parse(text, RepositoryPaths.Spec("acc.yaml")));
        Assert.Contains($"nested more than {YamlFields.MaxNesting} levels", e.Message, StringComparison.Ordinal);
        Assert.Contains("acc.yaml:2: yaml:", e.Message, StringComparison.Ordinal);
        Assert.Throws<SpecException>(() => NavigationSpecReader.Parse(text, "x.yaml"));
        Assert.Throws<SpecException>(() => Training.TrainingConfigReader.Parse(text, "x.yaml"));
    }

    // Found by the fuzzer (case 1313 of seed 7): an indented empty key made YamlDotNet throw an ArgumentException.
    [Fact]
    public void StrayYamlEvent_IsASpecError()
    {
        const string Text = "# a comment\n  : 32 agents\nname: x\n";
        Assert.Contains("not valid YAML", Assert.Throws<SpecException>(() => SpecReader.Parse(Text, "x.yaml")).Message, StringComparison.Ordinal);
        Assert.Throws<SpecException>(() => NavigationSpecReader.Parse(Text, "x.yaml"));
        Assert.Throws<SpecException>(() => Training.TrainingConfigReader.Parse(Text, "x.yaml"));
    }

    // Found by the fuzzer (cases 3562, 14207 of seed 7): a layout of size 4294967296 or jitter 1e308 overflowed the
    // spatial hash's cell count while the scenario was generated.
    [Theory]
    [InlineData("nav-circle-16.yaml", "jitter: 0.05", "jitter: 1e308", "layout.jitter")]
    [InlineData("nav-random-32.yaml", "  kind: random", "  size: 4294967296\n  kind: random", "layout.size")]
    public void HugeScenarioNumbers_AreSpecErrors(string file, string find, string replace, string field)
    {
        string text = File.ReadAllText(RepositoryPaths.Spec(file));
        Assert.Contains(find, text, StringComparison.Ordinal);
        SpecException e = Assert.Throws<SpecException>(() => NavigationSpecReader.Parse(text.Replace(find, replace, StringComparison.Ordinal), RepositoryPaths.Spec(file)));
        Assert.Contains(field, e.Message, StringComparison.Ordinal);
        Assert.Contains("magnitude at most", e.Message, StringComparison.Ordinal);
    }

    // Found by the fuzzer (case 26273 of seed 7): placing 100,000 random agents tested each against all placed ones
    // (O(n^2), past the 10 s case limit); the binned test accepts the same points.
    [Fact]
    public void RandomLayoutOfTheLargestCount_IsGeneratedQuickly()
    {
        string path = RepositoryPaths.Spec("nav-random-32.yaml");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        NavigationSpec spec = NavigationSpecReader.Parse(File.ReadAllText(path), path, agents: 100_000);
        Assert.Equal(100_000, spec.Scenario.Agents.Count);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public void ShippedSpecs_StayWithinTheNestingLimit()
    {
        foreach (FuzzSeed s in InputFuzzer.Seeds(RepositoryPaths.Spec()).Where(s => s.Path.EndsWith(".yaml", StringComparison.Ordinal)))
        {
            YamlFields.Load(s.Path, s.Text);
        }
    }

    // A handful of end-to-end runs of the certify verb on mutated specs: an exit code CI can branch on, no stack trace.
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void CertifyVerb_OnMutatedSpecs_ExitsWithACodeAndNoStackTrace(int index)
    {
        FuzzSeed seed = InputFuzzer.Seeds(RepositoryPaths.Spec()).First(s => s.Path.EndsWith("single-pendulum-2020.yaml", StringComparison.Ordinal));
        var gen = Mutator.Case(1);
        string text = InputFuzzer.Case([seed], gen, 99, index).Text;
        string path = RepositoryPaths.WriteTemporarySpec(text, "fuzz-cli");
        using var output = new StringWriter();
        using var error = new StringWriter();
        try
        {
            int code = CertifyCommand.Run(path, null, 10, 2, 4, output, error);
            Assert.InRange(code, ExitCodes.Ok, ExitCodes.BadInput);
            Assert.DoesNotContain("   at ", error.ToString() + output.ToString(), StringComparison.Ordinal);
            if (code == ExitCodes.BadInput)
            {
                Assert.Contains("error:", error.ToString(), StringComparison.Ordinal);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }
}
