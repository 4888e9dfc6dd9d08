using Certus.Core.Sets;
using Certus.Reach.ClosedLoop;

namespace Certus.Verify.Certification;

/// <summary>
/// What certification established about one property, as a closed hierarchy: <see cref="Safe"/> with the proved
/// margin, <see cref="Unsafe"/> with its validated counterexample, or <see cref="Unknown"/> with the reason, the best
/// bound reached and the cells of the initial set where it stayed undecided. Match on the case instead of reading a
/// margin whose meaning depends on the verdict.
/// </summary>
public abstract record PropertyFinding
{
    private PropertyFinding(string name) => Name = name;

    /// <summary>The property's name.</summary>
    public string Name { get; }

    /// <summary>The verdict this case stands for.</summary>
    public abstract Verdict Verdict { get; }

    /// <summary>Proved for every initial state: the margin is at least <paramref name="Margin"/> along every trajectory.</summary>
    /// <param name="Name">The property's name.</param>
    /// <param name="Margin">A proved lower bound of the margin (≥ 0; &gt; 0 for avoid).</param>
    /// <param name="Cells">Cells of the partition that proved it.</param>
    public sealed record Safe(string Name, double Margin, int Cells) : PropertyFinding(Name)
    {
        /// <inheritdoc/>
        public override Verdict Verdict => Verdict.Safe;
    }

    /// <summary>Violated: a validated simulation from <see cref="Counterexample"/>'s initial state enters the violating region.</summary>
    /// <param name="Name">The property's name.</param>
    /// <param name="Counterexample">The confirmed counterexample.</param>
    public sealed record Unsafe(string Name, Counterexample Counterexample) : PropertyFinding(Name)
    {
        /// <inheritdoc/>
        public override Verdict Verdict => Verdict.Unsafe;
    }

    /// <summary>Neither proved nor refuted.</summary>
    /// <param name="Name">The property's name.</param>
    /// <param name="Reason">Why (a timeout, an unconfirmed violation, the cells left undecided and what stopped them).</param>
    /// <param name="Bound">The best lower bound of the margin reached (−∞ when nothing was bounded; NaN when no proof ran).</param>
    /// <param name="UndecidedCells">The cells of the initial set where the property stayed undecided (empty when no proof ran).</param>
    public sealed record Unknown(string Name, string Reason, double Bound, IReadOnlyList<Box> UndecidedCells) : PropertyFinding(Name)
    {
        /// <inheritdoc/>
        public override Verdict Verdict => Verdict.Unknown;
    }

    /// <summary>The findings of a certification, one per property in spec order.</summary>
    /// <param name="result">The result.</param>
    /// <returns>The findings.</returns>
    /// <exception cref="InvalidOperationException">The result is inconsistent (an UNSAFE property without its counterexample): a bug.</exception>
    public static IReadOnlyList<PropertyFinding> Of(CertificationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var findings = new PropertyFinding[result.Properties.Count];
        for (int p = 0; p < findings.Length; p++)
        {
            PropertyVerdict v = result.Properties[p];
            findings[p] = v.Verdict switch
            {
                Verdict.Safe => new Safe(v.Name, v.Margin, result.Cells),
                Verdict.Unsafe => new Unsafe(v.Name, result.Counterexamples.FirstOrDefault(c => c.Property == v.Name)
                    ?? throw new InvalidOperationException($"property '{v.Name}' is UNSAFE without a counterexample")),
                _ => new Unknown(v.Name, v.Reason ?? "undecided", v.Margin, CellsLeftUndecided(result.Reach, v.Name)),
            };
        }

        return findings;
    }

    private static Box[] CellsLeftUndecided(ClosedLoopReachResult? reach, string name)
    {
        if (reach is null)
        {
            return [];
        }

        int k = -1;
        for (int i = 0; i < reach.Problem.Properties.Count; i++)
        {
            if (reach.Problem.Properties[i].Name == name)
            {
                k = i;
                break;
            }
        }

        return k < 0 ? [] : [.. reach.Cells.Where(c => c.Failure is not null || c.Outcomes[k].Status != PropertyStatus.Proved).Select(c => c.Cell)];
    }
}
