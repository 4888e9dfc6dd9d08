using Certus.Sim.ClosedLoop;
using Certus.Sim.Falsification;

namespace Certus.Sim.Tests.Falsification;

public sealed class FalsifierTests
{
    private static ClosedLoopProblem Static3D() => new()
    {
        Plant = new FieldPlant(3, 1, 0, (t, x, v, dx) => dx.Clear()),
        Controller = new LinearFeedback(3, 1, [0, 0, 0]),
        Period = 0.5,
        Periods = 2,
    };

    private static ClosedLoopProblem SlowDecay3D() => new()
    {
        Plant = new FieldPlant(3, 1, 0, (t, x, v, dx) =>
        {
            for (int i = 0; i < 3; i++)
            {
                dx[i] = -0.05 * x[i];
            }
        }),
        Controller = new LinearFeedback(3, 1, [0, 0, 0]),
        Period = 0.5,
        Periods = 10,
    };

    /// <summary>x' = w with w in [-1, 1] per period, ten periods of 0.1.</summary>
    private static ClosedLoopProblem Pushed() => new()
    {
        Plant = new FieldPlant(1, 1, 1, (t, x, v, dx) => dx[0] = v[1]),
        Controller = new LinearFeedback(1, 1, [0]),
        Period = 0.1,
        Periods = 10,
        Disturbance = new BoxDisturbance([-1], [1]),
    };

    private static void AssertConsistent(FalsificationResult result)
    {
        Trajectory trace = result.Trace;
        MarginSummary fromTrace = trace.MinimumMargin(result.Problem.Margin);
        Assert.Equal(result.Margin, fromTrace.MinimumMargin);
        Assert.Equal(result.Time, fromTrace.Time);
        Assert.Equal(result.PointIndex, fromTrace.PointIndex);
        Assert.Equal(result.InitialState, trace.InitialState.ToArray());
        Assert.Equal(result.Disturbances, trace.Disturbances.ToArray());
        for (int i = 0; i < result.InitialState.Count; i++)
        {
            Assert.InRange(result.InitialState[i], result.Problem.Lower[i], result.Problem.Upper[i]);
        }

        Assert.InRange(result.Simulations, 1, result.Options.Budget);
    }

    [Fact]
    public void FindsAViolationPlantedInASmallCornerOfTheBox()
    {
        // Negative only where every coordinate exceeds 0.95: 1/8000 of the box, and corners are not tried directly.
        StateMargin margin = (t, x) => Math.Max(0.95 - x[0], Math.Max(0.95 - x[1], 0.95 - x[2]));
        var problem = new FalsificationProblem(Static3D(), [0, 0, 0], [1, 1, 1], margin);
        var options = new FalsificationOptions { Budget = 1500, RandomSamples = 100, IncludeCentreAndCorners = false, Seed = 3 };
        FalsificationResult result = Falsifier.Falsify(problem, options);
        Assert.True(result.IsViolation, $"margin {result.Margin} after {result.Simulations} simulations");
        Assert.True(result.StoppedEarly);
        Assert.All(result.InitialState, x => Assert.True(x > 0.95));
        AssertConsistent(result);
    }

    [Fact]
    public void FindsASmallPocketCrossedBetweenSamplingInstants()
    {
        // The pocket is a cube of side 0.04 around c; a run violates only if its ray passes through it.
        double[] c = [0.7, 0.35, 0.55];
        StateMargin margin = (t, x) => Math.Max(Math.Abs(x[0] - c[0]), Math.Max(Math.Abs(x[1] - c[1]), Math.Abs(x[2] - c[2]))) - 0.02;
        var problem = new FalsificationProblem(SlowDecay3D(), [0, 0, 0], [1, 1, 1], margin);
        FalsificationResult result = Falsifier.Falsify(problem, new FalsificationOptions { Budget = 1500, RandomSamples = 60, Seed = 1 });
        Assert.True(result.IsViolation, $"margin {result.Margin}");
        AssertConsistent(result);
    }

    [Fact]
    public void SearchesThePerPeriodDisturbances()
    {
        // x(1) = x0 + 0.1·Σ w_k ≤ 1.1: the margin 1.05 − x goes negative only when nearly every w_k is near 1.
        StateMargin margin = (t, x) => 1.05 - x[0];
        var problem = new FalsificationProblem(Pushed(), [0], [0.1], margin);
        FalsificationResult result = Falsifier.Falsify(problem, new FalsificationOptions { Budget = 2000, RandomSamples = 100, Seed = 9 });
        Assert.True(result.IsViolation, $"margin {result.Margin}");
        Assert.Equal(10, result.Disturbances.Count);
        Assert.All(result.Disturbances, w => Assert.InRange(w, -1, 1));
        Assert.True(result.Disturbances.Average() > 0.8);
        AssertConsistent(result);
    }

    [Fact]
    public void WithoutEarlyStop_TheSearchGoesOnToADeeperViolation()
    {
        StateMargin margin = (t, x) => 1.05 - x[0];
        var problem = new FalsificationProblem(Pushed(), [0], [0.1], margin);
        var options = new FalsificationOptions { Budget = 1500, RandomSamples = 100, Seed = 9 };
        FalsificationResult early = Falsifier.Falsify(problem, options);
        FalsificationResult full = Falsifier.Falsify(problem, options with { StopAtViolation = false });
        Assert.True(early.StoppedEarly);
        Assert.False(full.StoppedEarly);
        Assert.True(full.Simulations > early.Simulations);
        Assert.True(full.Margin <= early.Margin);

        // The deepest violation pushes every disturbance to its upper bound and starts at the top of the box.
        Assert.Equal(1.05 - 1.1, full.Margin, 1e-3);
        AssertConsistent(full);
    }

    [Fact]
    public void SafeLoop_ReportsItsSmallestMarginWithoutAViolation()
    {
        StateMargin margin = (t, x) => 2 - x[0] - x[1] - x[2];
        var problem = new FalsificationProblem(SlowDecay3D(), [0, 0, 0], [0.5, 0.5, 0.5], margin);
        FalsificationResult result = Falsifier.Falsify(problem, new FalsificationOptions { Budget = 400, RandomSamples = 50 });
        Assert.False(result.IsViolation);
        Assert.Equal(0.5, result.Margin, 1e-6);
        Assert.Equal(0, result.Time);
        AssertConsistent(result);
    }

    [Fact]
    public void Results_AreTheSameWhateverTheParallelism()
    {
        StateMargin margin = (t, x) => 1.05 - x[0];
        var problem = new FalsificationProblem(Pushed(), [0], [0.1], margin);
        var options = new FalsificationOptions { Budget = 600, RandomSamples = 100, Seed = 4, StopAtViolation = false };
        FalsificationResult one = Falsifier.Falsify(problem, options with { MaxDegreeOfParallelism = 1 });
        FalsificationResult many = Falsifier.Falsify(problem, options with { MaxDegreeOfParallelism = 4 });
        Assert.Equal(one.Margin, many.Margin);
        Assert.Equal(one.InitialState, many.InitialState);
        Assert.Equal(one.Disturbances, many.Disturbances);
        Assert.Equal(one.Simulations, many.Simulations);
    }

    [Fact]
    public void Options_AreValidated()
    {
        var problem = new FalsificationProblem(Static3D(), [0, 0, 0], [1, 1, 1], (t, x) => 1);
        Assert.Throws<ArgumentException>(() => Falsifier.Falsify(problem, new FalsificationOptions { Budget = 0 }));
        Assert.Throws<ArgumentException>(() => Falsifier.Falsify(problem, new FalsificationOptions { Budget = 10, RandomSamples = 20 }));
        Assert.Throws<ArgumentException>(() => Falsifier.Falsify(problem, new FalsificationOptions { InitialStep = 0 }));
        Assert.Throws<ArgumentException>(() => Falsifier.Falsify(problem, new FalsificationOptions { MinStep = 0.5 }));
        Assert.Throws<ArgumentException>(() => new FalsificationProblem(Static3D(), [0, 0], [1, 1], (t, x) => 1));
    }

    [Fact]
    public void DegenerateSearchSpace_SimulatesOnce()
    {
        var problem = new FalsificationProblem(Static3D(), [0.5, 0.5, 0.5], [0.5, 0.5, 0.5], (t, x) => x[0] - 1);
        FalsificationResult result = Falsifier.Falsify(problem);
        Assert.Equal(1, result.Simulations);
        Assert.Equal(-0.5, result.Margin);
        AssertConsistent(result);
    }
}
