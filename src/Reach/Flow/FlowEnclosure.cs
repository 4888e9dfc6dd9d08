using Certus.Core.Sets;

namespace Certus.Reach.Flow;

/// <summary>
/// A validated enclosure of the flow over a period: <see cref="End"/> contains <c>x(t₀ + T)</c> and the
/// <see cref="Tube"/> contains <c>x(t)</c> for every <c>t</c> in <c>[t₀, t₀ + T]</c>, for every initial state in
/// <c>X₀</c> and every held input in <c>V</c>.
/// </summary>
/// <param name="Problem">The problem solved.</param>
/// <param name="End">A box containing every state at the end time.</param>
/// <param name="Tube">Segments in time order covering <c>[t₀, t₀ + T]</c> without gaps.</param>
/// <param name="Algorithm">The algorithm, with its options, that produced it.</param>
/// <param name="Statistics">Step counts and remainder sizes.</param>
/// <param name="Elapsed">Wall-clock time.</param>
public sealed record FlowEnclosure(FlowProblem Problem, Box End, IReadOnlyList<FlowSegment> Tube, IFlowAlgorithm Algorithm, FlowStatistics Statistics, TimeSpan Elapsed);
