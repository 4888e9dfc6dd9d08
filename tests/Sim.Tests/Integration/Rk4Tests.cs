using System.Numerics;
using Certus.Core.Systems;
using Certus.Sim.Integration;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Certus.Sim.Tests.Integration;

public sealed class Rk4Tests
{
    private static readonly VectorField Decay = (t, x, v, dx) => dx[0] = -v[0] * x[0];

    private static readonly VectorField Oscillator = (t, x, v, dx) =>
    {
        dx[0] = x[1];
        dx[1] = -x[0];
    };

    public static class Arbitraries
    {
        /// <summary>A decay rate in (0, 5], an initial value in [−10, 10], and a step count in [1, 50].</summary>
        public static Arbitrary<(double Rate, double X0, int Steps)> DecayCase() =>
            (from rate in Gen.Choose(1, 5000)
             from x0 in Gen.Choose(-10_000, 10_000)
             from steps in Gen.Choose(1, 50)
             select (rate / 1000.0, x0 / 1000.0, steps)).ToArbitrary();
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 300, Replay = "(4242,4243)")]
    public void LinearDecay_IsTheRk4StabilityPolynomialToTheStepCount((double Rate, double X0, int Steps) c)
    {
        // For x' = -λx one RK4 step multiplies by R(z) = 1 + z + z²/2 + z³/6 + z⁴/24, z = -λh, exactly in exact arithmetic.
        OdeIntegrator rk4 = new Rk4 { StepsPerInterval = c.Steps }.CreateIntegrator(Decay, 1, 1);
        double[] x = [c.X0];
        rk4.Advance(0, 1, x, [c.Rate]);
        double z = -c.Rate / c.Steps;
        double r = 1 + z + (z * z / 2) + (z * z * z / 6) + (z * z * z * z / 24);
        double expected = c.X0 * Math.Pow(r, c.Steps);
        Assert.True(Math.Abs(x[0] - expected) <= 1e-13 * (1 + Math.Abs(c.X0)), $"{x[0]} vs {expected}");
        Assert.Equal(new IntegrationStatistics(c.Steps, 0, 4L * c.Steps), rk4.Statistics);
    }

    [Fact]
    public void LinearDecay_IsCloseToTheClosedForm()
    {
        // Relative error |z|^5/120 per step (z = -λh), so about N·|z|^5/120·x(T) in all, RK4 decaying too slowly.
        OdeIntegrator rk4 = new Rk4 { StepsPerInterval = 100 }.CreateIntegrator(Decay, 1, 1);
        double[] x = [3];
        rk4.Advance(0, 2, x, [1.5]);
        double exact = 3 * Math.Exp(-3);
        double predicted = 100 * Math.Pow(0.03, 5) / 120 * exact;
        Assert.InRange(x[0] - exact, 0.9 * predicted, 1.1 * predicted);
    }

    [Fact]
    public void HalvingTheStep_DividesTheErrorBySixteen()
    {
        // Harmonic oscillator over [0, 10] from (1, 0): the solution is (cos t, -sin t).
        double[] errors = new double[4];
        for (int i = 0; i < errors.Length; i++)
        {
            int steps = 40 << i;
            double[] x = [1, 0];
            new Rk4 { StepsPerInterval = steps }.CreateIntegrator(Oscillator, 2, 0).Advance(0, 10, x, []);
            errors[i] = Math.Sqrt(Math.Pow(x[0] - Math.Cos(10), 2) + Math.Pow(x[1] + Math.Sin(10), 2));
        }

        for (int i = 1; i < errors.Length; i++)
        {
            double ratio = errors[i - 1] / errors[i];
            Assert.InRange(ratio, 15, 17);
        }
    }

    [Fact]
    public void HarmonicOscillator_EnergyAndPhaseAfterManyPeriodsAreTheRk4ClosedForm()
    {
        // With z = x + i·y the oscillator is z' = -i·z, and one RK4 step multiplies z by R(-ih): after N steps the
        // energy is |R|^(2N) (slightly below 1) and the phase N·arg R (slightly behind -N·h).
        const int perPeriod = 100, periods = 100, steps = perPeriod * periods;
        double h = 2 * Math.PI / perPeriod;
        OdeIntegrator rk4 = new Rk4 { StepSize = h }.CreateIntegrator(Oscillator, 2, 0);
        double[] x = [1, 0];
        rk4.Advance(0, periods * 2 * Math.PI, x, []);
        Assert.Equal(steps, rk4.Statistics.AcceptedSteps);

        Complex z = -Complex.ImaginaryOne * h;
        Complex r = 1 + z + (z * z / 2) + (z * z * z / 6) + (z * z * z * z / 24);
        double energy = (x[0] * x[0]) + (x[1] * x[1]);
        double expectedEnergy = Math.Pow(r.Magnitude, 2 * steps);
        Assert.Equal(expectedEnergy, energy, 1e-11);
        Assert.InRange(1 - energy, 0.9 * steps * Math.Pow(h, 6) / 72, 1.1 * steps * Math.Pow(h, 6) / 72);

        double phaseLag = (steps * (r.Phase + h)) % (2 * Math.PI);
        double measured = Math.Atan2(x[1], x[0]) + (periods * 2 * Math.PI % (2 * Math.PI));
        Assert.Equal(phaseLag, measured, 1e-9);
        Assert.InRange(Math.Abs(phaseLag), 0.9 * steps * Math.Pow(h, 5) / 120, 1.1 * steps * Math.Pow(h, 5) / 120);

        // Against the exact solution (cos t, -sin t): the error is the phase lag times the radius.
        Assert.Equal(1, x[0], 1e-4);
        Assert.Equal(0, x[1], 1e-4);
    }

    [Fact]
    public void InteriorPoints_AreStepPoints_AndTheStepCountIsRoundedUp()
    {
        var method = new Rk4 { StepsPerInterval = 10 };
        Assert.Equal(12, method.StepCount(1, 3));
        Assert.Equal(10, method.StepCount(1, 4));
        Assert.Equal(10, new Rk4 { StepSize = 0.01 }.StepCount(0.1, 0));

        // With 3 interior points and 12 steps, point j is the state after 3j steps of the same integration.
        OdeIntegrator rk4 = method.CreateIntegrator(Decay, 1, 1);
        double[] x = [1];
        double[] interior = new double[3];
        rk4.Advance(0, 1, x, [2], interior);
        for (int j = 1; j <= 3; j++)
        {
            double[] y = [1];
            new Rk4 { StepsPerInterval = 3 * j }.CreateIntegrator(Decay, 1, 1).Advance(0, j / 4.0, y, [2]);
            Assert.Equal(y[0], interior[j - 1], 1e-15);
        }
    }

    [Fact]
    public void Advance_RejectsMismatchedBuffers()
    {
        OdeIntegrator rk4 = new Rk4().CreateIntegrator(Oscillator, 2, 0);
        Assert.Throws<ArgumentException>(() => rk4.Advance(0, 1, new double[3], []));
        Assert.Throws<ArgumentException>(() => rk4.Advance(0, 1, new double[2], [1]));
        Assert.Throws<ArgumentException>(() => rk4.Advance(1, 0, new double[2], []));
        Assert.Throws<ArgumentException>(() => rk4.Advance(0, 1, new double[2], [], new double[3]));
        Assert.Throws<ArgumentException>(() => rk4.Advance(0, 1, [double.NaN, 0], []));
        Assert.Throws<ArgumentException>(() => new Rk4 { StepsPerInterval = 0 }.CreateIntegrator(Oscillator, 2, 0));
        Assert.Throws<ArgumentException>(() => new Rk4 { StepSize = -1 }.CreateIntegrator(Oscillator, 2, 0));
    }
}
