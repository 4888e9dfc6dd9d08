using Certus.Core.Systems;
using Certus.Sim.Integration;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Certus.Sim.Tests.Integration;

public sealed class DormandPrince45Tests
{
    private static readonly VectorField Oscillator = (t, x, v, dx) =>
    {
        dx[0] = x[1];
        dx[1] = -x[0];
    };

    private static readonly VectorField Decay = (t, x, v, dx) => dx[0] = -v[0] * x[0];

    public static class Arbitraries
    {
        /// <summary>A decay rate in (0, 10], an initial value in [−10, 10] \ {0}, an end time in (0, 5].</summary>
        public static Arbitrary<(double Rate, double X0, double End)> DecayCase() =>
            (from rate in Gen.Choose(1, 10_000)
             from x0 in Gen.Choose(1, 10_000)
             from sign in Gen.Elements(-1.0, 1.0)
             from end in Gen.Choose(1, 5000)
             select (rate / 1000.0, sign * x0 / 1000.0, end / 1000.0)).ToArbitrary();
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 300, Replay = "(777,779)")]
    public void LinearDecay_MeetsTheTolerance((double Rate, double X0, double End) c)
    {
        var method = new DormandPrince45 { AbsoluteTolerance = 1e-10, RelativeTolerance = 1e-10 };
        double[] x = [c.X0];
        method.CreateIntegrator(Decay, 1, 1).Advance(0, c.End, x, [c.Rate]);
        double exact = c.X0 * Math.Exp(-c.Rate * c.End);
        // Mixed absolute/relative tolerance: the global error stays within a small multiple of atol + rtol·|x0|.
        Assert.True(Math.Abs(x[0] - exact) <= 20 * (1e-10 + (1e-10 * Math.Abs(c.X0))), $"{x[0]} vs {exact}");
    }

    [Theory]
    [InlineData(1e-6)]
    [InlineData(1e-8)]
    [InlineData(1e-10)]
    public void HarmonicOscillator_GlobalErrorFollowsTheTolerance(double tolerance)
    {
        // Ten periods; the global error of a tolerance-proportional method stays within a modest multiple of the tolerance.
        var method = new DormandPrince45 { AbsoluteTolerance = tolerance, RelativeTolerance = tolerance };
        double end = 10 * 2 * Math.PI;
        OdeSolution solution = OdeSolver.Solve(new InitialValueProblem { Field = Oscillator, InitialState = [1, 0], EndTime = end }, method);
        double error = Math.Max(Math.Abs(solution.FinalState[0] - Math.Cos(end)), Math.Abs(solution.FinalState[1] + Math.Sin(end)));
        Assert.True(error <= 50 * tolerance, $"error {error} at tolerance {tolerance}");
        Assert.True(error >= tolerance / 1e4, "the method should not be far more accurate than asked (is the controller stepping at all?)");
    }

    [Fact]
    public void DenseOutput_MatchesTheClosedFormBetweenSteps()
    {
        var method = new DormandPrince45 { AbsoluteTolerance = 1e-9, RelativeTolerance = 1e-9 };
        OdeIntegrator dp = method.CreateIntegrator(Oscillator, 2, 0);
        const int points = 999;
        double[] x = [1, 0];
        double[] interior = new double[2 * points];
        dp.Advance(0, 10, x, [], interior);
        Assert.True(dp.Statistics.AcceptedSteps < 200, $"{dp.Statistics.AcceptedSteps} steps: most points must lie strictly inside steps");
        double worst = 0;
        for (int j = 1; j <= points; j++)
        {
            double t = j * 10.0 / (points + 1);
            worst = Math.Max(worst, Math.Abs(interior[2 * (j - 1)] - Math.Cos(t)));
            worst = Math.Max(worst, Math.Abs(interior[(2 * (j - 1)) + 1] + Math.Sin(t)));
        }

        Assert.True(worst <= 1e-7, $"dense output error {worst}");
    }

    [Fact]
    public void Solution_StateAt_MatchesTheClosedFormAtStepMidpoints()
    {
        var method = new DormandPrince45 { AbsoluteTolerance = 1e-9, RelativeTolerance = 1e-9 };
        OdeSolution solution = OdeSolver.Solve(new InitialValueProblem { Field = Oscillator, InitialState = [1, 0], EndTime = 10 }, method);
        Assert.True(solution.PointCount > 5);
        for (int i = 0; i + 1 < solution.PointCount; i++)
        {
            double t = 0.5 * (solution.Times[i] + solution.Times[i + 1]);
            double[] y = solution.StateAt(t);
            Assert.Equal(Math.Cos(t), y[0], 1e-7);
            Assert.Equal(-Math.Sin(t), y[1], 1e-7);
        }

        Assert.Equal(solution.State(3).ToArray(), solution.StateAt(solution.Times[3]));
    }

    [Fact]
    public void DenseOutput_IsFourthOrder()
    {
        // One forced step of length h on x' = x from 1: the interpolant's error at mid-step shrinks like h^5.
        VectorField growth = (t, x, v, dx) => dx[0] = x[0];
        double Error(double h)
        {
            var method = new DormandPrince45 { InitialStep = h, MaxStep = h, AbsoluteTolerance = 1, RelativeTolerance = 1 };
            double[] x = [1];
            double[] mid = new double[1];
            OdeIntegrator dp = method.CreateIntegrator(growth, 1, 0);
            dp.Advance(0, h, x, [], mid);
            Assert.Equal(1, dp.Statistics.AcceptedSteps);
            return Math.Abs(mid[0] - Math.Exp(h / 2));
        }

        double ratio1 = Error(0.1) / Error(0.05), ratio2 = Error(0.05) / Error(0.025);
        Assert.InRange(ratio1, 27, 34);
        Assert.InRange(ratio2, 29, 34);
    }

    [Fact]
    public void Fsal_CostsSixEvaluationsPerStepAfterTheFirst()
    {
        var method = new DormandPrince45 { AbsoluteTolerance = 1e-8, RelativeTolerance = 1e-8 };
        OdeIntegrator dp = method.CreateIntegrator(Oscillator, 2, 0);
        double[] x = [1, 0];
        dp.Advance(0, 20, x, []);
        IntegrationStatistics s = dp.Statistics;
        // One evaluation at the start, one for the initial step heuristic, six per attempted step.
        Assert.Equal(2 + (6 * (s.AcceptedSteps + s.RejectedSteps)), s.Evaluations);

        // A second call reuses the carried step: no heuristic evaluation.
        dp.Reset();
        dp.Advance(0, 1, x, []);
        long before = dp.Statistics.Evaluations;
        IntegrationStatistics first = dp.Statistics;
        dp.Advance(1, 2, x, []);
        IntegrationStatistics second = dp.Statistics;
        long attempts = second.AcceptedSteps + second.RejectedSteps - first.AcceptedSteps - first.RejectedSteps;
        Assert.Equal(before + 1 + (6 * attempts), second.Evaluations);
    }

    [Fact]
    public void MaxStep_BoundsEveryStep()
    {
        var method = new DormandPrince45 { MaxStep = 0.05 };
        OdeSolution solution = OdeSolver.Solve(new InitialValueProblem { Field = Oscillator, InitialState = [1, 0], EndTime = 3 }, method);
        for (int i = 0; i + 1 < solution.PointCount; i++)
        {
            Assert.True(solution.Times[i + 1] - solution.Times[i] <= 0.05 + 1e-15);
        }
    }

    [Fact]
    public void StepCountGuard_ThrowsAClearException()
    {
        var method = new DormandPrince45 { MaxSteps = 5, AbsoluteTolerance = 1e-12, RelativeTolerance = 1e-12 };
        IntegrationException e = Assert.Throws<IntegrationException>(() => method.CreateIntegrator(Oscillator, 2, 0).Advance(0, 100, new double[] { 1, 0 }, []));
        Assert.Contains("MaxSteps = 5", e.Message, StringComparison.Ordinal);
        Assert.True(e.Time > 0 && e.Time < 100);
    }

    [Fact]
    public void NonFiniteDerivative_FailsAtTheMinimumStep()
    {
        VectorField blowUp = (t, x, v, dx) => dx[0] = t > 0.5 ? double.NaN : 1;
        IntegrationException e = Assert.Throws<IntegrationException>(() => new DormandPrince45().CreateIntegrator(blowUp, 1, 0).Advance(0, 1, new double[] { 0 }, []));
        Assert.Contains("step fell", e.Message, StringComparison.Ordinal);
        Assert.InRange(e.Time, 0, 0.5 + 1e-9);
    }

    [Fact]
    public void Options_AreValidated()
    {
        Assert.Throws<ArgumentException>(() => new DormandPrince45 { AbsoluteTolerance = 0, RelativeTolerance = 0 }.Validate());
        Assert.Throws<ArgumentException>(() => new DormandPrince45 { Safety = 1.5 }.Validate());
        Assert.Throws<ArgumentException>(() => new DormandPrince45 { MaxStep = 0 }.Validate());
        Assert.Throws<ArgumentException>(() => new DormandPrince45 { MaxSteps = 0 }.Validate());
        Assert.Throws<ArgumentException>(() => new DormandPrince45 { InitialStep = double.NaN }.Validate());
    }
}
