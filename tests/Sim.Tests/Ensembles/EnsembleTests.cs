using Certus.Core.Sets;
using Certus.Core.Systems;
using Certus.Sim.ClosedLoop;
using Certus.Sim.Ensembles;

namespace Certus.Sim.Tests.Ensembles;

public sealed class EnsembleTests
{
    /// <summary>A damped oscillator with a saturated feedback and a box disturbance on the velocity.</summary>
    private static ClosedLoopProblem Loop()
    {
        VectorField field = (t, x, v, dx) =>
        {
            dx[0] = x[1];
            dx[1] = (-2 * x[0]) - (0.3 * x[1]) + v[0] + v[1] - (0.1 * x[0] * x[0] * x[0]);
        };
        return new ClosedLoopProblem
        {
            Plant = new FieldPlant(2, 1, 1, field),
            Controller = new SaturatedFeedback(),
            Period = 0.1,
            Periods = 30,
            Disturbance = new BoxDisturbance([-0.2], [0.2]),
        };
    }

    private static readonly StateMargin Margin = (t, x) => 2 - Math.Abs(x[0]);

    [Fact]
    public void Results_AreTheSameWhateverTheParallelism()
    {
        var problem = new EnsembleProblem(Loop(), [-2, -1], [2, 1], Margin);
        EnsembleResult reference = Ensemble.Run(problem, new EnsembleOptions { Sampling = new UniformSampling(600), Seed = 11, MaxDegreeOfParallelism = 1 });
        foreach (int threads in new[] { 2, 3, 8 })
        {
            foreach (int chunk in new[] { 1, 7, 64 })
            {
                EnsembleResult other = Ensemble.Run(problem, new EnsembleOptions { Sampling = new UniformSampling(600), Seed = 11, MaxDegreeOfParallelism = threads, ChunkSize = chunk });
                Assert.True(reference.InitialStates.SequenceEqual(other.InitialStates));
                Assert.True(reference.FinalStates.SequenceEqual(other.FinalStates));
                Assert.True(reference.MinimumMargins.SequenceEqual(other.MinimumMargins));
                Assert.True(reference.TimesOfMinimum.SequenceEqual(other.TimesOfMinimum));
                Assert.Equal(reference.WorstIndex, other.WorstIndex);
            }
        }

        EnsembleResult reseeded = Ensemble.Run(problem, new EnsembleOptions { Sampling = new UniformSampling(600), Seed = 12 });
        Assert.False(reference.FinalStates.SequenceEqual(reseeded.FinalStates));
    }

    [Fact]
    public void Worst_IsTheSmallestMargin_AndReplaysToTheSameNumbers()
    {
        var problem = new EnsembleProblem(Loop(), new Box(new(-2, 2), new(-1, 1)), Margin);
        EnsembleResult result = Ensemble.Run(problem, new EnsembleOptions { Sampling = new LatinHypercubeSampling(300), Seed = 5 });
        Assert.Equal(300, result.Count);
        Assert.Equal(result.MinimumMargins.ToArray().Min(), result.WorstMargin);
        Assert.Equal(result.MinimumMargins.ToArray().Count(m => m < 0), result.ViolationCount);

        foreach (int index in new[] { result.WorstIndex, 0, 299 })
        {
            Trajectory replay = result.Replay(index);
            Assert.Equal(result.InitialState(index).ToArray(), replay.InitialState.ToArray());
            Assert.Equal(result.FinalState(index).ToArray(), replay.FinalState.ToArray());
            MarginSummary summary = replay.MinimumMargin(Margin);
            Assert.Equal(result.MinimumMargins[index], summary.MinimumMargin);
            Assert.Equal(result.TimesOfMinimum[index], summary.Time);
            Assert.Equal(result.Disturbances(index), replay.Disturbances.ToArray());
        }
    }

    [Fact]
    public void WithoutMargin_OnlyFinalStatesAreKept()
    {
        var problem = new EnsembleProblem(Loop() with { Disturbance = new BoxDisturbance([0], [0]) }, [-1, 0], [1, 0]);
        EnsembleResult result = Ensemble.Run(problem, new EnsembleOptions { Sampling = new GridSampling(5) });
        Assert.Equal(5, result.Count);
        Assert.False(result.HasMargins);
        Assert.Equal(-1, result.WorstIndex);
        Assert.True(double.IsNaN(result.WorstMargin));
        Assert.True(result.MinimumMargins.IsEmpty);

        // The middle grid point is the equilibrium.
        Assert.Equal([0.0, 0.0], result.FinalState(2).ToArray());
    }

    [Fact]
    public void Problem_AndOptions_AreValidated()
    {
        Assert.Throws<ArgumentException>(() => new EnsembleProblem(Loop(), [0], [1]));
        Assert.Throws<ArgumentException>(() => new EnsembleProblem(Loop(), [0, 1], [1, 0]));
        var problem = new EnsembleProblem(Loop(), [0, 0], [1, 1]);
        Assert.Throws<ArgumentException>(() => Ensemble.Run(problem, new EnsembleOptions { MaxDegreeOfParallelism = 0 }));
        Assert.Throws<ArgumentException>(() => Ensemble.Run(problem, new EnsembleOptions { ChunkSize = 0 }));
    }

    private sealed class SaturatedFeedback : IStateFeedback
    {
        public int StateCount => 2;

        public int ControlCount => 1;

        public void Compute(double time, ReadOnlySpan<double> state, Span<double> control) =>
            control[0] = Math.Clamp(-(0.8 * state[0]) - (0.5 * state[1]), -1, 1);
    }
}
