using Certus.Core.Networks;
using Certus.Core.Numerics;

namespace Certus.Reach.Networks;

/// <summary>
/// Sound linear bounds of an activation on an input interval [l, u]:
/// <c>LowerSlope·z + LowerIntercept ≤ σ(z) ≤ UpperSlope·z + UpperIntercept</c> for every z in [l, u], exactly as
/// stored (the doubles define the lines; they are rounded so that the inequalities hold for the real numbers).
/// </summary>
/// <param name="LowerSlope">Slope of the lower line.</param>
/// <param name="LowerIntercept">Intercept of the lower line.</param>
/// <param name="UpperSlope">Slope of the upper line.</param>
/// <param name="UpperIntercept">Intercept of the upper line.</param>
public readonly record struct ActivationRelaxation(double LowerSlope, double LowerIntercept, double UpperSlope, double UpperIntercept)
{
    private static readonly ActivationRelaxation IdentityLines = new(1, 0, 1, 0);
    private static readonly ActivationRelaxation ZeroLines = new(0, 0, 0, 0);

    /// <summary>Builds the relaxation of <paramref name="activation"/> on <paramref name="z"/>.</summary>
    /// <param name="activation">The activation.</param>
    /// <param name="leakySlope">Slope of leaky ReLU for negative inputs.</param>
    /// <param name="z">The bounded pre-activation interval.</param>
    /// <returns>Sound lines (ReLU: the triangle relaxation with the adaptive lower slope of CROWN; sigmoid and tanh:
    /// parallel lines of slope min(σ'(l), σ'(u)), the DeepPoly/CROWN choice valid for any S-shaped function).</returns>
    public static ActivationRelaxation Create(Activation activation, double leakySlope, Interval z) => Create(activation, leakySlope, z, out _);

    /// <summary>
    /// <see cref="Create(Activation, double, Interval)"/>, also returning the activation's range over
    /// <paramref name="z"/> (the same interval as <see cref="SoundLinearAlgebra.Activate(Activation, double, Interval)"/>),
    /// sharing the evaluations of the activation at the endpoints.
    /// </summary>
    internal static ActivationRelaxation Create(Activation activation, double leakySlope, Interval z, out Interval range)
    {
        double l = z.Lo, u = z.Hi;
        if (!z.IsBounded)
        {
            throw new ArgumentException($"Cannot relax an activation over the unbounded interval {z}.", nameof(z));
        }

        switch (activation)
        {
            case Activation.Identity:
                range = z;
                return IdentityLines;
            case Activation.Relu:
                range = SoundLinearAlgebra.Activate(activation, leakySlope, z);
                return Piecewise(0, l, u);
            case Activation.LeakyRelu:
                range = SoundLinearAlgebra.Activate(activation, leakySlope, z);
                return Piecewise(leakySlope, l, u);
            case Activation.Tanh:
            case Activation.Sigmoid:
                return SShaped(activation, l, u, out range);
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, null);
        }
    }

    // max(s z, z) for 0 <= s <= 1.
    private static ActivationRelaxation Piecewise(double s, double l, double u)
    {
        if (l >= 0)
        {
            return IdentityLines;
        }

        if (u <= 0)
        {
            return s == 0 ? ZeroLines : new ActivationRelaxation(s, 0, s, 0);
        }

        // Upper chord through (l, s l) and (u, u), convex function: slope rounded up, intercept l (s − λ) rounded up.
        Interval li = Interval.Point(l), ui = Interval.Point(u), si = Interval.Point(s);
        double lambda = ((ui - (si * li)) / (ui - li)).Hi;
        double intercept = (li * (si - Interval.Point(lambda))).Hi;
        double lowerSlope = u > -l ? 1 : s;
        return new ActivationRelaxation(lowerSlope, 0, lambda, intercept);
    }

    // The activation is monotone, so its range over [l, u] is [σ(l).Lo, σ(u).Hi], the enclosure of the interval
    // functions (Interval.Tanh and Interval.Sigmoid evaluate the endpoints the same way).
    private static ActivationRelaxation SShaped(Activation activation, double l, double u, out Interval range)
    {
        Interval fl = SoundLinearAlgebra.Activate(activation, 0, Interval.Point(l));
        Interval fu = SoundLinearAlgebra.Activate(activation, 0, Interval.Point(u));
        range = new Interval(fl.Lo, fu.Hi);
        double lambda = Math.Max(0, Math.Min(Slope(activation, fl), Slope(activation, fu)));
        Interval lam = Interval.Point(lambda);
        double lowerIntercept = (Interval.Point(fl.Lo) - (lam * Interval.Point(l))).Lo;
        double upperIntercept = (Interval.Point(fu.Hi) - (lam * Interval.Point(u))).Hi;
        return new ActivationRelaxation(lambda, lowerIntercept, lambda, upperIntercept);
    }

    // A rigorous lower bound of σ'(x) from an enclosure f of σ(x): 1 − f² for tanh, f(1 − f) for the sigmoid.
    private static double Slope(Activation activation, Interval f) =>
        activation == Activation.Tanh ? (Interval.One - Interval.Sqr(f)).Lo : (f * (Interval.One - f)).Lo;
}
