using Certus.Control.MadPinn;
using Certus.Core.Navigation;

namespace Certus.Control.Tests.MadPinn;

/// <summary>
/// The batched policy against the policy as it was (<see cref="ReferenceMadPinnPolicy"/>, per-agent evaluation) on
/// seeded scenes, step after step in closed loop.
/// </summary>
public sealed class MadPinnPolicyEquivalenceTests
{
    public static TheoryData<string, int, int, int> Scenes => new()
    {
        { "random", 64, 1, 120 },
        { "circle", 64, 1, 120 },
        { "random", 200, 2, 25 },
        { "circle", 24, 3, 200 },
    };

    /// <summary>The default (exact arithmetic, guarded search): every control of every step is the old policy's, bit for bit.</summary>
    [Theory]
    [MemberData(nameof(Scenes))]
    public void Exact_GivesTheOldPolicysActions_BitForBit_InClosedLoop(string layout, int agents, int seed, int steps)
    {
        NavigationScenario s = layout == "random" ? MadPinnScenes.Random(agents, seed) : MadPinnScenes.Circle(agents, seed);
        var batched = new MadPinnPolicy(MadPinnScenes.ShippedK2);
        var reference = new ReferenceMadPinnPolicy(MadPinnScenes.ShippedK2);
        Run(s, batched, reference, steps, (step, i, mine, theirs) => Assert.True(
            BitConverter.DoubleToInt64Bits(mine) == BitConverter.DoubleToInt64Bits(theirs),
            $"step {step}, control {i}: {mine:R} against the old policy's {theirs:R}"));
    }

    /// <summary>The other deployment settings: the raw network, ranking by value, another floor radius, every call exact (no guarded search).</summary>
    [Theory]
    [InlineData(false, false, 0.0, true)]
    [InlineData(true, true, 0.0, true)]
    [InlineData(true, false, 0.3, true)]
    [InlineData(true, false, 0.0, false)]
    [InlineData(false, true, 0.0, false)]
    public void Exact_OtherSettings_GiveTheOldPolicysActions_BitForBit(bool floor, bool rankByValue, double floorRadius, bool guarded)
    {
        var options = new MadPinnPolicyOptions { ConstraintFloor = floor, RankByValue = rankByValue, FloorRadius = floorRadius, GuardedSearch = guarded, MaxDegreeOfParallelism = 2 };
        NavigationScenario s = MadPinnScenes.Random(48, 4);
        Run(s, new MadPinnPolicy(MadPinnScenes.ShippedK2, options), new ReferenceMadPinnPolicy(MadPinnScenes.ShippedK2, options), 40, (step, i, mine, theirs) => Assert.True(
            BitConverter.DoubleToInt64Bits(mine) == BitConverter.DoubleToInt64Bits(theirs),
            $"step {step}, control {i}: {mine:R} against the old policy's {theirs:R}"));
    }

    /// <summary>The fast arithmetic, from the same states: the same actions to 1e-9 (measured: 7e-13 at most).</summary>
    [Fact]
    public void Fast_GivesTheOldPolicysActions_ToRounding_FromTheSameStates()
    {
        NavigationScenario s = MadPinnScenes.Random(128, 5);
        var fast = new MadPinnPolicy(MadPinnScenes.ShippedK2, new MadPinnPolicyOptions { Arithmetic = MadPinnArithmetic.Fast });
        Run(s, fast, new ReferenceMadPinnPolicy(MadPinnScenes.ShippedK2), 60, (step, i, mine, theirs) => Assert.True(
            Math.Abs(mine - theirs) <= 1e-9, $"step {step}, control {i}: {mine:R} against the old policy's {theirs:R}"));
    }

    /// <summary>Steps the scene with the reference's controls (single integrators, Euler is exact), comparing every control.</summary>
    private static void Run(NavigationScenario s, INavigationPolicy policy, INavigationPolicy reference, int steps, Action<int, int, double, double> check)
    {
        int n = s.Agents.Count;
        double[] x = [.. s.Agents.Select(a => a.InitialState[0])], y = [.. s.Agents.Select(a => a.InitialState[1])];
        policy.Reset(s);
        reference.Reset(s);
        double[] mine = new double[2 * n], theirs = new double[2 * n];
        for (int step = 0; step < steps; step++)
        {
            NavigationSnapshot world = MadPinnScenes.World(s, x, y);
            policy.ComputeControls(world, mine);
            reference.ComputeControls(world, theirs);
            for (int i = 0; i < 2 * n; i++)
            {
                check(step, i, mine[i], theirs[i]);
            }

            for (int i = 0; i < n; i++)
            {
                x[i] += theirs[2 * i] * s.TimeStep;
                y[i] += theirs[(2 * i) + 1] * s.TimeStep;
            }
        }
    }
}
