namespace Certus.Control.Tests.Networks;

/// <summary>Input boxes for sampling each benchmark controller around where it is used (a little wider than the reach sets).</summary>
internal static class Boxes
{
    /// <summary>ACC inputs (v_set, T_gap, v_ego, D_rel, v_rel).</summary>
    public static readonly (double Lo, double Hi)[] Acc = [(25, 35), (1, 2), (20, 40), (0, 150), (-10, 10)];

    /// <summary>TORA states, the safety box [-2, 2]^4.</summary>
    public static readonly (double Lo, double Hi)[] Tora = [(-2, 2), (-2, 2), (-2, 2), (-2, 2)];

    /// <summary>Pendulum angle and angular velocity.</summary>
    public static readonly (double Lo, double Hi)[] Pendulum = [(-1, 2), (-2, 2)];

    /// <summary>Airplane states (x, y, z, u, v, w, φ, θ, ψ, r, p, q) around the initial set and the safe box.</summary>
    public static readonly (double Lo, double Hi)[] Airplane = [(-1, 3), (-1, 1), (-1, 3), (-1, 2), (-1, 2), (-1, 2), (-1, 1), (-1, 1), (-1, 1), (-2, 2), (-2, 2), (-2, 2)];

    /// <summary>Cart-pole states (position, velocity, angle, angular velocity).</summary>
    public static readonly (double Lo, double Hi)[] CartPole = [(-0.5, 0.5), (-0.5, 0.5), (-0.3, 0.3), (-0.5, 0.5)];

    /// <summary>VerticalCAS network inputs, normalised as the benchmark does ((h, ḣ0, τ − 20) / (16000, 5000, 40)), for
    /// |h| ≤ 2000 ft, |ḣ0| ≤ 100 ft/s, τ in [0, 40] s.</summary>
    public static readonly (double Lo, double Hi)[] Vcas = [(-0.125, 0.125), (-0.02, 0.02), (-0.5, 0.5)];

    /// <summary>The box for a shipped file, by its benchmark folder.</summary>
    public static (double Lo, double Hi)[] For(string relative) => relative.Split('/')[0] switch
    {
        "acc" => Acc,
        "single_pendulum" => Pendulum,
        "airplane" => Airplane,
        "cartpole" => CartPole,
        "vcas" => Vcas,
        _ => Tora,
    };

    /// <summary><paramref name="count"/> points drawn uniformly from the box, seeded.</summary>
    public static double[][] Sample((double Lo, double Hi)[] box, int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count)
            .Select(_ => box.Select(b => b.Lo + (random.NextDouble() * (b.Hi - b.Lo))).ToArray())
            .ToArray();
    }
}
