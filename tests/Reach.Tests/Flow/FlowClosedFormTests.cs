using Certus.Core.Numerics;
using Certus.Core.Sets;
using Certus.Core.Systems;
using Certus.Reach.Flow;
using Xunit.Abstractions;

namespace Certus.Reach.Tests.Flow;

/// <summary>Known solutions: every form must contain them at the end and along the tube.</summary>
public sealed class FlowClosedFormTests(ITestOutputHelper output)
{
    public static TheoryData<TaylorEnclosureForm> Forms => [TaylorEnclosureForm.Direct, TaylorEnclosureForm.MeanValue, TaylorEnclosureForm.Lohner, TaylorEnclosureForm.Doubleton];

    // Checks x(t) for exact solutions at 201 times per period (end included) against the tube and the end box.
    private static void AssertContainsSolution(FlowEnclosure e, int samples, Func<double[], double, double[]> solution, IEnumerable<double[]> starts)
    {
        FlowProblem p = e.Problem;
        Assert.Equal(p.StartTime, e.Tube[0].Time.Lo);
        Assert.True(e.Tube[^1].Time.Contains(p.StartTime + p.Duration));
        for (int i = 1; i < e.Tube.Count; i++)
        {
            Assert.True(e.Tube[i - 1].Time.Hi >= e.Tube[i].Time.Lo, "The tube has a gap.");
        }

        foreach (double[] x0 in starts)
        {
            FlowTestSupport.AssertInside(e.End, solution(x0, p.Duration), () => $"End box {e.End} misses the solution from ({string.Join(", ", x0)}).");
            for (int k = 0; k <= samples; k++)
            {
                double s = p.Duration * k / samples, t = p.StartTime + s;
                double[] x = solution(x0, s);
                FlowSegment[] segments = [.. FlowTestSupport.SegmentsAt(e.Tube, t)];
                Assert.NotEmpty(segments);
                Assert.All(segments, seg => Assert.True(FlowTestSupport.Contains(seg.Enclosure, x), $"Segment {seg} misses x({t}) = ({string.Join(", ", x)})."));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public void LinearDecay_ContainsTheExponential(TaylorEnclosureForm form)
    {
        OdeSystem system = FlowTestSupport.System(["x"], [], "-1.5*x");
        var problem = new FlowProblem(system, new Box(new Interval(0.5, 2)), null, 0.3, 0.4);
        FlowEnclosure e = new IntervalTaylorFlow { Form = form }.Enclose(problem);
        double exact = Math.Exp(-1.5 * 0.4);
        AssertContainsSolution(e, 200, (x0, s) => [x0[0] * Math.Exp(-1.5 * s)], [[0.5], [2], [1.3]]);
        double ratio = e.End[0].Width / (1.5 * exact);
        output.WriteLine($"{form}: end {e.End}, exact [{0.5 * exact}, {2 * exact}], width ratio {ratio:F6}");
        Assert.True(ratio < (form == TaylorEnclosureForm.Direct ? 5 : 1.01), $"The end box is {ratio} times the exact width.");
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public void HarmonicOscillator_ContainsTheRotation(TaylorEnclosureForm form)
    {
        OdeSystem system = FlowTestSupport.System(["x", "y"], [], "y", "-x");
        var x0 = Box.FromBounds([0.9, -0.1], [1.1, 0.1]);
        var problem = new FlowProblem(system, x0, null, 0, 0.5);
        FlowEnclosure e = new IntervalTaylorFlow { Form = form }.Enclose(problem);
        static double[] Rotate(double[] p, double s) => [(p[0] * Math.Cos(s)) + (p[1] * Math.Sin(s)), (-p[0] * Math.Sin(s)) + (p[1] * Math.Cos(s))];
        AssertContainsSolution(e, 200, Rotate, x0.Corners().Append([1, 0]).Append([0.95, 0.02]));
        double exact = 0.2 * (Math.Cos(0.5) + Math.Sin(0.5));
        output.WriteLine($"{form}: end {e.End}, width ratios {e.End[0].Width / exact:F4}, {e.End[1].Width / exact:F4}");
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public void HeldInput_ContainsEveryConstantInput(TaylorEnclosureForm form)
    {
        // x' = −x + u, u ∈ [−1, 1] held: x(s) = x0 e^{−s} + u (1 − e^{−s}).
        OdeSystem system = FlowTestSupport.System(["x"], ["u"], "-x + u");
        var problem = new FlowProblem(system, new Box(new Interval(1, 2)), new Box(new Interval(-1, 1)), 0, 0.5);
        FlowEnclosure e = new IntervalTaylorFlow { Form = form }.Enclose(problem);
        double a = Math.Exp(-0.5);
        var exact = new Interval((1 * a) - (1 - a), (2 * a) + (1 - a));
        for (double x0 = 1; x0 <= 2; x0 += 0.25)
        {
            for (double u = -1; u <= 1; u += 0.5)
            {
                double xs = x0, us = u;
                for (int k = 0; k <= 100; k++)
                {
                    double s = 0.5 * k / 100, x = (xs * Math.Exp(-s)) + (us * (1 - Math.Exp(-s)));
                    Assert.All(FlowTestSupport.SegmentsAt(e.Tube, s), seg => Assert.True(FlowTestSupport.Contains(seg.Enclosure, [x]), $"{seg} misses x({s}) = {x} (x0 = {xs}, u = {us})."));
                }

                Assert.True(FlowTestSupport.Contains(e.End, [(x0 * a) + (u * (1 - a))]));
            }
        }

        double ratio = e.End[0].Width / exact.Width;
        output.WriteLine($"{form}: end {e.End}, exact {exact}, width ratio {ratio:F6}");
        Assert.True(ratio < (form == TaylorEnclosureForm.Direct ? 3 : 1.01), $"The end box is {ratio} times the exact width.");
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public void Quadratic_BeforeBlowUp_ContainsTheSolution(TaylorEnclosureForm form)
    {
        // x' = x², x(0) = x0: x(t) = x0 / (1 − x0 t), blow-up at 1/x0 ≥ 1/1.1.
        OdeSystem system = FlowTestSupport.System(["x"], [], "x^2");
        var problem = new FlowProblem(system, new Box(new Interval(0.9, 1.1)), null, 0, 0.5);
        FlowEnclosure e = new IntervalTaylorFlow { Form = form }.Enclose(problem);
        AssertContainsSolution(e, 200, (x0, s) => [x0[0] / (1 - (x0[0] * s))], [[0.9], [1.0], [1.1]]);
        output.WriteLine($"{form}: end {e.End}, exact [{0.9 / 0.55}, {1.1 / 0.45}], {e.Statistics}");
    }

    [Theory]
    [MemberData(nameof(Forms))]
    public void Quadratic_PastBlowUp_DoesNotValidate(TaylorEnclosureForm form)
    {
        OdeSystem system = FlowTestSupport.System(["x"], [], "x^2");
        var problem = new FlowProblem(system, new Box(new Interval(1, 1)), null, 0, 2);
        var algorithm = new IntervalTaylorFlow { Form = form };
        Assert.False(algorithm.TryEnclose(problem, out _, out FlowFailure? failure));
        output.WriteLine($"{form}: validated until {failure.ValidatedUntil:R} in {failure.Statistics.Steps} steps ({failure.Elapsed.TotalMilliseconds:F1} ms): {failure.Reason}");
        Assert.True(failure.ValidatedUntil < 1, $"Validated until {failure.ValidatedUntil}, past the blow-up at t = 1.");
        Assert.True(failure.ValidatedUntil > 0.9, $"Validated only until {failure.ValidatedUntil}.");
        Assert.All(failure.Tube, seg => Assert.True(seg.Time.Lo < 1));
        for (double t = 0; t < failure.ValidatedUntil; t += failure.ValidatedUntil / 500)
        {
            double x = 1 / (1 - t);
            Assert.All(FlowTestSupport.SegmentsAt(failure.Tube, t), seg => Assert.True(FlowTestSupport.Contains(seg.Enclosure, [x]), $"{seg} misses x({t}) = {x}."));
        }

        FlowTestSupport.AssertInside(failure.LastEnclosure, [1 / (1 - failure.ValidatedUntil)], () => $"{failure.LastEnclosure} misses x at {failure.ValidatedUntil}.");
        FlowValidationException thrown = Assert.Throws<FlowValidationException>(() => algorithm.Enclose(problem));
        Assert.NotNull(thrown.Failure);
    }
}
