using System.Text.Json.Nodes;
using Certus.Cli;
using Certus.Verify.Reports.Documents;
using Json.Schema;

namespace Certus.Verify.Tests.Reports;

/// <summary>
/// The <c>--json</c> documents have JSON Schemas generated from their types and checked in under docs/schemas; real
/// outputs of the commands validate against the checked-in files. Set CERTUS_UPDATE_SCHEMAS=1 to rewrite them after
/// changing a document type (and raise the schema version when a field changes meaning or is removed).
/// </summary>
public sealed class DocumentSchemaTests
{
    // A schema registers its $id once per process: load each file once.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, JsonSchema> Schemas = new(StringComparer.Ordinal);

    private static string SchemaPath(string kind) => Path.Combine(RepositoryPaths.Root, "docs", "schemas", $"{kind}.schema.json");

    public static TheoryData<string> Kinds() => [.. Documents.Kinds.Keys];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void CheckedInSchema_IsTheOneGeneratedFromTheType(string kind)
    {
        string generated = Documents.Schema(Documents.Kinds[kind]);
        if (Environment.GetEnvironmentVariable("CERTUS_UPDATE_SCHEMAS") == "1")
        {
            File.WriteAllText(SchemaPath(kind), generated);
        }

        Assert.True(File.Exists(SchemaPath(kind)), $"docs/schemas/{kind}.schema.json is missing; run the tests with CERTUS_UPDATE_SCHEMAS=1");
        Assert.Equal(File.ReadAllText(SchemaPath(kind)).ReplaceLineEndings("\n"), generated);
    }

    private static void AssertValid(string kind, string json)
    {
        JsonSchema schema = Schemas.GetOrAdd(kind, k => JsonSchema.FromFile(SchemaPath(k)));
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        EvaluationResults r = schema.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        string errors = string.Join("; ", (r.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")));
        Assert.True(r.IsValid, $"{kind} document does not validate: {errors}\n{json}");
    }

    private static string CertifyJson(string spec)
    {
        string json = Path.Combine(Path.GetTempPath(), $"certus-doc-{Guid.NewGuid():N}.json");
        try
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            CertifyCommand.Run(RepositoryPaths.Spec(spec), json, 120, -1, 64, output, error);
            return File.ReadAllText(json);
        }
        finally
        {
            File.Delete(json);
        }
    }

    [Theory]
    [InlineData("acc.yaml", "safe")]
    [InlineData("single-pendulum-2020.yaml", "unsafe")]
    [InlineData("robot-arm.yaml", "safe")]
    public void CertifyOutput_ValidatesAgainstItsSchema(string spec, string verdict)
    {
        string json = CertifyJson(spec);
        AssertValid("certify", json);
        JsonNode root = JsonNode.Parse(json)!;
        Assert.Equal(verdict, root["verdict"]!.GetValue<string>());
        Assert.Equal(1, root["schema_version"]!.GetValue<int>());
        Assert.Equal("certify", root["kind"]!.GetValue<string>());
        Assert.Equal(64, (root["inputs"]![0]!["sha256"]!.GetValue<string>()).Length);
    }

    [Fact]
    public void UnsafeCertifyOutput_NamesTheStatesOfTheCounterexample()
    {
        JsonNode root = JsonNode.Parse(CertifyJson("single-pendulum-2020.yaml"))!;
        JsonNode cx = root["counterexamples"]![0]!;
        Assert.InRange(cx["initial_state"]!["x1"]!.GetValue<double>(), 1.0, 1.2);
        Assert.NotNull(cx["trace"]![0]!["x"]!["x2"]);
    }

    [Fact]
    public void TestOutput_ValidatesAgainstItsSchema()
    {
        string json = Path.Combine(Path.GetTempPath(), $"certus-doc-{Guid.NewGuid():N}.json");
        try
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            TestCommand.Run(RepositoryPaths.Spec("single-pendulum-2020.yaml"), 200, 7, json, -1, output, error);
            AssertValid("test", File.ReadAllText(json));
        }
        finally
        {
            File.Delete(json);
        }
    }

    [Fact]
    public void SimulateOutputs_JsonAndMetricsFile_ValidateAgainstTheirSchema()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"certus-doc-{Guid.NewGuid():N}");
        string json = Path.Combine(dir, "run.json");
        try
        {
            Directory.CreateDirectory(dir);
            using var output = new StringWriter();
            using var error = new StringWriter();
            string spec = RepositoryPaths.Spec("nav-circle-16.yaml");
            int code = SimulateCommand.Run(new SimulateCommand.Request(spec, "go-to-goal", 4, null, 2, null, Path.Combine(dir, "out"), false, json, -1), output, error);
            Assert.True(code is ExitCodes.Ok or ExitCodes.Violated or ExitCodes.Unknown, error.ToString());
            AssertValid("simulate", File.ReadAllText(json));
            AssertValid("simulate", File.ReadAllText(Path.Combine(dir, "out", "metrics.json")));
            JsonNode root = JsonNode.Parse(File.ReadAllText(json))!;
            Assert.Equal("simulate", root["kind"]!.GetValue<string>());
            Assert.Equal("go-to-goal", root["options"]!["--policy"]!.GetValue<string>());
            Assert.Equal(4, root["per_agent"]!.AsArray().Count);
            Assert.Equal("scenario", root["inputs"]![0]!["role"]!.GetValue<string>());

            // A time limit too short to arrive: no makespan, written as null (not NaN, which JSON lacks).
            Assert.Null(root["metrics"]!["makespan"]);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void BenchOutputs_OfEverySuite_ValidateAgainstTheirSchema()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"certus-doc-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(dir);
            File.Copy(RepositoryPaths.Spec("robot-arm.yaml"), Path.Combine(dir, "robot-arm.yaml"));
            string arm = Path.Combine(dir, "networks", "robot_arm");
            Directory.CreateDirectory(arm);
            foreach (string f in Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "specs", "networks", "robot_arm")))
            {
                File.Copy(f, Path.Combine(arm, Path.GetFileName(f)));
            }

            File.Copy(RepositoryPaths.Spec("single-pendulum.yaml"), Path.Combine(dir, "single-pendulum.yaml"));
            string pendulum = Path.Combine(dir, "networks", "single_pendulum");
            Directory.CreateDirectory(pendulum);
            foreach (string f in Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "specs", "networks", "single_pendulum")))
            {
                File.Copy(f, Path.Combine(pendulum, Path.GetFileName(f)));
            }

            File.WriteAllText(Path.Combine(dir, "broken.yaml"), "name: broken\nplant: [\n");
            using var output = new StringWriter();
            using var error = new StringWriter();

            string certify = Path.Combine(dir, "certify.json");
            int code = BenchCommand.Run(new BenchCommand.Request { Suite = "certify", Specs = dir, Timeout = 30, MaxCells = 16, Json = certify }, output, error);
            Assert.Equal(ExitCodes.BadInput, code);
            AssertValid("bench", File.ReadAllText(certify));
            JsonNode root = JsonNode.Parse(File.ReadAllText(certify))!;
            Assert.Equal(["bad-input", "safe", "safe"], root["certify"]!.AsArray().Select(r => r!["verdict"]!.GetValue<string>()).ToArray());

            // A closed loop: the configuration that ended each cell, and the final set against the simulated hull (at
            // least 1 per state: the final set contains every simulated final state).
            JsonNode pendulumRow = root["certify"]![2]!;
            Assert.Equal(pendulumRow["cells"]!.GetValue<int>(), pendulumRow["cells_by_configuration"]!.AsObject().Sum(p => p.Value!.GetValue<int>()));
            JsonObject ratios = pendulumRow["width_ratios"]!.AsObject();
            Assert.Equal(["x1", "x2"], ratios.Select(p => p.Key).ToArray());
            Assert.All(ratios, p => Assert.InRange(p.Value!.GetValue<double>(), 1, 10));

            // The spec ran as a child 'certus certify' process: timed from start to exit, with its peak memory.
            JsonNode armRow = root["certify"]![1]!;
            Assert.True(armRow["process_seconds"]!.GetValue<double>() >= armRow["seconds"]!.GetValue<double>());
            Assert.InRange(armRow["peak_memory_mb"]!.GetValue<double>(), 10, 4096);
            string inProcess = Path.Combine(dir, "in-process.json");
            BenchCommand.Run(new BenchCommand.Request { Suite = "certify", Specs = dir, Timeout = 30, MaxCells = 16, Json = inProcess, InProcess = true }, output, error);
            AssertValid("bench", File.ReadAllText(inProcess));
            JsonNode same = JsonNode.Parse(File.ReadAllText(inProcess))!["certify"]![1]!;
            Assert.Null(same["process_seconds"]);
            Assert.Equal(armRow["margin"]!.GetValue<double>(), same["margin"]!.GetValue<double>());
            Assert.Equal(armRow["cells"]!.GetValue<int>(), same["cells"]!.GetValue<int>());
            JsonNode samePendulum = JsonNode.Parse(File.ReadAllText(inProcess))!["certify"]![2]!;
            Assert.Equal(ratios.ToJsonString(), samePendulum["width_ratios"]!.ToJsonString());

            string fuzz = Path.Combine(dir, "fuzz.json");
            Assert.Equal(ExitCodes.Ok, BenchCommand.Run(new BenchCommand.Request { Suite = "fuzz", Specs = dir, Cases = 20, Json = fuzz }, output, error));
            AssertValid("bench", File.ReadAllText(fuzz));
            Assert.Equal(20, JsonNode.Parse(File.ReadAllText(fuzz))!["fuzz"]!["cases"]!.GetValue<int>());

            string nav = Path.Combine(dir, "nav.json");
            Assert.Equal(ExitCodes.Ok, BenchCommand.Run(
                new BenchCommand.Request { Suite = "navigation", Scenario = RepositoryPaths.Spec("nav-circle-16.yaml"), Policies = "go-to-goal", Agents = "4", Seeds = 1, Scaling = "", TimeLimit = 2, Json = nav },
                output,
                error));
            AssertValid("bench", File.ReadAllText(nav));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void CertifyPartOutput_ValidatesAgainstItsSchema()
    {
        string part = Path.Combine(Path.GetTempPath(), $"certus-part-{Guid.NewGuid():N}.json");
        try
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            int code = CertifyCommand.Run(RepositoryPaths.Spec("acc.yaml"), null, 120, -1, 16, output, error, null, new CertifyCommand.ShardRequest(Shard: "1/2", Out: part));
            Assert.True(code == 0, error.ToString());
            string json = File.ReadAllText(part);
            AssertValid("certify-part", json);
            Assert.Equal("certify-part", JsonNode.Parse(json)!["kind"]!.GetValue<string>());
        }
        finally
        {
            File.Delete(part);
        }
    }
}
