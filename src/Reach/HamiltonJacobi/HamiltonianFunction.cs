namespace Certus.Reach.HamiltonJacobi;

/// <summary>A Hamiltonian <c>H(x, p)</c> given as a delegate (see <see cref="Hamiltonian"/> for the sign convention).</summary>
/// <param name="x">The state.</param>
/// <param name="p">The costate <c>∇V</c>.</param>
/// <returns><c>H(x, p)</c>.</returns>
public delegate double HamiltonianFunction(ReadOnlySpan<double> x, ReadOnlySpan<double> p);
