namespace Certus.Control.MadPinn;

/// <summary>Deployment settings of <see cref="MadPinnPolicy"/>; every default is documented on its property.</summary>
public sealed record MadPinnPolicyOptions
{
    /// <summary>
    /// The level δ of the budget search: the smallest z with <c>V(τ, s, z) ≤ δ</c> (default 0.05). A larger δ accepts
    /// cheaper, bolder plans. With the constraint floor, a neighbour counts as safe while <c>R − ‖q‖ ≤ δ</c>. δ must
    /// therefore stay below <c>R − r_i − r_j</c> by more than one step of closing speed: 0.15 − 0.085 with the
    /// shipped model (R = 0.35, radii 0.1, |u| ≤ 0.6, Δt = 0.05). Measured over 6 runs (circle-64, random-64,
    /// random-16, two seeds each) at ε = 0.4:
    /// <list type="bullet">
    /// <item>δ = 0: 67 % mean success;</item>
    /// <item>δ = 0.02: 88 %;</item>
    /// <item>δ = 0.05: 93 %;</item>
    /// <item>δ = 0.08: 97 %;</item>
    /// <item>δ = 0.12: 88 % success, and safety falls to 84 %.</item>
    /// </list>
    /// </summary>
    public double Delta { get; init; } = 0.05;

    /// <summary>
    /// The time to go τ at which V is read (0: the model's horizon T). Receding horizon: the same τ every step.
    /// Default 0.3 s: six control steps of look-ahead; with the shipped model (T = 1 s) shorter look-ahead gave
    /// fewer stuck agents (measured: success 93 % mean over 12 runs against 40 % at τ = T, safety 100 % in both).
    /// </summary>
    public double TimeToGo { get; init; } = 0.3;

    /// <summary>Bisection steps on z (default 12: the budget range / 4096).</summary>
    public int BisectionSteps { get; init; } = 12;

    /// <summary>Neighbours farther than this are ignored (default 0: the scenario's sensing radius, capped at 0.9 L).</summary>
    public double NeighbourCutoff { get; init; }

    /// <summary>Whether a control component towards the goal is shortened so as not to overshoot it in one step (default true).</summary>
    public bool NoOvershoot { get; init; } = true;

    /// <summary>
    /// Whether an agent within half the goal tolerance of its goal stays still while its reduced problem is feasible
    /// (<c>V(T, s, z_max) ≤ δ</c>: no neighbour threatens it); it acts on the value again when one does (default true).
    /// Near the goal the exact value is flat (<c>∂V/∂e₀ → 0</c>), so a learned gradient's sign there is noise.
    /// </summary>
    public bool HoldAtGoal { get; init; } = true;

    /// <summary>
    /// The boundary layer ε of the box control (default 0.5; 0: pure bang-bang). The control minimizes
    /// <c>c·u + (ε‖c‖₁/(2 u_max)) ‖u‖²</c> over the box: <c>u_k = −u_max clamp(c_k/(ε‖c‖₁), −1, 1)</c>, the bang-bang
    /// law <c>−u_max sign(c_k)</c> except where a coefficient is within ε‖c‖₁ of zero, where the minimizer of the
    /// plain Hamiltonian is not unique and the sign would flip from step to step.
    /// </summary>
    public double ControlSmoothing { get; init; } = 0.5;

    /// <summary>
    /// Whether the learned value is read as <c>max(g(s), V_θ(s))</c> (default true). The exact value of the
    /// state-constrained problem satisfies <c>V ≥ g</c> everywhere (the obstacle term of the variational inequality);
    /// a network trained on a CPU falls below <c>g</c> near contact, which weakens avoidance exactly where it matters.
    /// The floor restores the known inequality: inside the safety radius the budget search finds no feasible z and
    /// the control follows <c>∇g</c>, away from the nearest threat. False reads the raw network (policy
    /// <c>madpinn-raw</c>).
    /// </summary>
    public bool ConstraintFloor { get; init; } = true;

    /// <summary>The safety radius of the floor's constraint (default 0: the model's safety radius).</summary>
    public double FloorRadius { get; init; }

    /// <summary>
    /// How the K neighbours are chosen among the sensed ones. False (default): by the closed-form pairwise
    /// Hamilton-Jacobi safety value of two agents with the same box of velocities, which is the current margin
    /// <c>‖p_j − p₀‖ − R</c> (whatever one agent does, the other can match it, so the margin is all that decides a
    /// pairwise collision), i.e. the K nearest. True: by the learned value of the reduced problem with each
    /// candidate alone in slot 1 (the more it raises the value of the ego's cheapest plan, the more critical);
    /// measured worse with the shipped model, whose pairwise values are not accurate enough to rank.
    /// </summary>
    public bool RankByValue { get; init; }

    /// <summary>
    /// How the batched network calls compute (default <see cref="MadPinnArithmetic.Exact"/>: bit for bit the per-agent
    /// evaluation, so the same actions and the same simulations as before the batching; with
    /// <see cref="GuardedSearch"/> most calls still run fast). <see cref="MadPinnArithmetic.Fast"/> saves the exact
    /// final call too (about 25 % at N = 256) and agrees to about 1e-13 on the controls, but the closed loop amplifies
    /// that: on circle-64 (seed 1, 30 s) the success rate went from 31 % to 75 %, as a change of seed does. Use it
    /// where speed matters more than reproducing the exact runs.
    /// </summary>
    public MadPinnArithmetic Arithmetic { get; init; }

    /// <summary>
    /// With <see cref="MadPinnArithmetic.Exact"/>: whether the budget bisection compares fast values with δ (default
    /// true). A value within 1e-9 of δ (the fast arithmetic is within about 2e-15 of the exact one) is evaluated again
    /// exactly before it decides, and the final value and gradient at <c>z*</c> are exact, so the budgets and the
    /// actions are the exact arithmetic's while most of the network calls run at the fast arithmetic's speed. False:
    /// every call in exact arithmetic (slower; bit for bit by construction).
    /// </summary>
    public bool GuardedSearch { get; init; } = true;

    /// <summary>Cores for the batched network calls (default 0: all).</summary>
    public int MaxDegreeOfParallelism { get; init; }

    /// <summary>Checks the fields.</summary>
    /// <exception cref="ArgumentException">A field is out of range.</exception>
    public void Validate()
    {
        if (!double.IsFinite(Delta) || !(ControlSmoothing >= 0) || ControlSmoothing > 1 || !(TimeToGo >= 0) || !double.IsFinite(TimeToGo) || BisectionSteps is < 1 or > 60 || !(NeighbourCutoff >= 0) || !double.IsFinite(NeighbourCutoff))
        {
            throw new ArgumentException($"MAD-PINN policy options: delta must be finite (got {Delta}), bisection steps 1 to 60 (got {BisectionSteps}), the cutoff finite and non-negative (got {NeighbourCutoff}).");
        }
    }
}
