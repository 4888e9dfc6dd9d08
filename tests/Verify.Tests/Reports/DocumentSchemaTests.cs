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
