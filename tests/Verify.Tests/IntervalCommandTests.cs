using Certus.Cli;

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

    [Theory]
    [InlineData("asin", "[0.5, 3]", null, "asin  = [0.523598775598298")]
    [InlineData("acos", "1", null, "acos  = [0, 0]")]
    [InlineData("sinh", "0", null, "sinh  = [0, 0]")]
    [InlineData("cosh", "[-1, 2]", null, "cosh  = [1, 3.76219569108363")]
    [InlineData("cbrt", "-8", null, "cbrt  = [-2, -2]")]
    [InlineData("exp2", "10", null, "exp2  = [1024, 1024]")]
    [InlineData("exp10", "[,2]", null, "exp10 = [0, 100]")]
    [InlineData("log2", "[-1, 8]", null, "log2  = [-inf, 3]")]
    [InlineData("log10", "1000", null, "log10 = [3, 3]")]
    [InlineData("atan2", "[-1, 1]", "[-2, -1]", "atan2 = [-3.14159265358979")]
    [InlineData("hypot", "3", "4", "hypot = [5, 5]")]
    [InlineData("rootn", "[-8, 27]", "3", "rootn = [-2, 3]")]
    [InlineData("pown", "[-2, -1]", "-1", "pown  = [-1, -0.5]")]
    [InlineData("sqrrev", "[1, 4]", "[0, 5]", "sqrrev = [1, 2]")]
    [InlineData("pownrev", "[1, 16]", "4", "pownrev = [-2, 2]")]
    [InlineData("div", "[0, 30]", "[0, 3]", "div   = [0, inf]")]
    [InlineData("pow", "[-1, 0]", "[0.5, 3]", "pow   = [0, 0]")]
    [InlineData("asin", "[2, 3]", null, "asin  = [empty]")]
    [InlineData("exp", "[entire]", null, "exp   = [0, inf]")]
    [InlineData("sqr", "3.56?1", null, "x     = [3.55, 3.5700000000000003]")]
    public void NewFunctionsAndLiterals_PrintTheEnclosure(string function, string x, string? y, string expected)
    {
        var (code, output, error) = Run(function, x, y);
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Empty(error);
        Assert.Contains(expected, output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rootn", "8", "1.5", "integer second operand")]
    [InlineData("rootn", "8", null, "integer second operand")]
    [InlineData("exp", "[inf, inf]", null, "no real number")]
    public void NewFunctions_BadInput_GivesMessageAndExitCode3(string function, string x, string? y, string expected)
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
