using Certus.Verify.Cli;

namespace Certus.Verify.Tests;

public sealed class IntervalCommandTests
{
    private static (int Code, string Out, string Err) Run(string function, string x, string? y = null)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = IntervalCommand.Run(function, x, y, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void Tanh_OfDecimalInterval_PrintsEnclosure()
    {
        var (code, output, error) = Run("tanh", "[0.1, 0.2]");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Empty(error);
        Assert.Contains("tanh  = [0.0996679946249557", output, StringComparison.Ordinal);
        Assert.Contains("width = 0.09770732559994", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Div_ByIntervalContainingZero_IsEntire()
    {
        var (code, output, _) = Run("div", "1", "[-1, 2]");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("div   = [-inf, inf]", output, StringComparison.Ordinal);
        Assert.Contains("width = inf", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("exp", "0.1x", null, "column 4")]
    [InlineData("frobnicate", "1", null, "unknown function 'frobnicate'")]
    [InlineData("add", "1", null, "takes two operands")]
    [InlineData("exp", "1", "2", "takes one operand")]
    [InlineData("exp", "[2, 1]", null, "exceeds")]
    public void BadInput_GivesMessageAndExitCode3(string function, string x, string? y, string expected)
    {
        var (code, output, error) = Run(function, x, y);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Empty(output);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Main_UnknownVerb_ReturnsBadInput()
    {
        Assert.Equal(ExitCodes.BadInput, Program.Main(["no-such-verb"]));
    }

    [Fact]
    public void Main_Version_ReturnsZero()
    {
        Assert.Equal(ExitCodes.Ok, Program.Main(["--version"]));
    }
}
