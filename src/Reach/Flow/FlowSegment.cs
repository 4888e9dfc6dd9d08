using Certus.Core.Numerics;
using Certus.Core.Sets;

namespace Certus.Reach.Flow;

/// <summary>One piece of a flow tube: a box containing the state <c>x(t)</c> of every trajectory at every time of a step.</summary>
/// <param name="Time">An enclosure of the step's time interval <c>[t₀ + s_j, t₀ + s_{j+1}]</c> (exact real sums of the
/// start time and double offsets; the endpoints are rounded outward when a sum is not a double, so consecutive
/// segments share or overlap their ends and the tube covers the period without gaps).</param>
/// <param name="Enclosure">A box containing <c>x(t)</c> for every trajectory of the problem and every <c>t</c> of the step.</param>
public sealed record FlowSegment(Interval Time, Box Enclosure);
