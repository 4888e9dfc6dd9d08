namespace Certus.Reach.Flow;

/// <summary>Figures about one run of a flow algorithm.</summary>
/// <param name="Steps">Accepted integration steps.</param>
/// <param name="RejectedSteps">Attempts that were retried with half the step (a-priori enclosure not validated, a
/// domain problem on an inflated box, or a remainder over the tolerance in adaptive mode).</param>
/// <param name="SmallestStep">The shortest accepted step (0 when none).</param>
/// <param name="LargestStep">The longest accepted step (0 when none).</param>
/// <param name="MaxRemainderWidth">The largest width of a Taylor remainder over the accepted steps.</param>
public sealed record FlowStatistics(int Steps, int RejectedSteps, double SmallestStep, double LargestStep, double MaxRemainderWidth);
