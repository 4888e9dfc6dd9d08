using Certus.Sim.ClosedLoop;
using Certus.Sim.Falsification;

namespace Certus.Sim.Tests.ClosedLoop;

/// <summary>Discrete-time plants: the simulator iterates the map at the sampling instants, and falsification finds
/// violations at a step.</summary>
public sealed class DiscreteSimulationTests
{
    // x⁺ = 0.5·x + u + w·t, u = −0.25·x: x_{k+1} = 0.25·x_k + w·t_k.
    private static ClosedLoopProblem Contracting(double period, DisturbanceModel? disturbance = null) => new()
    {
        Plant = new MapPlant(1, 1, 1, (t, x, v, next) => next[0] = (0.5 * x[0]) + v[0] + (v[1] * t)),
        Controller = new LinearFeedback(1, 1, [0.25]),
        Period = period,
        Periods = 5,
        Disturbance = disturbance ?? new ConstantDisturbance([0.0]),
    };

    [Fact]
    public void Simulate_IteratesTheMap_AndStoresOnlyTheSteps()
    {
        var sim = new ClosedLoopSimulator(Contracting(1), new SimulationOptions { SamplesPerPeriod = 9 });
        Assert.Equal(6, sim.PointCount);
        Trajectory tr = sim.Simulate([16.0]);
        Assert.Equal([0.0, 1, 2, 3, 4, 5], tr.Times.ToArray());
        double[] expected = [16, 4, 1, 0.25, 0.0625, 0.015625];
        for (int k = 0; k < expected.Length; k++)
        {
            Assert.Equal(expected[k], tr.State(k)[0]);
        }

        Assert.Equal([-4.0, -1, -0.25, -0.0625, -0.015625], tr.Controls.ToArray());
    }

    [Fact]
    public void TheMap_ReadsTheStepTimeAndItsDisturbance()
    {
        // w = 1 every step: x_{k+1} = 0.25·x_k + k·0.5 from x_0 = 0: 0, 0, 0.5, 1.125, 1.78125.
        var sim = new ClosedLoopSimulator(Contracting(0.5));
        Trajectory tr = sim.Simulate([0.0], [1.0, 1, 1, 1, 1]);
        Assert.Equal([0.0, 0.5, 1, 1.5, 2, 2.5], tr.Times.ToArray());
        Assert.Equal([0.0, 0, 0.5, 1.125, 1.78125, 0.25 * 1.78125 + 2], tr.States.ToArray());
    }

    [Fact]
    public void SimulateMargin_AgreesWithTheTrajectory()
    {
        var sim = new ClosedLoopSimulator(Contracting(1));
        var final = new double[1];
        MarginSummary m = sim.SimulateMargin([16.0], (t, x) => x[0] - 0.1, final);
        Assert.Equal(0.015625, final[0]);
        Assert.Equal(0.015625 - 0.1, m.MinimumMargin);
        Assert.Equal(5, m.Time);
    }

    [Fact]
    public void Falsifier_FindsAViolationAtAStep()
    {
        // From x_0 in [-0.2, 1] the state of step 1 is 0.25·x_0 (later steps are smaller): x >= -0.04 from t = 1 on
        // fails at step 1 exactly for x_0 < -0.16.
        var problem = new FalsificationProblem(Contracting(1), [-0.2], [1.0], (t, x) => t >= 1 ? x[0] + 0.04 : double.PositiveInfinity);
        FalsificationResult r = Falsifier.Falsify(problem, new FalsificationOptions { Budget = 200, Seed = 3 });
        Assert.True(r.IsViolation, $"margin {r.Margin}");
        Assert.Equal(1, r.Time);
        Assert.True(r.InitialState[0] < -0.16, $"x0 = {r.InitialState[0]}");
    }
}
