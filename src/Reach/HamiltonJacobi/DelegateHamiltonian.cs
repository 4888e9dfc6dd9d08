using System.Globalization;

namespace Certus.Reach.HamiltonJacobi;

/// <summary>
/// A user's Hamiltonian: a delegate <c>H(x, p)</c> and constant dissipation bounds supplied by the user.
/// </summary>
/// <remarks>The bounds are the user's claim that <c>α_k ≥ max |∂H/∂p_k|</c> over the grid and all costates (for
/// <c>H = ext p · f</c>: the largest <c>|f_k|</c> over the grid and the input sets); a smaller value makes the scheme
/// non-monotone and can make it oscillate. Evaluated point by point, so slower than the built-in Hamiltonians.</remarks>
public sealed class DelegateHamiltonian : Hamiltonian
{
    private readonly HamiltonianFunction _function;
    private readonly double[] _alpha;

    /// <summary>Creates the Hamiltonian.</summary>
    /// <param name="function">The Hamiltonian <c>H(x, p)</c>.</param>
    /// <param name="dissipation">One finite, non-negative bound <c>α_k</c> per axis (its length is the dimension).</param>
    /// <param name="name">A description (default "user Hamiltonian").</param>
    /// <exception cref="ArgumentException">A bound is negative or not finite, or the dimension is not 2 to 4.</exception>
    public DelegateHamiltonian(HamiltonianFunction function, IReadOnlyList<double> dissipation, string name = "user Hamiltonian")
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(dissipation);
        ArgumentNullException.ThrowIfNull(name);
        if (dissipation.Count is < Grid.MinDimension or > Grid.MaxDimension)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Give one dissipation bound per axis (2 to 4), got {dissipation.Count}."), nameof(dissipation));
        }

        for (int k = 0; k < dissipation.Count; k++)
        {
            if (!double.IsFinite(dissipation[k]) || dissipation[k] < 0)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The dissipation bound of axis {k} is {dissipation[k]}; it must be finite and non-negative."), nameof(dissipation));
            }
        }

        _function = function;
        _alpha = [.. dissipation];
        Name = name;
    }

    /// <inheritdoc/>
    public override int Dimension => _alpha.Length;

    /// <inheritdoc/>
    public override string Name { get; }

    /// <inheritdoc/>
    public override double Evaluate(ReadOnlySpan<double> x, ReadOnlySpan<double> p) => _function(x, p);

    /// <inheritdoc/>
    public override void DissipationBounds(Grid grid, Span<double> alpha) => _alpha.CopyTo(alpha);
}
