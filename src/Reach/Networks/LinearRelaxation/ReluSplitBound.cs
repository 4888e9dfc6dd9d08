using Certus.Core.Numerics;

namespace Certus.Reach.Networks;

/// <summary>
/// Bounds of a network's last layer over the inputs of a box that satisfy ReLU split constraints (see
/// <see cref="LinearRelaxation.BoundWithSplits"/>).
/// </summary>
/// <param name="Infeasible">True when the bounds prove that no input of the box satisfies the constraints (a branch
/// of branch and bound that can be closed).</param>
/// <param name="Lower">Sound lower bounds of the last layer's pre-activations, one per row (+∞ when infeasible).</param>
/// <param name="PreActivations">The pre-activation bounds per layer, the constraints applied (z ≥ 0 for an active
/// neuron, z ≤ 0 for an inactive one).</param>
/// <param name="Scores">Per hidden layer and neuron, a branching score for the row with the best bound (0 for stable
/// neurons): the neuron's coefficient in that row's relaxation times the triangle's largest gap.</param>
/// <param name="Corner">The input corner (original coordinates, in the box) that minimises the best row's linear
/// lower bound: a candidate counterexample, not checked.</param>
/// <param name="Constrained">False when the constraints could not be used (the interval reference engine ran, for
/// non-finite interval bounds): the bounds then hold on the whole box.</param>
public sealed record ReluSplitBound(
    bool Infeasible,
    double[] Lower,
    IReadOnlyList<Interval[]> PreActivations,
    double[][] Scores,
    double[] Corner,
    bool Constrained);
