using Certus.Core.Expressions;
using Certus.Core.Networks;
using Certus.Core.Sets;

namespace Certus.Verify.Specs;

/// <summary>A requirement on a network alone: <c>Constraint ≥ 0</c> for every input of the box (over input and output names).</summary>
/// <param name="Name">A name for reports.</param>
/// <param name="Constraint">The margin expression.</param>
public sealed record NetworkProperty(string Name, Expr Constraint);

/// <summary>An open-loop (network-only) spec: a network, a named input box, output names and requirements.</summary>
/// <param name="Name">The spec's name.</param>
/// <param name="Path">The file it was read from.</param>
/// <param name="Network">The network.</param>
/// <param name="InputNames">One name per network input.</param>
/// <param name="OutputNames">One name per network output.</param>
/// <param name="InputSet">The input box, enclosing the written decimals.</param>
/// <param name="InnerInputSet">Doubles inside the written box (for counterexamples), or null when a written point is not a double.</param>
/// <param name="Properties">The requirements.</param>
public sealed record NetworkSpec(
    string Name,
    string Path,
    FeedForwardNetwork Network,
    IReadOnlyList<string> InputNames,
    IReadOnlyList<string> OutputNames,
    Box InputSet,
    Box? InnerInputSet,
    IReadOnlyList<NetworkProperty> Properties)
{
    /// <summary>The network file the spec names, resolved against the spec's folder (null when built in code).</summary>
    public string? NetworkPath { get; init; }
}
