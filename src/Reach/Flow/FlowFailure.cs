using Certus.Core.Sets;

namespace Certus.Reach.Flow;

/// <summary>
/// Why a flow enclosure could not be validated over the whole period (an UNKNOWN answer, never an unsound one),
/// with what was validated before.
/// </summary>
/// <param name="Problem">The problem.</param>
/// <param name="Reason">What failed, in words (for instance: no a-priori enclosure even at the minimum step).</param>
/// <param name="ValidatedUntil">A lower bound of the time up to which <see cref="Tube"/> is validated
/// (<see cref="FlowProblem.StartTime"/> when nothing was).</param>
/// <param name="LastEnclosure">A box containing every state at <see cref="ValidatedUntil"/>'s exact time.</param>
/// <param name="Tube">The validated segments, covering <c>[t₀, ValidatedUntil]</c>; sound as far as they go.</param>
/// <param name="Algorithm">The algorithm with its options.</param>
/// <param name="Statistics">Step counts so far.</param>
/// <param name="Elapsed">Wall-clock time.</param>
public sealed record FlowFailure(FlowProblem Problem, string Reason, double ValidatedUntil, Box LastEnclosure, IReadOnlyList<FlowSegment> Tube, IFlowAlgorithm Algorithm, FlowStatistics Statistics, TimeSpan Elapsed);
