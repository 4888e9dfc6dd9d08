using Certus.Core.Numerics;

namespace Certus.Core.Expressions;

/// <summary>
/// Parses infix text into an <see cref="Expr"/>: numbers (decimals enter as enclosing intervals), names
/// (<c>x_ego</c>, <c>out[0]</c>), <c>+ − * / ^</c> (with <c>^</c> right-associative and binding tighter than unary
/// minus: <c>-x^2 = −(x²)</c>), parentheses, the constant <c>pi</c>, and the functions sqrt, exp, log (also ln), sin, cos,
/// tan, atan, tanh, sigmoid, abs, sign, min, max and pow.
/// </summary>
/// <remarks>An integer literal exponent (<c>x^2</c>, <c>x^-1</c>) becomes an <see cref="IntPowerExpr"/>, which is
/// tight for every sign of the base; any other exponent is a real power, defined for positive bases.</remarks>
public static class ExpressionParser
{
    private static readonly Dictionary<string, UnaryOp> UnaryFunctions = new(StringComparer.Ordinal)
    {
        ["sqrt"] = UnaryOp.Sqrt, ["exp"] = UnaryOp.Exp, ["log"] = UnaryOp.Log, ["ln"] = UnaryOp.Log,
        ["sin"] = UnaryOp.Sin, ["cos"] = UnaryOp.Cos, ["tan"] = UnaryOp.Tan, ["atan"] = UnaryOp.Atan,
        ["tanh"] = UnaryOp.Tanh, ["sigmoid"] = UnaryOp.Sigmoid, ["abs"] = UnaryOp.Abs, ["sign"] = UnaryOp.Sign,
        ["asin"] = UnaryOp.Asin, ["acos"] = UnaryOp.Acos, ["sinh"] = UnaryOp.Sinh, ["cosh"] = UnaryOp.Cosh,
        ["cbrt"] = UnaryOp.Cbrt, ["exp2"] = UnaryOp.Exp2, ["exp10"] = UnaryOp.Exp10, ["log2"] = UnaryOp.Log2,
        ["log10"] = UnaryOp.Log10,
    };

    private static readonly Dictionary<string, BinaryOp> BinaryFunctions = new(StringComparer.Ordinal)
    {
        ["min"] = BinaryOp.Min, ["max"] = BinaryOp.Max, ["pow"] = BinaryOp.Power,
        ["atan2"] = BinaryOp.Atan2, ["hypot"] = BinaryOp.Hypot, ["rootn"] = BinaryOp.Rootn,
    };

    /// <summary>The function names, which cannot be used as variable names.</summary>
    public static IReadOnlyCollection<string> ReservedNames { get; } =
        [.. UnaryFunctions.Keys, .. BinaryFunctions.Keys, "pi"];

    /// <summary>
    /// The deepest expression tree a parse returns (1000 levels). Parenthesis nesting is limited separately, but a flat
    /// chain such as <c>x + x + ... + x</c> is a tree as deep as it is long, and every recursive walk of a tree needs
    /// stack in proportion to its depth; deeper trees are refused with a message instead of overflowing the stack.
    /// </summary>
    public const int MaxTreeDepth = 1000;

    /// <summary>Parses an expression.</summary>
    /// <param name="text">The infix text.</param>
    /// <returns>The tree, at most <see cref="MaxTreeDepth"/> deep.</returns>
    /// <exception cref="ExpressionParseException">The text is malformed or too deep; the message names the column and what was expected.</exception>
    public static Expr Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var p = new Parser(text);
        Expr e = p.ParseExpression();
        p.SkipSpace();
        if (!p.AtEnd)
        {
            throw p.Error("an operator or the end of the expression");
        }

        int depth = ExpressionDepth.Of(e);
        if (depth > MaxTreeDepth)
        {
            throw new ExpressionParseException(TooDeepMessage(text, depth));
        }

        return e;
    }

    /// <summary>The message for a tree deeper than <see cref="MaxTreeDepth"/>.</summary>
    /// <param name="text">The expression text (shortened in the message).</param>
    /// <param name="depth">The depth of its tree.</param>
    /// <returns>The message.</returns>
    public static string TooDeepMessage(string text, int depth)
    {
        ArgumentNullException.ThrowIfNull(text);
        return DeepMessage(text, depth.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static string DeepMessage(string text, string depth)
    {
        string shown = text.Length > 60 ? text[..60] + "..." : text;
        return $"'{shown}': the expression is {depth} operations deep; at most {MaxTreeDepth} are allowed (a flat chain 'a + b + c + ...' is as deep as it is long: group long sums and products in parentheses or intermediate parameters).";
    }

    /// <summary>Parses an expression, returning <c>false</c> with the message instead of throwing.</summary>
    /// <param name="text">The text.</param>
    /// <param name="result">The tree when valid.</param>
    /// <param name="error">The message when not.</param>
    /// <returns>Whether the text was valid.</returns>
    public static bool TryParse(string text, out Expr? result, out string? error)
    {
        try
        {
            result = Parse(text);
            error = null;
            return true;
        }
        catch (ExpressionParseException e)
        {
            result = null;
            error = e.Message;
            return false;
        }
    }

    private sealed class Parser(string text)
    {
        private const int MaxDepth = 200;
        private int _pos;
        private int _depth;

        public bool AtEnd => _pos >= text.Length;

        public void SkipSpace()
        {
            while (_pos < text.Length && char.IsWhiteSpace(text[_pos]))
            {
                _pos++;
            }
        }

        public ExpressionParseException Error(string expected)
        {
            SkipSpace();
            string found = _pos < text.Length ? Token() : string.Empty;
            return new ExpressionParseException(text, _pos + 1, expected, found);
        }

        private string Token()
        {
            int end = _pos;
            if (char.IsLetterOrDigit(text[end]) || text[end] == '_' || text[end] == '.')
            {
                while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] == '_' || text[end] == '.'))
                {
                    end++;
                }
            }
            else
            {
                end++;
            }

            return text[_pos..end];
        }

        private bool Accept(char c)
        {
            SkipSpace();
            if (_pos < text.Length && text[_pos] == c)
            {
                _pos++;
                return true;
            }

            return false;
        }

        private void Expect(char c, string what)
        {
            if (!Accept(c))
            {
                throw Error(what);
            }
        }

        public Expr ParseExpression()
        {
            if (++_depth > MaxDepth)
            {
                throw Error($"an expression nested at most {MaxDepth} deep");
            }

            Expr left = ParseTerm();
            for (int links = 1; ; links++)
            {
                ChainGuard(links);
                if (Accept('+'))
                {
                    left = new BinaryExpr(BinaryOp.Add, left, ParseTerm());
                }
                else if (Accept('-'))
                {
                    left = new BinaryExpr(BinaryOp.Subtract, left, ParseTerm());
                }
                else
                {
                    _depth--;
                    return left;
                }
            }
        }

        // A left-associative chain is a tree at least as deep as it is long: stop early rather than build a huge tree
        // that Parse would refuse anyway.
        private void ChainGuard(int links)
        {
            if (links > MaxTreeDepth)
            {
                throw new ExpressionParseException(DeepMessage(text, $"more than {MaxTreeDepth}"));
            }
        }

        private Expr ParseTerm()
        {
            Expr left = ParseUnary();
            for (int links = 1; ; links++)
            {
                ChainGuard(links);
                if (Accept('*'))
                {
                    left = new BinaryExpr(BinaryOp.Multiply, left, ParseUnary());
                }
                else if (Accept('/'))
                {
                    left = new BinaryExpr(BinaryOp.Divide, left, ParseUnary());
                }
                else
                {
                    return left;
                }
            }
        }

        private Expr ParseUnary()
        {
            if (++_depth > MaxDepth)
            {
                throw Error($"an expression nested at most {MaxDepth} deep");
            }

            Expr result;
            if (Accept('-'))
            {
                // A negated literal is a negative constant (exact negation), so that printed trees parse back equal.
                Expr operand = ParseUnary();
                result = operand is ConstantExpr c
                    ? new ConstantExpr(-c.Value, -c.Approximation, c.Text.StartsWith('-') ? c.Text[1..] : "-" + c.Text)
                    : new UnaryExpr(UnaryOp.Negate, operand);
            }
            else if (Accept('+'))
            {
                result = ParseUnary();
            }
            else
            {
                result = ParsePower();
            }

            _depth--;
            return result;
        }

        private Expr ParsePower()
        {
            Expr b = ParsePrimary();
            if (!Accept('^'))
            {
                return b;
            }

            Expr exponent = ParseUnary();
            return IntegerValue(exponent) is int n ? new IntPowerExpr(b, n) : new BinaryExpr(BinaryOp.Power, b, exponent);
        }

        private static int? IntegerValue(Expr e) => e switch
        {
            ConstantExpr c when c.IsExact && Math.Floor(c.Approximation) == c.Approximation && Math.Abs(c.Approximation) <= 1_000_000 => (int)c.Approximation,
            UnaryExpr { Op: UnaryOp.Negate } u when IntegerValue(u.Argument) is int k => -k,
            _ => null,
        };

        private Expr ParsePrimary()
        {
            SkipSpace();
            if (AtEnd)
            {
                throw Error("a number, a name or '('");
            }

            char c = text[_pos];
            if (c == '(')
            {
                _pos++;
                Expr inner = ParseExpression();
                Expect(')', "')'");
                return inner;
            }

            if (char.IsAsciiDigit(c) || c == '.')
            {
                return ParseNumber();
            }

            if (char.IsLetter(c) || c == '_')
            {
                return ParseName();
            }

            throw Error("a number, a name or '('");
        }

        private ConstantExpr ParseNumber()
        {
            int start = _pos;
            while (_pos < text.Length && (char.IsAsciiDigit(text[_pos]) || text[_pos] == '.'))
            {
                _pos++;
            }

            if (_pos < text.Length && (text[_pos] == 'e' || text[_pos] == 'E'))
            {
                int save = _pos;
                _pos++;
                if (_pos < text.Length && (text[_pos] == '+' || text[_pos] == '-'))
                {
                    _pos++;
                }

                if (_pos < text.Length && char.IsAsciiDigit(text[_pos]))
                {
                    while (_pos < text.Length && char.IsAsciiDigit(text[_pos]))
                    {
                        _pos++;
                    }
                }
                else
                {
                    _pos = save;
                }
            }

            string literal = text[start.._pos];
            if (!Interval.TryParse(literal, out Interval value, out _) || !value.IsBounded)
            {
                _pos = start;
                throw Error("a number");
            }

            double approx = double.Parse(literal, System.Globalization.CultureInfo.InvariantCulture);
            return new ConstantExpr(value, approx, literal);
        }

        private Expr ParseName()
        {
            int start = _pos;
            while (_pos < text.Length && (char.IsLetterOrDigit(text[_pos]) || text[_pos] == '_'))
            {
                _pos++;
            }

            string name = text[start.._pos];
            if (UnaryFunctions.TryGetValue(name, out UnaryOp unary))
            {
                Expect('(', $"'(' after the function '{name}'");
                Expr arg = ParseExpression();
                Expect(')', $"')' closing {name}(...)");
                return new UnaryExpr(unary, arg);
            }

            if (BinaryFunctions.TryGetValue(name, out BinaryOp binary))
            {
                Expect('(', $"'(' after the function '{name}'");
                Expr a = ParseExpression();
                Expect(',', $"',' between the two arguments of {name}");
                SkipSpace();
                int secondStart = _pos;
                Expr b = ParseExpression();
                if (binary == BinaryOp.Rootn && IntegerValue(b) is not (int and not 0))
                {
                    _pos = secondStart;
                    throw Error("a non-zero integer literal as the root index of rootn (rootn(x, 3))");
                }

                Expect(')', $"')' closing {name}(...)");
                if (binary == BinaryOp.Power && IntegerValue(b) is int n)
                {
                    return new IntPowerExpr(a, n);
                }

                return new BinaryExpr(binary, a, b);
            }

            if (name == "pi")
            {
                return new ConstantExpr(Interval.Pi, Math.PI, "pi");
            }

            SkipSpace();
            if (_pos < text.Length && text[_pos] == '[')
            {
                _pos++;
                SkipSpace();
                int digitsStart = _pos;
                while (_pos < text.Length && char.IsAsciiDigit(text[_pos]))
                {
                    _pos++;
                }

                if (_pos == digitsStart || _pos - digitsStart > 6)
                {
                    throw Error($"an index (0, 1, ...) inside {name}[...]");
                }

                string index = text[digitsStart.._pos];
                Expect(']', $"']' closing {name}[...]");
                return new VariableExpr($"{name}[{int.Parse(index, System.Globalization.CultureInfo.InvariantCulture)}]");
            }

            if (_pos < text.Length && text[_pos] == '(')
            {
                _pos = start;
                throw Error($"a known function (sqrt, exp, log, sin, cos, tan, atan, tanh, sigmoid, abs, sign, min, max, pow); '{name}' is not one");
            }

            return new VariableExpr(name);
        }
    }
}
