using System.Globalization;

namespace Certus.Control.Distillation;

/// <summary>
/// The observation and action layout of a distilled MAD-PINN controller: what its network reads and what its outputs
/// mean. One layout is shared by the dataset (what the teacher is asked), deployment (<c>simulate --policy distilled</c>)
/// and the closed-loop specs that certify it, so that the certified network is evaluated on exactly the inputs it sees
/// when deployed.
/// </summary>
/// <remarks>
/// <para>Input (<c>2 + 4K</c> numbers, all linear in the agents' positions and goals, so that a spec writes them as
/// plain differences): <c>e₀ = g₀ − p₀</c> (the ego's goal offset), then for each neighbour slot j = 1..K
/// <c>q_j = p_j − p₀</c> (its position relative to the ego) and <c>e_j = g_j − p_j</c> (its goal offset). A slot with no
/// neighbour holds the dummy: <c>q = (DummyDistance, 0)</c>, <c>e = 0</c> (an agent parked at its goal, beyond the
/// teacher's sensing radius, so the teacher ignores it and the student learns to). Goal offsets longer than
/// <see cref="GoalRange"/> are shortened to it, direction kept (a certification spec proves instead that they never are).</para>
/// <para>Output: two numbers in [−1, 1] (the network ends with tanh); the ego's velocity command is
/// <c>MaxSpeed · out</c>, in the single integrator's box <c>|u_x|, |u_y| ≤ MaxSpeed</c>.</para>
/// </remarks>
/// <param name="Neighbours">K, the neighbour slots (1 or more).</param>
/// <param name="MaxSpeed">u_max of the single integrators it drives.</param>
/// <param name="GoalRange">The longest goal offset fed to the network (longer ones are shortened).</param>
/// <param name="DummyDistance">The distance of the dummy neighbour that fills an empty slot.</param>
public sealed record DistilledLayout(int Neighbours, double MaxSpeed, double GoalRange = 3, double DummyDistance = 3)
{
    /// <summary>The number of network inputs, <c>2 + 4K</c>.</summary>
    public int InputSize => 2 + (4 * Neighbours);

    /// <summary>The number of network outputs (the ego's two velocity components, scaled to [−1, 1]).</summary>
    public int OutputSize => 2;

    /// <summary>Checks the fields.</summary>
    /// <exception cref="ArgumentException">A field is out of range; the message names it.</exception>
    public void Validate()
    {
        Check(Neighbours is >= 1 and <= 6, $"neighbours must be 1 to 6, got {Neighbours}");
        Check(MaxSpeed > 0 && double.IsFinite(MaxSpeed), $"max_speed must be positive, got {MaxSpeed}");
        Check(GoalRange > 0 && double.IsFinite(GoalRange), $"goal_range must be positive, got {GoalRange}");
        Check(DummyDistance > 0 && double.IsFinite(DummyDistance), $"dummy_distance must be positive, got {DummyDistance}");
    }

    /// <summary>Writes the network input of one agent.</summary>
    /// <param name="x">Agents' x positions.</param>
    /// <param name="y">Agents' y positions.</param>
    /// <param name="goalX">Agents' goal x.</param>
    /// <param name="goalY">Agents' goal y.</param>
    /// <param name="ego">The agent whose view this is.</param>
    /// <param name="neighbours">The neighbours in slot order (at most K; missing slots get the dummy).</param>
    /// <param name="input">The input, <see cref="InputSize"/> long.</param>
    public void Fill(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> goalX, ReadOnlySpan<double> goalY, int ego, ReadOnlySpan<int> neighbours, Span<double> input)
    {
        if (input.Length != InputSize)
        {
            throw new ArgumentException($"The input has {input.Length} entries; the layout has {InputSize}.", nameof(input));
        }

        if (neighbours.Length > Neighbours)
        {
            throw new ArgumentException($"{neighbours.Length} neighbours given; the layout has {Neighbours} slots.", nameof(neighbours));
        }

        GoalOffset(goalX[ego] - x[ego], goalY[ego] - y[ego], input[..2]);
        for (int s = 0; s < Neighbours; s++)
        {
            Span<double> slot = input.Slice(2 + (4 * s), 4);
            if (s < neighbours.Length)
            {
                int j = neighbours[s];
                slot[0] = x[j] - x[ego];
                slot[1] = y[j] - y[ego];
                GoalOffset(goalX[j] - x[j], goalY[j] - y[j], slot[2..]);
            }
            else
            {
                slot[0] = DummyDistance;
                slot[1] = 0;
                slot[2] = 0;
                slot[3] = 0;
            }
        }
    }

    /// <summary>The velocity command for network outputs: <c>MaxSpeed · out</c>, clamped to the box.</summary>
    /// <param name="output">The two network outputs.</param>
    /// <param name="control">The two velocity components.</param>
    public void Control(ReadOnlySpan<double> output, Span<double> control)
    {
        control[0] = MaxSpeed * Math.Clamp(output[0], -1, 1);
        control[1] = MaxSpeed * Math.Clamp(output[1], -1, 1);
    }

    private void GoalOffset(double ex, double ey, Span<double> into)
    {
        double norm = Math.Sqrt((ex * ex) + (ey * ey));
        double scale = norm > GoalRange ? GoalRange / norm : 1;
        into[0] = ex * scale;
        into[1] = ey * scale;
    }

    private static void Check(bool ok, string message)
    {
        if (!ok)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"distilled layout: {message}"));
        }
    }
}
