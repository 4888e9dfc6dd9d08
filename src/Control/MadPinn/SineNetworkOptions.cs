namespace Certus.Control.MadPinn;

/// <summary>The sine-activated network (SIREN): hidden layers <c>h ← sin(ω₀ (W h + b))</c>, a linear output.</summary>
/// <remarks>
/// Initialization (Sitzmann et al. 2020): first layer <c>W ~ U(−1/n_in, 1/n_in)</c>, later layers and the output
/// <c>W ~ U(−√(6/n_in)/ω₀, √(6/n_in)/ω₀)</c>, biases <c>U(−1/√n_in, 1/√n_in)</c>. Default: 3 hidden layers of 128, ω₀ = 30.
/// </remarks>
public sealed record SineNetworkOptions
{
    /// <summary>The number of hidden layers (1 to 8; default 3).</summary>
    public int HiddenLayers { get; init; } = 3;

    /// <summary>The width of each hidden layer (4 to 1024; default 128).</summary>
    public int Width { get; init; } = 128;

    /// <summary>The frequency ω₀ of the sine activations (default 30).</summary>
    public double Omega0 { get; init; } = 30;

    /// <summary>Checks the fields.</summary>
    /// <exception cref="ArgumentException">A field is out of range.</exception>
    public void Validate()
    {
        if (HiddenLayers is < 1 or > 8 || Width is < 4 or > 1024 || !(Omega0 > 0) || !double.IsFinite(Omega0))
        {
            throw new ArgumentException($"network: hidden_layers must be 1 to 8 (got {HiddenLayers}), width 4 to 1024 (got {Width}), omega0 positive (got {Omega0}).");
        }
    }
}
