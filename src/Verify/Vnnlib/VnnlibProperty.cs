using Certus.Core.Numerics;
using Certus.Core.Sets;

namespace Certus.Verify.Vnnlib;

/// <summary>
/// A VNN-LIB property in disjunctive normal form: the asserted formula (the <i>violation</i>) holds for some input
/// and its network output iff it holds in one of the <see cref="Cases"/>. The property holds iff no case is
/// satisfiable.
/// </summary>
/// <param name="Source">The file it was read from (for messages).</param>
/// <param name="InputCount">Number of declared inputs X_0 … X_{n−1}.</param>
/// <param name="OutputCount">Number of declared outputs Y_0 … Y_{m−1}.</param>
/// <param name="Cases">The disjuncts: each an input box and a conjunction of output constraints.</param>
internal sealed record VnnlibProperty(string Source, int InputCount, int OutputCount, IReadOnlyList<VnnlibCase> Cases);

/// <summary>
/// One disjunct of the violation: the inputs satisfy every <see cref="InputConstraints"/> (single-variable bounds)
/// and the outputs satisfy every <see cref="OutputConstraints"/>.
/// </summary>
/// <param name="Outer">A box that contains every input satisfying the input constraints (decimal bounds enclosed outward).</param>
/// <param name="Inner">A box whose every point satisfies the non-strict reading of the input bounds (decimal bounds
/// rounded inward); empty components are possible when a bound is not a double and the box is a point.</param>
/// <param name="InputConstraints">The input atoms, kept to check a counterexample exactly.</param>
/// <param name="OutputConstraints">The output atoms.</param>
internal sealed record VnnlibCase(Box Outer, Interval[] Inner, IReadOnlyList<LinearAtom> InputConstraints, IReadOnlyList<LinearAtom> OutputConstraints);

/// <summary>
/// An atom <c>Σ_j c_j v_j + d ≤ 0</c> (or <c>&lt; 0</c> when <see cref="Strict"/>) over the inputs or the outputs,
/// with each decimal coefficient enclosed in an interval.
/// </summary>
/// <param name="Coefficients">One coefficient per variable of its kind (inputs or outputs).</param>
/// <param name="Constant">The constant d.</param>
/// <param name="Strict">Whether the atom was strict (<c>&lt;</c>, <c>&gt;</c>).</param>
/// <param name="Line">Line of the atom in the file.</param>
/// <param name="Column">Column of the atom in the file.</param>
internal sealed record LinearAtom(Interval[] Coefficients, Interval Constant, bool Strict, int Line, int Column)
{
    /// <summary>Encloses the atom's left side <c>Σ c_j v_j + d</c> at a point.</summary>
    /// <param name="values">The variables' values.</param>
    /// <returns>An interval containing the exact value of the left side.</returns>
    public Interval Evaluate(ReadOnlySpan<double> values)
    {
        Interval sum = Constant;
        for (int j = 0; j < Coefficients.Length; j++)
        {
            if (Coefficients[j].Lo != 0 || Coefficients[j].Hi != 0)
            {
                sum += Coefficients[j] * Interval.Point(values[j]);
            }
        }

        return sum;
    }

    /// <summary>Whether the atom certainly holds at a point (the exact decimal coefficients, the exact values).</summary>
    /// <param name="values">The variables' values.</param>
    /// <returns>True only when it holds for every coefficient in the enclosures.</returns>
    public bool CertainlyHolds(ReadOnlySpan<double> values)
    {
        Interval v = Evaluate(values);
        return Strict ? v.Hi < 0 : v.Hi <= 0;
    }
}
