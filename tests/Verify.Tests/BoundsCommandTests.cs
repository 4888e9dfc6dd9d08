using Certus.Cli;

namespace Certus.Verify.Tests;

public sealed class BoundsCommandTests
{
    private static readonly string Tora = RepositoryPaths.Spec("networks", "tora", "TORA_ReLU_controller.polar");

    private static (int Code, string Out, string Err) Run(string path, string input, string method = "all", string? json = null)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = BoundsCommand.Run(path, input, method, 2000, 0.05, null, null, json, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void Tora_AllMethods_PrintATableAndWriteJson()
    {
        string json = Path.Combine(Path.GetTempPath(), $"certus-bounds-{Guid.NewGuid():N}.json");
        try
        {
            var (code, output, error) = Run(Tora, "[0.6,0.7] [-0.7,-0.6] [-0.4,-0.3] [0.5,0.6]", json: json);
            Assert.Equal(ExitCodes.Ok, code);
            Assert.Empty(error);
            foreach (string method in new[] { "interval", "crown", "seed(interval)", "seed(crown)", "samples" })
            {
                Assert.Contains(method, output, StringComparison.Ordinal);
            }

            using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(json));
            Assert.Equal(4, doc.RootElement.GetProperty("results").GetArrayLength());
            double sampledLo = doc.RootElement.GetProperty("sampled").GetProperty("lower")[0].GetDouble();
            foreach (var r in doc.RootElement.GetProperty("results").EnumerateArray())
            {
                Assert.True(r.GetProperty("lower")[0].GetDouble() <= sampledLo);
            }
        }
        finally
        {
            File.Delete(json);
        }
    }

    [Theory]
    [InlineData("missing.polar", "[0,1]", "missing.polar")]
    [InlineData("TORA", "[0,1] [0,1]", "takes 4 inputs")]
    [InlineData("TORA", "[0,1] [0,1] [0,1] [1,0]", "entry 4")]
    [InlineData("TORA", "[0,1] [0,1] [0,1] [0,inf]", "entry 4")]
    public void BadInput_GivesMessageAndExitCode3(string path, string input, string expected)
    {
        var (code, output, error) = Run(path == "TORA" ? Tora : path, input);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Empty(output);
    }
}
