using Certus.Core.Numerics;
using Certus.Core.Sets;
using Certus.Core.Systems;
using Certus.Reach.Flow;

namespace Certus.Reach.Tests.Flow;

/// <summary>Argument checks of the problem and the options, and the shape of results.</summary>
public sealed class FlowProblemTests
{
    private static readonly OdeSystem Held = FlowTestSupport.System(["x"], ["u"], "-x + u");

    [Fact]
    public void Problem_RejectsMismatchedOrUnboundedBoxesAndBadTimes()
    {
        var x0 = new Box(new Interval(0, 1));
        var v = new Box(new Interval(-1, 1));
        Assert.Contains("1 states", Assert.Throws<ArgumentException>(() => new FlowProblem(Held, Box.FromBounds([0, 0], [1, 1]), v, 0, 1)).Message, StringComparison.Ordinal);
        Assert.Contains("u", Assert.Throws<ArgumentException>(() => new FlowProblem(Held, x0, null, 0, 1)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new FlowProblem(Held, x0, Box.FromBounds([0, 0], [1, 1]), 0, 1));
        Assert.Throws<ArgumentException>(() => new FlowProblem(FlowTestSupport.System(["x"], [], "-x"), x0, v, 0, 1));
        Assert.Contains("'x'", Assert.Throws<ArgumentException>(() => new FlowProblem(Held, new Box(new Interval(0, double.PositiveInfinity)), v, 0, 1)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new FlowProblem(Held, new Box(Interval.Empty), v, 0, 1));
        Assert.Throws<ArgumentException>(() => new FlowProblem(Held, x0, v, double.NaN, 1));
        Assert.Throws<ArgumentException>(() => new FlowProblem(Held, x0, v, 0, 0));
        Assert.Throws<ArgumentException>(() => new FlowProblem(Held, x0, v, 0, double.PositiveInfinity));
        Assert.Throws<ArgumentNullException>(() => new FlowProblem(null!, x0, v, 0, 1));
    }

    [Fact]
    public void Cancellation_StopsTheEnclosureBetweenSteps_AndTheAffineProblemPassesItOn()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var problem = new FlowProblem(Held, new Box(new Interval(0, 1)), new Box(new Interval(-1, 1)), 0, 1) { Cancellation = cancelled.Token };
        Assert.False(new IntervalTaylorFlow().TryEnclose(problem, out _, out FlowFailure? failure));
        Assert.Contains("cancelled", failure.Reason, StringComparison.Ordinal);
        Assert.Empty(failure.Tube);
        Assert.Equal(0, failure.Statistics.Steps);

        // Not cancelled: the same problem encloses.
        Assert.True(new IntervalTaylorFlow().TryEnclose(problem with { Cancellation = CancellationToken.None }, out _, out _));

        var joint = AffineSet.FromBox(Box.FromBounds([0, -1], [1, 1]));
        var affine = new AffineFlowProblem(Held, joint, 0, 1) { Cancellation = cancelled.Token };
        Assert.Equal(cancelled.Token, affine.Hull.Cancellation);
        Assert.False(((IAffineFlowAlgorithm)new IntervalTaylorFlow()).TryEnclose(affine, out _, out FlowFailure? affineFailure));
        Assert.Contains("cancelled", affineFailure.Reason, StringComparison.Ordinal);

        // A deadline in the past: the same, with the time budget named.
        var late = problem with { Cancellation = CancellationToken.None, Deadline = System.Diagnostics.Stopwatch.GetTimestamp() - 1 };
        Assert.False(new IntervalTaylorFlow().TryEnclose(late, out _, out FlowFailure? lateFailure));
        Assert.Contains("time budget exhausted", lateFailure.Reason, StringComparison.Ordinal);
        Assert.Empty(lateFailure.Tube);
    }

    [Fact]
    public void Options_AreValidatedWithEveryProblemListed()
    {
        var problem = new FlowProblem(Held, new Box(new Interval(0, 1)), new Box(new Interval(-1, 1)), 0, 1);
        var bad = new IntervalTaylorFlow { Order = 0, Steps = 0, MinStep = 0, AbsoluteInflation = -1 };
        string message = Assert.Throws<ArgumentException>(() => bad.Enclose(problem)).Message;
        Assert.Contains("Order", message, StringComparison.Ordinal);
        Assert.Contains("Steps", message, StringComparison.Ordinal);
        Assert.Contains("MinStep", message, StringComparison.Ordinal);
        Assert.Contains("AbsoluteInflation", message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => new IntervalTaylorFlow().Enclose(null!));
    }

    [Fact]
    public void Result_CarriesTheAlgorithmAndATubeOfOneSegmentPerFixedStep()
    {
        var problem = new FlowProblem(Held, new Box(new Interval(0, 1)), new Box(new Interval(-1, 1)), 2, 0.5);
        var algorithm = new IntervalTaylorFlow { Order = 4, Steps = 7 };
        FlowEnclosure e = algorithm.Enclose(problem);
        Assert.Same(algorithm, e.Algorithm);
        Assert.Same(problem, e.Problem);
        Assert.Equal(7, e.Tube.Count);
        Assert.Equal(7, e.Statistics.Steps);
        Assert.Equal(2, e.Tube[0].Time.Lo);
        Assert.Equal(2.5, e.Tube[^1].Time.Hi);
        Assert.Equal("taylor(doubleton, order 4, 7 steps)", algorithm.Name);
        Assert.Equal(1, e.End.Dimension);
        Assert.All(e.Tube, s => Assert.True(s.Enclosure.Contains(Box.FromPoint([0.5]))));
        Assert.True(e.Tube.Zip(e.Tube.Skip(1)).All(p => p.First.Time.Hi >= p.Second.Time.Lo && p.First.Time.Lo < p.Second.Time.Lo));
    }
}
