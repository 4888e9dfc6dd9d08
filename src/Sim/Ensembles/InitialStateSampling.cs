namespace Certus.Sim.Ensembles;

/// <summary>
/// How the initial states of an ensemble are chosen from the initial box: <see cref="UniformSampling"/>,
/// <see cref="CornerSampling"/>, <see cref="LatinHypercubeSampling"/> or <see cref="GridSampling"/>.
/// </summary>
/// <remarks>Dimensions of zero width (such as an initial acceleration fixed at 0) take their single value and are
/// left out of corners and grids. The points depend only on the box and the seed.</remarks>
public abstract record InitialStateSampling
{
    private protected InitialStateSampling()
    {
    }

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public abstract void Validate();

    /// <summary>The initial states for a box.</summary>
    /// <param name="lower">Lower corner (finite).</param>
    /// <param name="upper">Upper corner (finite, componentwise at least <paramref name="lower"/>).</param>
    /// <param name="seed">The seed of the random choices.</param>
    /// <returns>The points, row-major (<c>count · dimension</c> values), every one inside the box.</returns>
    /// <exception cref="ArgumentException">The box or the options are invalid, or there would be more than 10^7 points.</exception>
    public double[] Generate(IReadOnlyList<double> lower, IReadOnlyList<double> upper, int seed)
    {
        ArgumentNullException.ThrowIfNull(lower);
        Validate();
        (double[] lo, double[] hi) = BoxBounds.Copy(lower, upper, lower.Count, "initial box");
        if (lo.Length == 0)
        {
            throw new ArgumentException("The initial box needs at least one dimension.", nameof(lower));
        }

        return GenerateCore(lo, hi, seed);
    }

    /// <summary>Generates the points once the inputs are known to be valid.</summary>
    internal abstract double[] GenerateCore(double[] lower, double[] upper, int seed);

    /// <summary>The most points any sampling may make.</summary>
    private protected const long MaxPoints = 10_000_000;
}
