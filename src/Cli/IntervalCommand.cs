using System.CommandLine;
using System.Globalization;
using Certus.Core.Numerics;
using Certus.Verify;

namespace Certus.Cli;

/// <summary>
/// <c>certus interval FUNCTION X [Y]</c>: evaluates one operation of the sound interval arithmetic on decimal input
/// and prints the enclosure, so that a user can see what the tool guarantees for a single operation.
/// </summary>
internal static class IntervalCommand
{
    private static readonly Dictionary<string, Func<Interval, Interval>> Unary = new(StringComparer.OrdinalIgnoreCase)
    {
        ["neg"] = x => -x,
        ["abs"] = Interval.Abs,
        ["sqr"] = Interval.Sqr,
        ["sqrt"] = Interval.Sqrt,
        ["exp"] = Interval.Exp,
        ["expm1"] = Interval.Expm1,
        ["log"] = Interval.Log,
        ["sin"] = Interval.Sin,
        ["cos"] = Interval.Cos,
        ["tan"] = Interval.Tan,
        ["atan"] = Interval.Atan,
        ["tanh"] = Interval.Tanh,
        ["sigmoid"] = Interval.Sigmoid,
        ["asin"] = Interval.Asin,
        ["acos"] = Interval.Acos,
        ["sinh"] = Interval.Sinh,
        ["cosh"] = Interval.Cosh,
        ["cbrt"] = Interval.Cbrt,
        ["exp2"] = Interval.Exp2,
        ["exp10"] = Interval.Exp10,
        ["log2"] = Interval.Log2,
        ["log10"] = Interval.Log10,
    };

    private static readonly Dictionary<string, Func<Interval, Interval, Interval>> Binary = new(StringComparer.OrdinalIgnoreCase)
    {
        ["add"] = (x, y) => x + y,
        ["sub"] = (x, y) => x - y,
        ["mul"] = (x, y) => x * y,
        ["div"] = (x, y) => x / y,
        ["pow"] = Interval.Pow,
        ["min"] = Interval.Min,
        ["max"] = Interval.Max,
        ["hull"] = Interval.Hull,
        ["intersect"] = Interval.Intersect,
        ["atan2"] = Interval.Atan2,
        ["hypot"] = Interval.Hypot,
        ["sqrrev"] = Interval.SqrRev,
        ["absrev"] = Interval.AbsRev,
        ["sinrev"] = Interval.SinRev,
        ["cosrev"] = Interval.CosRev,
        ["tanrev"] = Interval.TanRev,
    };

    // Binary functions whose second operand is an integer (the exponent or root index).
    private static readonly Dictionary<string, Func<Interval, int, Interval>> WithInteger = new(StringComparer.OrdinalIgnoreCase)
    {
        ["rootn"] = Interval.Rootn,
        ["pown"] = Interval.Pown,
        ["pownrev"] = Interval.PownRev,
    };

    private static IEnumerable<string> Names => Unary.Keys.Concat(Binary.Keys).Concat(WithInteger.Keys);

    public static Command Create()
    {
        var function = new Argument<string>("function")
        {
            Description = "One of: " + string.Join(", ", Names) + " (atan2 takes y then x; rootn, pown and pownrev an integer second operand; the *rev functions take c then x)",
        };
        var x = new Argument<string>("x") { Description = "A number (0.1, 1/3, 0x1.8p1) or an IEEE 1788 interval literal ([0.1, 0.2], [1,], [entire], [empty], 3.56?1); see docs/intervals.md" };
        var y = new Argument<string?>("y") { Description = "The second operand of a binary function", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("interval", "Evaluate one sound interval operation (IEEE 1788 set semantics) on decimal input.\n\nExamples:\n  ./verify interval tanh \"[0.1, 0.2]\"\n  ./verify interval div 1 \"[-1, 2]\"\n  ./verify interval atan2 \"[-1, 1]\" \"[-2, -1]\"\n  ./verify interval rootn -8 3" + "\n\n" + ExitCodes.Summary)
        {
            function, x, y,
        };
        command.SetAction(parse =>
        {
            TextWriter output = parse.InvocationConfiguration.Output;
            TextWriter error = parse.InvocationConfiguration.Error;
            return Run(parse.GetValue(function)!, parse.GetValue(x)!, parse.GetValue(y), output, error);
        });
        return command;
    }

    internal static int Run(string function, string xText, string? yText, TextWriter output, TextWriter error)
    {
        if (!Interval.TryParse(xText, out Interval xv, out string? message))
        {
            error.WriteLine($"error: argument x: {message}");
            return ExitCodes.BadInput;
        }

        Interval result;
        if (Unary.TryGetValue(function, out Func<Interval, Interval>? unary))
        {
            if (yText is not null)
            {
                error.WriteLine($"error: '{function}' takes one operand, got a second one: '{yText}'.");
                return ExitCodes.BadInput;
            }

            result = unary(xv);
        }
        else if (Binary.TryGetValue(function, out Func<Interval, Interval, Interval>? binary))
        {
            if (yText is null)
            {
                error.WriteLine($"error: '{function}' takes two operands; give the second one after '{xText}'.");
                return ExitCodes.BadInput;
            }

            if (!Interval.TryParse(yText, out Interval yv, out message))
            {
                error.WriteLine($"error: argument y: {message}");
                return ExitCodes.BadInput;
            }

            result = binary(xv, yv);
        }
        else if (WithInteger.TryGetValue(function, out Func<Interval, int, Interval>? withInteger))
        {
            if (yText is null || !int.TryParse(yText, System.Globalization.NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int n))
            {
                error.WriteLine($"error: '{function}' takes an integer second operand, got {(yText is null ? "none" : $"'{yText}'")}.");
                return ExitCodes.BadInput;
            }

            result = withInteger(xv, n);
        }
        else
        {
            error.WriteLine($"error: unknown function '{function}'. Known: {string.Join(", ", Names)}.");
            return ExitCodes.BadInput;
        }

        int pad = Math.Max(function.Length, 5);
        output.WriteLine($"{"x".PadRight(pad)} = {xv}");
        if (yText is not null)
        {
            output.WriteLine($"{"y".PadRight(pad)} = {Interval.Parse(yText)}");
        }

        output.WriteLine($"{function.PadRight(pad)} = {result}");
        string width = result.IsEmpty ? "(empty set)" : double.IsPositiveInfinity(result.Width) ? "inf" : result.Width.ToString("R", CultureInfo.InvariantCulture);
        output.WriteLine($"{"width".PadRight(pad)} = {width}");
        return ExitCodes.Ok;
    }
}
