using System.Globalization;

namespace Certus.Reach.HamiltonJacobi;

/// <summary>
/// The Hamiltonian of an epigraph problem (<see cref="Epigraph"/>): the state Hamiltonian <c>H(x, p)</c> of an
/// <c>n</c>-dimensional system (<c>n = 1 … 3</c>) on the first <c>n</c> axes, and the cost budget <c>z</c> as the last axis
/// with <c>ż = −l(x)</c>: <c>H_e(x, z, p, p_z) = H(x, p) − p_z · l(x)</c>.
/// </summary>
/// <remarks>The dissipation bounds are the state Hamiltonian's, and for the budget axis the user's bound
/// <c>L ≥ max |l(x)|</c> over the grid (<c>|∂H_e/∂p_z| = |l(x)|</c>). To reuse a built-in Hamiltonian for the state
/// part, pass its <see cref="Hamiltonian.Evaluate"/> method and its bounds.</remarks>
public sealed class EpigraphHamiltonian : Hamiltonian
{
    private readonly HamiltonianFunction _state;
    private readonly double[] _stateAlpha;
    private readonly PointFunction _runningCost;
    private readonly double _costBound;

    /// <summary>Creates the Hamiltonian.</summary>
    /// <param name="stateHamiltonian">The state Hamiltonian <c>H(x, p)</c> (see <see cref="Hamiltonian"/> for the convention),
    /// called with the <c>n</c> state coordinates and costate components.</param>
    /// <param name="stateDissipation">The bounds <c>α_k ≥ max |∂H/∂p_k|</c> of the <c>n</c> state axes (1 to 3 of them).</param>
    /// <param name="runningCost">The running cost <c>l(x)</c>, called with the <c>n</c> state coordinates.</param>
    /// <param name="runningCostBound">A bound <c>L ≥ max |l(x)|</c> over the grid (finite, non-negative).</param>
    /// <exception cref="ArgumentException">A bound is negative or not finite, or there are not 1 to 3 state axes.</exception>
    public EpigraphHamiltonian(HamiltonianFunction stateHamiltonian, IReadOnlyList<double> stateDissipation, PointFunction runningCost, double runningCostBound)
    {
        ArgumentNullException.ThrowIfNull(stateHamiltonian);
        ArgumentNullException.ThrowIfNull(stateDissipation);
        ArgumentNullException.ThrowIfNull(runningCost);
        if (stateDissipation.Count is < 1 or > Grid.MaxDimension - 1)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"An epigraph problem has 1 to 3 state axes, got {stateDissipation.Count} dissipation bounds."), nameof(stateDissipation));
        }

        for (int k = 0; k < stateDissipation.Count; k++)
        {
            if (!double.IsFinite(stateDissipation[k]) || stateDissipation[k] < 0)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The dissipation bound of state axis {k} is {stateDissipation[k]}; it must be finite and non-negative."), nameof(stateDissipation));
            }
        }

        if (!double.IsFinite(runningCostBound) || runningCostBound < 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The running-cost bound must be finite and non-negative, got {runningCostBound}."), nameof(runningCostBound));
        }

        _state = stateHamiltonian;
        _stateAlpha = [.. stateDissipation];
        _runningCost = runningCost;
        _costBound = runningCostBound;
    }

    /// <summary>The number of state axes <c>n</c> (the budget is axis <c>n</c>).</summary>
    public int StateDimension => _stateAlpha.Length;

    /// <inheritdoc/>
    public override int Dimension => _stateAlpha.Length + 1;

    /// <inheritdoc/>
    public override string Name => string.Create(CultureInfo.InvariantCulture, $"epigraph ({StateDimension} states + budget, |l| <= {_costBound})");

    /// <inheritdoc/>
    public override double Evaluate(ReadOnlySpan<double> x, ReadOnlySpan<double> p)
    {
        int n = StateDimension;
        return _state(x[..n], p[..n]) - (p[n] * _runningCost(x[..n]));
    }

    /// <inheritdoc/>
    public override void DissipationBounds(Grid grid, Span<double> alpha)
    {
        _stateAlpha.CopyTo(alpha);
        alpha[StateDimension] = _costBound;
    }

    /// <inheritdoc/>
    public override void EvaluateRow(in HamiltonianRow row, Span<double> values)
    {
        // Rows run along the budget axis: the state, and so l(x), is the same for the whole row.
        int n = StateDimension;
        ReadOnlySpan<double> x = row.Start[..n];
        double l = _runningCost(x);
        Span<double> p = stackalloc double[n];
        ReadOnlySpan<double> pz = row.Costate(n);
        for (int j = 0; j < row.Count; j++)
        {
            for (int k = 0; k < n; k++)
            {
                p[k] = row.Costate(k)[j];
            }

            values[j] = _state(x, p) - (pz[j] * l);
        }
    }
}
