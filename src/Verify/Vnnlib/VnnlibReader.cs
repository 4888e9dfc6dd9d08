using System.Globalization;
using System.Text;
using Certus.Core.Numerics;
using Certus.Core.Sets;

namespace Certus.Verify.Vnnlib;

/// <summary>
/// Reads VNN-LIB property files (the SMT-LIB subset of VNN-COMP): <c>(declare-const X_i Real)</c>,
/// <c>(declare-const Y_j Real)</c> and <c>(assert F)</c> where F nests <c>and</c>, <c>or</c> and the comparisons
/// <c>&lt;=</c>, <c>&gt;=</c>, <c>&lt;</c>, <c>&gt;</c> of linear terms (<c>+</c>, <c>-</c>, <c>*</c> by a constant,
/// decimal numbers, variables); <c>;</c> starts a comment. The conjunction of the asserts is the violation; it is
/// turned into disjunctive normal form, one <see cref="VnnlibCase"/> per disjunct.
/// </summary>
/// <remarks>Decimal constants enter as the tightest intervals of doubles that contain them. Atoms over inputs must
/// each name one input (a bound); atoms over outputs may combine any outputs; an atom mixing both is refused.</remarks>
internal static class VnnlibReader
{
    /// <summary>The largest number of disjuncts the normal form may have.</summary>
    public const int MaxCases = 100_000;

    /// <summary>Reads a file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The property.</returns>
    /// <exception cref="VnnlibFormatException">The file cannot be read or is not valid VNN-LIB (the message names file:line:column).</exception>
    public static VnnlibProperty Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new VnnlibFormatException($"{path}: cannot read the property file: {e.Message}", e);
        }

        return Parse(text, path);
    }

    /// <summary>Parses VNN-LIB text.</summary>
    /// <param name="text">The text.</param>
    /// <param name="source">The file name for messages.</param>
    /// <returns>The property.</returns>
    /// <exception cref="VnnlibFormatException">The text is not valid VNN-LIB.</exception>
    public static VnnlibProperty Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(source);
        return new Parser(text, source).Run();
    }

    private sealed class Node(int line, int column, string? atom, List<Node>? items)
    {
        public int Line { get; } = line;

        public int Column { get; } = column;

        public string? Atom { get; } = atom;

        public List<Node>? Items { get; } = items;

        public string Head => Items is { Count: > 0 } && Items[0].Atom is { } h ? h : string.Empty;
    }

    // A linear term: coefficients per variable name plus a constant.
    private sealed class Linear
    {
        public Dictionary<string, Interval> Terms { get; } = new(StringComparer.Ordinal);

        public Interval Constant { get; set; } = Interval.Point(0);

        public Linear Scale(Interval k)
        {
            var r = new Linear { Constant = Constant * k };
            foreach (var (name, c) in Terms)
            {
                r.Terms[name] = c * k;
            }

            return r;
        }

        public void Add(Linear other)
        {
            Constant += other.Constant;
            foreach (var (name, c) in other.Terms)
            {
                Terms[name] = Terms.TryGetValue(name, out Interval old) ? old + c : c;
            }
        }
    }

    private sealed record Atom(Linear Expression, bool Strict, int Line, int Column);

    private sealed class Parser(string text, string source)
    {
        private readonly Dictionary<string, (bool IsInput, int Index)> _vars = new(StringComparer.Ordinal);
        private readonly List<List<Atom>> _conjuncts = [];
        private int _pos;
        private int _line = 1;
        private int _column = 1;
        private int _inputs;
        private int _outputs;
        private bool _asserted;

        public VnnlibProperty Run()
        {
            var asserts = new List<Node>();
            while (true)
            {
                SkipSpace();
                if (_pos >= text.Length)
                {
                    break;
                }

                Node top = ReadNode();
                if (top.Items is null)
                {
                    throw Error(top, $"expected '(' starting a declare-const or an assert, found '{top.Atom}'");
                }

                switch (top.Head)
                {
                    case "declare-const":
                        Declare(top);
                        break;
                    case "assert":
                        if (top.Items.Count != 2)
                        {
                            throw Error(top, $"expected (assert FORMULA) with one formula, found {top.Items.Count - 1}");
                        }

                        asserts.Add(top.Items[1]);
                        _asserted = true;
                        break;
                    default:
                        throw Error(top, $"expected declare-const or assert, found '{(top.Head.Length > 0 ? top.Head : "(")}'");
                }
            }

            if (_inputs == 0 || _outputs == 0)
            {
                throw new VnnlibFormatException(source, _line, _column, $"expected declarations of the inputs X_0 … and the outputs Y_0 …, found {_inputs} input(s) and {_outputs} output(s)");
            }

            CheckContiguous(isInput: true, _inputs);
            CheckContiguous(isInput: false, _outputs);
            if (asserts.Count == 0)
            {
                throw new VnnlibFormatException(source, _line, _column, "expected at least one (assert ...): a property without asserts has no violation to look for");
            }

            List<List<Atom>> dnf = [[]];
            foreach (Node a in asserts)
            {
                dnf = And(dnf, Dnf(a), a);
            }

            var cases = new List<VnnlibCase>(dnf.Count);
            foreach (List<Atom> conj in dnf)
            {
                cases.Add(ToCase(conj, asserts[0]));
            }

            return new VnnlibProperty(source, _inputs, _outputs, cases);
        }

        private void CheckContiguous(bool isInput, int count)
        {
            var seen = new bool[count];
            foreach (var (_, v) in _vars)
            {
                if (v.IsInput == isInput && v.Index < count)
                {
                    seen[v.Index] = true;
                }
            }

            int missing = Array.IndexOf(seen, false);
            if (missing >= 0)
            {
                throw new VnnlibFormatException(source, 1, 1, $"{(isInput ? "X" : "Y")}_{missing} is not declared but a higher index is; the {(isInput ? "inputs" : "outputs")} must be numbered 0, 1, 2, … without gaps");
            }
        }

        private void Declare(Node top)
        {
            List<Node> items = top.Items!;
            if (items.Count != 3 || items[1].Atom is null || items[2].Atom is null)
            {
                throw Error(top, "expected (declare-const NAME Real)");
            }

            if (_asserted)
            {
                throw Error(top, "expected declarations before the first assert");
            }

            string name = items[1].Atom!;
            if (items[2].Atom != "Real")
            {
                throw Error(items[2], $"expected the sort Real, found '{items[2].Atom}'");
            }

            bool isInput = name.StartsWith("X_", StringComparison.Ordinal);
            if (!(isInput || name.StartsWith("Y_", StringComparison.Ordinal))
                || !int.TryParse(name.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out int index)
                || index > 10_000_000)
            {
                throw Error(items[1], $"expected an input X_<i> or an output Y_<j>, found '{name}'");
            }

            if (!_vars.TryAdd(name, (isInput, index)))
            {
                throw Error(items[1], $"'{name}' is declared twice");
            }

            if (isInput)
            {
                _inputs = Math.Max(_inputs, index + 1);
            }
            else
            {
                _outputs = Math.Max(_outputs, index + 1);
            }
        }

        private List<List<Atom>> Dnf(Node f)
        {
            if (f.Items is null)
            {
                throw Error(f, $"expected a formula (and ...), (or ...) or a comparison (<= a b), found '{f.Atom}'");
            }

            switch (f.Head)
            {
                case "and":
                {
                    List<List<Atom>> result = [[]];
                    foreach (Node g in f.Items.Skip(1))
                    {
                        result = And(result, Dnf(g), g);
                    }

                    return result;
                }

                case "or":
                {
                    if (f.Items.Count < 2)
                    {
                        throw Error(f, "expected (or F ...) with at least one formula");
                    }

                    var result = new List<List<Atom>>();
                    foreach (Node g in f.Items.Skip(1))
                    {
                        result.AddRange(Dnf(g));
                        if (result.Count > MaxCases)
                        {
                            throw Error(g, $"the disjunctive normal form has more than {MaxCases} disjuncts");
                        }
                    }

                    return result;
                }

                case "<=" or ">=" or "<" or ">":
                {
                    if (f.Items.Count != 3)
                    {
                        throw Error(f, $"expected ({f.Head} TERM TERM) with two terms, found {f.Items.Count - 1}");
                    }

                    Linear a = Term(f.Items[1]), b = Term(f.Items[2]);
                    bool less = f.Head[0] == '<';
                    Linear e = less ? a : b;
                    e.Add((less ? b : a).Scale(Interval.Point(-1)));
                    return [[new Atom(e, f.Head.Length == 1, f.Line, f.Column)]];
                }

                default:
                    throw Error(f, $"expected and, or, <=, >=, < or >, found '{(f.Head.Length > 0 ? f.Head : "(")}'");
            }
        }

        private List<List<Atom>> And(List<List<Atom>> left, List<List<Atom>> right, Node where)
        {
            if ((long)left.Count * right.Count > MaxCases)
            {
                throw Error(where, $"the disjunctive normal form has more than {MaxCases} disjuncts");
            }

            var result = new List<List<Atom>>(left.Count * right.Count);
            foreach (List<Atom> l in left)
            {
                foreach (List<Atom> r in right)
                {
                    result.Add([.. l, .. r]);
                }
            }

            return result;
        }

        private Linear Term(Node t)
        {
            if (t.Atom is { } atom)
            {
                if (_vars.ContainsKey(atom))
                {
                    var v = new Linear();
                    v.Terms[atom] = Interval.Point(1);
                    return v;
                }

                if (atom.Length > 0 && (char.IsDigit(atom[0]) || atom[0] is '-' or '+' or '.'))
                {
                    if (Interval.TryParse(atom, out Interval value, out _) && value.IsBounded && !value.IsEmpty)
                    {
                        return new Linear { Constant = value };
                    }

                    throw Error(t, $"expected a decimal number, found '{atom}'");
                }

                throw Error(t, $"'{atom}' is not a declared variable (declare it with (declare-const {atom} Real))");
            }

            List<Node> items = t.Items!;
            switch (t.Head)
            {
                case "+":
                {
                    var sum = new Linear();
                    foreach (Node u in items.Skip(1))
                    {
                        sum.Add(Term(u));
                    }

                    return sum;
                }

                case "-":
                {
                    if (items.Count < 2)
                    {
                        throw Error(t, "expected (- TERM) or (- TERM TERM ...)");
                    }

                    Linear first = Term(items[1]);
                    if (items.Count == 2)
                    {
                        return first.Scale(Interval.Point(-1));
                    }

                    foreach (Node u in items.Skip(2))
                    {
                        first.Add(Term(u).Scale(Interval.Point(-1)));
                    }

                    return first;
                }

                case "*":
                {
                    if (items.Count < 3)
                    {
                        throw Error(t, "expected (* TERM TERM ...) with at least two factors");
                    }

                    Linear product = Term(items[1]);
                    foreach (Node u in items.Skip(2))
                    {
                        Linear next = Term(u);
                        if (product.Terms.Count == 0)
                        {
                            product = next.Scale(product.Constant);
                        }
                        else if (next.Terms.Count == 0)
                        {
                            product = product.Scale(next.Constant);
                        }
                        else
                        {
                            throw Error(u, "expected a constant factor: a product of two variables is not linear");
                        }
                    }

                    return product;
                }

                default:
                    throw Error(t, $"expected a term: a number, a variable, (+ ...), (- ...) or (* ...), found '{(t.Head.Length > 0 ? t.Head : "(")}'");
            }
        }

        private VnnlibCase ToCase(List<Atom> conj, Node firstAssert)
        {
            var lo = new double[_inputs];
            var hi = new double[_inputs];
            var innerLo = new double[_inputs];
            var innerHi = new double[_inputs];
            Array.Fill(lo, double.NegativeInfinity);
            Array.Fill(innerLo, double.NegativeInfinity);
            Array.Fill(hi, double.PositiveInfinity);
            Array.Fill(innerHi, double.PositiveInfinity);
            var inputAtoms = new List<LinearAtom>();
            var outputAtoms = new List<LinearAtom>();
            foreach (Atom atom in conj)
            {
                int inputs = 0, outputs = 0;
                foreach (var (name, c) in atom.Expression.Terms)
                {
                    if (c.Lo == 0 && c.Hi == 0)
                    {
                        continue;
                    }

                    if (_vars[name].IsInput)
                    {
                        inputs++;
                    }
                    else
                    {
                        outputs++;
                    }
                }

                if (inputs > 0 && outputs > 0)
                {
                    throw new VnnlibFormatException(source, atom.Line, atom.Column, "unsupported: a constraint that mixes inputs X and outputs Y (expected bounds on inputs or constraints on outputs)");
                }

                if (inputs > 1)
                {
                    throw new VnnlibFormatException(source, atom.Line, atom.Column, "unsupported: a constraint that combines several inputs (expected a bound on one input, such as (<= X_0 0.5))");
                }

                var coefficients = new Interval[inputs > 0 ? _inputs : _outputs];
                Array.Fill(coefficients, Interval.Point(0));
                foreach (var (name, c) in atom.Expression.Terms)
                {
                    coefficients[_vars[name].Index] = c;
                }

                var linear = new LinearAtom(coefficients, atom.Expression.Constant, atom.Strict, atom.Line, atom.Column);
                if (inputs == 0)
                {
                    outputAtoms.Add(linear);
                    continue;
                }

                inputAtoms.Add(linear);
                int i = Array.FindIndex(coefficients, c => c.Lo != 0 || c.Hi != 0);
                Interval a = coefficients[i];
                if (a.Lo <= 0 && a.Hi >= 0)
                {
                    throw new VnnlibFormatException(source, atom.Line, atom.Column, $"the coefficient of X_{i} is too close to 0 to give a bound");
                }

                // a·x + d ≤ 0  ⇔  x ≤ −d/a (a > 0) or x ≥ −d/a (a < 0); q encloses −d/a.
                Interval q = -linear.Constant / a;
                if (a.Lo > 0)
                {
                    hi[i] = Math.Min(hi[i], q.Hi);
                    innerHi[i] = Math.Min(innerHi[i], q.Lo);
                }
                else
                {
                    lo[i] = Math.Max(lo[i], q.Lo);
                    innerLo[i] = Math.Max(innerLo[i], q.Hi);
                }
            }

            for (int i = 0; i < _inputs; i++)
            {
                if (double.IsInfinity(lo[i]) || double.IsInfinity(hi[i]))
                {
                    throw new VnnlibFormatException(source, firstAssert.Line, firstAssert.Column, $"X_{i} has no {(double.IsInfinity(lo[i]) ? "lower" : "upper")} bound in a disjunct of the asserts; every input needs both bounds (such as (>= X_{i} -1) and (<= X_{i} 1))");
                }
            }

            var outer = new Interval[_inputs];
            var inner = new Interval[_inputs];
            for (int i = 0; i < _inputs; i++)
            {
                outer[i] = lo[i] <= hi[i] ? new Interval(lo[i], hi[i]) : Interval.Empty;
                inner[i] = innerLo[i] <= innerHi[i] ? new Interval(innerLo[i], innerHi[i]) : Interval.Empty;
            }

            return new VnnlibCase(new Box(outer), inner, inputAtoms, outputAtoms);
        }

        private VnnlibFormatException Error(Node n, string problem) => new(source, n.Line, n.Column, problem);

        private void SkipSpace()
        {
            while (_pos < text.Length)
            {
                char c = text[_pos];
                if (c == ';')
                {
                    while (_pos < text.Length && text[_pos] != '\n')
                    {
                        Advance();
                    }
                }
                else if (char.IsWhiteSpace(c))
                {
                    Advance();
                }
                else
                {
                    break;
                }
            }
        }

        private void Advance()
        {
            if (text[_pos] == '\n')
            {
                _line++;
                _column = 1;
            }
            else
            {
                _column++;
            }

            _pos++;
        }

        private Node ReadNode()
        {
            // Iterative, so deep nesting cannot overflow the stack.
            var stack = new Stack<Node>();
            while (true)
            {
                SkipSpace();
                if (_pos >= text.Length)
                {
                    Node open = stack.Count > 0 ? stack.Peek() : new Node(_line, _column, null, null);
                    throw new VnnlibFormatException(source, _line, _column, $"unexpected end of file: expected ')' closing the '(' at {open.Line}:{open.Column}");
                }

                int line = _line, column = _column;
                char c = text[_pos];
                Node? done = null;
                if (c == '(')
                {
                    Advance();
                    if (stack.Count >= 10_000)
                    {
                        throw new VnnlibFormatException(source, line, column, "the formula is nested more than 10000 levels deep");
                    }

                    stack.Push(new Node(line, column, null, []));
                    continue;
                }

                if (c == ')')
                {
                    if (stack.Count == 0)
                    {
                        throw new VnnlibFormatException(source, line, column, "unexpected ')': no '(' is open");
                    }

                    Advance();
                    done = stack.Pop();
                }
                else
                {
                    var sb = new StringBuilder();
                    while (_pos < text.Length && !char.IsWhiteSpace(text[_pos]) && text[_pos] is not '(' and not ')' and not ';')
                    {
                        sb.Append(text[_pos]);
                        Advance();
                    }

                    done = new Node(line, column, sb.ToString(), null);
                }

                if (stack.Count == 0)
                {
                    return done;
                }

                stack.Peek().Items!.Add(done);
            }
        }
    }
}
