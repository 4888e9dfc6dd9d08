using Certus.Core.Networks;

namespace Certus.Reach.Tests.Networks;

/// <summary>Networks with published weights used as known answers.</summary>
internal static class TestNetworks
{
    /// <summary>The seed paper's robotic arm network (2 → 5 → 2), weights as in DESIGN.md.</summary>
    public static FeedForwardNetwork RoboticArm(Activation hidden) => new(
        [
            new DenseLayer(2, 5,
                [-1.87296, -0.02866, -0.84023, -2.25227, -1.10904, -0.6002, -0.84835, -1.04995, 0.07309, -8.852],
                [3.58326, 5.82976, 2.09246, 2.65733, 13.50541], hidden),
            new DenseLayer(5, 2,
                [2.04445, -1.86677, 14.2524, -4.47312, -0.01326, 3.18875, 1.1107, -5.24184, 8.51545, 0.00277],
                [-0.52256, 7.34787], Activation.Identity),
        ],
        name: $"robotic-arm-{hidden.ToString().ToLowerInvariant()}");
}
