using Certus.Verify.Vnnlib;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Certus.Verify.Tests.Vnnlib;

public sealed class VnnlibReaderTests
{
    private const string Header = "(declare-const X_0 Real)\n(declare-const X_1 Real)\n(declare-const Y_0 Real)\n(declare-const Y_1 Real)\n";
    private const string Box = "(assert (>= X_0 -1))\n(assert (<= X_0 1))\n(assert (>= X_1 0))\n(assert (<= X_1 0.5))\n";

    private static VnnlibProperty Parse(string text) => VnnlibReader.Parse(text, "p.vnnlib");

    private static VnnlibFormatException Bad(string text) => Assert.Throws<VnnlibFormatException>(() => Parse(text));

    [Fact]
    public void ShippedHoldsExample_ReadsTheBoxAndTheAtom()
    {
        VnnlibProperty p = VnnlibReader.Read(RepositoryPaths.Spec("vnnlib", "tiny-holds.vnnlib"));
        Assert.Equal(2, p.InputCount);
        Assert.Equal(2, p.OutputCount);
        VnnlibCase c = Assert.Single(p.Cases);
        Assert.Equal([0.0, 0.0], c.Outer.Lower);
        Assert.Equal([1.0, 1.0], c.Outer.Upper);
        LinearAtom atom = Assert.Single(c.OutputConstraints);

        // Y_0 <= -0.6 is kept as Y_0 + 0.6 <= 0, with 0.6 enclosed.
        Assert.Equal(1, atom.Coefficients[0].Lo);
        Assert.Equal(0, atom.Coefficients[1].Hi);
        Assert.True(atom.Constant.Contains(0.6) && atom.Constant.Lo < atom.Constant.Hi);
        Assert.False(atom.Strict);
    }

    [Fact]
    public void ShippedViolatedExample_HasOneCasePerPairOfDisjuncts()
    {
        VnnlibProperty p = VnnlibReader.Read(RepositoryPaths.Spec("vnnlib", "tiny-violated.vnnlib"));
        Assert.Equal(4, p.Cases.Count);
        Assert.Equal(0.5, p.Cases[0].Outer[0].Hi);
        Assert.Equal(0.5, p.Cases[2].Outer[0].Lo);
        Assert.Equal([1.0, -1.0], p.Cases[0].OutputConstraints[0].Coefficients.Select(k => k.Lo));
    }

    [Fact]
    public void DecimalBounds_OuterContainsAndInnerIsInside()
    {
        VnnlibProperty p = Parse("(declare-const X_0 Real)\n(declare-const Y_0 Real)\n(assert (<= X_0 0.1))\n(assert (> X_0 -0.3))\n(assert (< Y_0 0.7))");
        VnnlibCase c = Assert.Single(p.Cases);
        Assert.True(c.Outer[0].Hi >= 0.1 && c.Inner[0].Hi <= 0.1 && c.Inner[0].Hi < c.Outer[0].Hi);
        Assert.True(c.Outer[0].Lo <= -0.3 && c.Inner[0].Lo >= -0.3 && c.Inner[0].Lo > c.Outer[0].Lo);
        Assert.True(Assert.Single(c.OutputConstraints).Strict);
    }

    [Fact]
    public void LinearTerms_AllFormsGiveTheSameAtom()
    {
        string[] forms = ["(<= Y_0 Y_1)", "(<= (+ Y_0 (* -1.0 Y_1)) 0)", "(>= Y_1 Y_0)", "(<= (- Y_0 Y_1) 0.0)", "(<= (* 2 (- Y_0 Y_1)) 0)"];
        foreach (string form in forms)
        {
            LinearAtom a = Assert.Single(Assert.Single(Parse(Header + Box + $"(assert {form})").Cases).OutputConstraints);
            Assert.True(a.Coefficients[0].Lo > 0, form);
            Assert.Equal(-a.Coefficients[0].Lo, a.Coefficients[1].Lo);
            Assert.Equal(0, a.Constant.Lo);
        }
    }

    [Fact]
    public void NestedOrOfAnds_IsExpandedToDisjunctiveNormalForm()
    {
        VnnlibProperty p = Parse(Header + "(assert (or (and (>= X_0 0) (<= X_0 1) (>= X_1 0) (<= X_1 1) (or (<= Y_0 0) (<= Y_1 0)))"
            + " (and (>= X_0 2) (<= X_0 3) (>= X_1 0) (<= X_1 1) (<= Y_0 Y_1) (>= Y_0 -5))))");
        Assert.Equal(3, p.Cases.Count);
        Assert.Single(p.Cases[0].OutputConstraints);
        Assert.Equal(2, p.Cases[2].OutputConstraints.Count);
        Assert.Equal(2, p.Cases[2].Outer[0].Lo);
    }

    [Fact]
    public void Comments_AreIgnoredAndLinesCounted()
    {
        VnnlibFormatException e = Bad("; a comment (with parens\n" + Header + Box + "; another\n(assert (<= Y_0 Z))\n");
        Assert.StartsWith("p.vnnlib:11:17:", e.Message, StringComparison.Ordinal);
        Assert.Contains("'Z' is not a declared variable", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Header + Box + "(assert (<= Y_0 1)", ":9:19:", "expected ')' closing the '(' at 9:1")]
    [InlineData(Header + Box + "(assert (<= Y_0 1)))", ":9:20:", "unexpected ')'")]
    [InlineData(Header + Box + "(assert (<= Y_0 (* Y_0 Y_1)))", ":9:24:", "product of two variables is not linear")]
    [InlineData(Header + Box + "(assert (<= Y_0 X_0))", ":9:9:", "mixes inputs X and outputs Y")]
    [InlineData(Header + Box + "(assert (<= (+ X_0 X_1) 1))", ":9:9:", "combines several inputs")]
    [InlineData(Header + Box + "(assert (= Y_0 1))", ":9:9:", "expected and, or, <=, >=, < or >, found '='")]
    [InlineData(Header + Box + "(assert (<= Y_0 1e))", ":9:17:", "expected a decimal number, found '1e'")]
    [InlineData(Header + Box + "(assert (<= Y_0))", ":9:9:", "expected (<= TERM TERM) with two terms")]
    [InlineData(Header + "(assert (>= X_0 -1))\n(assert (>= X_1 0))\n(assert (<= X_1 0.5))\n(assert (<= Y_0 1))", ":5:9:", "X_0 has no upper bound")]
    [InlineData("(declare-const X_0 Int)\n", ":1:20:", "expected the sort Real, found 'Int'")]
    [InlineData("(declare-const Z Real)\n", ":1:16:", "expected an input X_<i> or an output Y_<j>, found 'Z'")]
    [InlineData("(declare-const X_0 Real)\n(declare-const X_0 Real)\n", ":2:16:", "'X_0' is declared twice")]
    [InlineData("(declare-const X_1 Real)\n(declare-const Y_0 Real)\n(assert (<= Y_0 0))", ":1:1:", "X_0 is not declared")]
    [InlineData(Header, ":5:1:", "expected at least one (assert ...)")]
    [InlineData(Header + "(check-sat)", ":5:1:", "expected declare-const or assert, found 'check-sat'")]
    [InlineData(Header + "X_0", ":5:1:", "expected '(' starting a declare-const or an assert")]
    public void Malformed_NamesLineColumnAndWhatWasExpected(string text, string place, string message)
    {
        VnnlibFormatException e = Bad(text);
        Assert.Contains("p.vnnlib" + place, e.Message, StringComparison.Ordinal);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TooManyDisjuncts_IsRefusedWithAMessage()
    {
        string or = "(assert (or (<= Y_0 0) (<= Y_0 1) (<= Y_0 2) (<= Y_0 3) (<= Y_0 4) (<= Y_0 5) (<= Y_0 6) (<= Y_0 7) (<= Y_0 8) (<= Y_0 9)))\n";
        VnnlibFormatException e = Bad(Header + Box + string.Concat(Enumerable.Repeat(or, 6)));
        Assert.Contains("more than 100000 disjuncts", e.Message, StringComparison.Ordinal);
    }

    // Random edits of a valid property: the reader either succeeds or throws VnnlibFormatException, never anything else.
    [Property(MaxTest = 400)]
    public bool MutatedProperties_NeverCrash(PositiveInt position, byte kind, char character)
    {
        string text = File.ReadAllText(RepositoryPaths.Spec("vnnlib", "tiny-violated.vnnlib"));
        int at = position.Get % text.Length;
        text = (kind % 4) switch
        {
            0 => text.Remove(at, 1),
            1 => text.Insert(at, character.ToString()),
            2 => text[..at],
            _ => text.Remove(at, Math.Min(text.Length - at, 1 + (kind % 40))).Insert(at, new string(character, 1 + (kind % 3))),
        };
        try
        {
            Parse(text);
        }
        catch (VnnlibFormatException)
        {
        }

        return true;
    }
}

public sealed class VnnlibNumberTests
{
    [Theory]
    [InlineData("0.5", 0.5)]
    [InlineData("-0.5", -0.5)]
    [InlineData("1e-3", 0.001)]
    [InlineData("1.0E+2", 100)]
    [InlineData("+2", 2)]
    [InlineData(".5", 0.5)]
    [InlineData("5.", 5)]
    [InlineData("-7", -7)]
    public void NumberForms_AreEnclosed(string text, double value)
    {
        VnnlibProperty p = VnnlibReader.Parse($"(declare-const X_0 Real)(declare-const Y_0 Real)(assert (>= X_0 0))(assert (<= X_0 1))(assert (<= Y_0 {text}))", "n.vnnlib");
        LinearAtom a = Assert.Single(Assert.Single(p.Cases).OutputConstraints);
        Assert.True((-a.Constant).Contains(value), $"{text}: {a.Constant}");
        Assert.True(a.Constant.Width <= 1e-15 * Math.Max(1, Math.Abs(value)));
    }
}
