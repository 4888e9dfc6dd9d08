using System.Globalization;
using Certus.Core.Navigation;

namespace Certus.Control.MadPinn;

/// <summary>
/// MAD-PINN deployment: each agent, every step (receding horizon), picks its K most safety-critical neighbours by
/// the learned pairwise value, builds the reduced observation, finds the smallest budget z with
/// <c>V(T, s, z) ≤ δ</c> by bisection, and applies the control that minimizes the Hamiltonian at that point.
/// All agents share each network call: one <see cref="MadPinnModel.EvaluateBatchParallel"/> per bisection step over
/// the rows still open, in <see cref="MadPinnPolicyOptions.Arithmetic"/> (exact by default: bit for bit the
/// per-agent evaluation, so the same actions as a policy that evaluates agent by agent).
/// </summary>
/// <remarks>
/// Ranking: for an agent with more than K neighbours within the cutoff, its solo budget <c>z₀</c> (every slot filled
/// with a far, parked dummy) is found first; each neighbour j is then scored by <c>V(T, s_j, z₀)</c> with j alone in
/// slot 1: the larger, the more j threatens the cheap plan. Dummies sit at 0.9 L behind the ego (spread by 40°), at
/// their goals. Goal offsets are clipped to the trained radius D (direction kept). Infeasible (<c>V(z_max) &gt; δ</c>):
/// z = z_max, where V is dominated by the constraint.
/// </remarks>
public sealed class MadPinnPolicy : INavigationPolicy
{
    private readonly MadPinnModel _model;
    private readonly MadPinnProblem _p;
    private double _cutoff;
    private double _dt;
    private double _hold;
    private MadPinnProblem _floor;

    /// <summary>Creates the policy.</summary>
    /// <param name="model">A model with at least one neighbour.</param>
    /// <param name="options">Deployment settings (null: the defaults).</param>
    /// <exception cref="ArgumentException">The model has no neighbours, or the options are invalid.</exception>
    public MadPinnPolicy(MadPinnModel model, MadPinnPolicyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Problem.Neighbours < 1)
        {
            throw new ArgumentException("The MAD-PINN policy needs a model with at least one neighbour (problem.neighbours >= 1).", nameof(model));
        }

        Options = options ?? new MadPinnPolicyOptions();
        Options.Validate();
        _model = model;
        _p = model.Problem;
        _floor = _p;
    }

    /// <inheritdoc/>
    public string Name => Options.ConstraintFloor ? "madpinn" : "madpinn-raw";

    /// <summary>The deployment settings.</summary>
    public MadPinnPolicyOptions Options { get; }

    /// <summary>The model.</summary>
    public MadPinnModel Model => _model;

    /// <inheritdoc/>
    public void Reset(NavigationScenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        MadPinnProblem.CheckDynamics(scenario.Dynamics, _p.MaxSpeed);
        CheckEnvelope(scenario, _p, Options.ConstraintFloor && Options.FloorRadius > 0 ? Options.FloorRadius : _p.SafetyRadius);
        double cap = 0.9 * _p.PositionRange;
        _cutoff = Math.Min(cap, Options.NeighbourCutoff > 0 ? Options.NeighbourCutoff : scenario.SensingRadius);
        _dt = scenario.TimeStep;
        _hold = 0.5 * scenario.GoalTolerance;
        _floor = Options.FloorRadius > 0 ? _p with { SafetyRadius = Options.FloorRadius } : _p;
    }

    /// <summary>
    /// Refuses a scenario outside what the model was trained for, instead of running it silently: obstacles or a
    /// walled workspace (the value function sees only other agents), or agents larger than the model's agent radius
    /// (or, when the file does not record it, bodies that touch before the kept distance).
    /// </summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="problem">The model's problem.</param>
    /// <param name="keptDistance">The distance between centres the deployed policy keeps.</param>
    /// <exception cref="NotSupportedException">The scenario is outside the model's envelope; the message says why and what to use.</exception>
    public static void CheckEnvelope(NavigationScenario scenario, MadPinnProblem problem, double keptDistance)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(problem);
        if (scenario.Obstacles.Count > 0 || scenario.Workspace is not null)
        {
            string what = scenario.Obstacles.Count > 0 ? $"{scenario.Obstacles.Count} obstacle(s)" : "a walled workspace";
            throw new NotSupportedException($"the MAD-PINN policy sees only other agents (its value function knows no obstacles or walls), and this scenario has {what}: its agents would not avoid them. Use cbf, cbf-rh or orca here.");
        }

        double largest = scenario.Agents.Count == 0 ? 0 : scenario.Agents.Max(a => a.Radius);
        if (problem.AgentRadius is { } trained && largest > trained * (1 + 1e-12))
        {
            throw new NotSupportedException(string.Create(CultureInfo.InvariantCulture,
                $"the model was trained for agents of radius up to {trained} (safety radius {problem.SafetyRadius} between centres); this scenario has agents of radius {largest}, whose bodies touch at {2 * largest}. Train a model for this radius (problem.agent_radius and problem.safety_radius), or use cbf or orca."));
        }

        if (problem.AgentRadius is null && 2 * largest >= keptDistance)
        {
            throw new NotSupportedException(string.Create(CultureInfo.InvariantCulture,
                $"this scenario's agents (radius up to {largest}) touch at {2 * largest}, at or beyond the distance {keptDistance} the model keeps between centres; the model file does not record the agent radius it was trained for. Train a model for this radius, or use cbf or orca."));
        }
    }

    /// <inheritdoc/>
    public void ComputeControls(NavigationSnapshot world, double[] controls)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(controls);
        int n = world.AgentCount;
        if (controls.Length != 2 * n)
        {
            throw new ArgumentException($"The control buffer has {controls.Length} entries; {n} agents x 2 controls need {2 * n}.", nameof(controls));
        }

        if (_dt == 0)
        {
            Reset(world.Scenario);
        }

        int k = _p.Neighbours, d = _p.InputDimension;

        // Candidates within the cutoff, per agent.
        var candidates = new List<int>[n];
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<int> nb = world.Graph.Neighbours(i);
            ReadOnlySpan<double> dist = world.Graph.Distances(i);
            var list = new List<int>();
            for (int m = 0; m < nb.Length; m++)
            {
                if (dist[m] <= _cutoff)
                {
                    list.Add(nb[m]);
                }
            }

            candidates[i] = list;
        }

        // Ranking (only agents with more than K candidates).
        int[] ranked = Options.RankByValue ? [.. Enumerable.Range(0, n).Where(i => candidates[i].Count > k)] : [];
        if (!Options.RankByValue)
        {
            for (int i = 0; i < n; i++)
            {
                if (candidates[i].Count > k)
                {
                    candidates[i] = candidates[i].GetRange(0, k); // the graph lists them nearest first
                }
            }
        }

        if (ranked.Length > 0)
        {
            double[] solo = new double[ranked.Length * d];
            for (int r = 0; r < ranked.Length; r++)
            {
                Fill(world, ranked[r], [], solo.AsSpan(r * d, d));
            }

            (double[] z0, _, _) = MinimalBudgets(solo, ranked.Length, Floors(solo, ranked.Length));
            int rows = ranked.Sum(i => candidates[i].Count);
            double[] pair = new double[rows * d];
            int row = 0;
            for (int r = 0; r < ranked.Length; r++)
            {
                foreach (int j in candidates[ranked[r]])
                {
                    Span<double> x = pair.AsSpan(row * d, d);
                    Fill(world, ranked[r], [j], x);
                    x[d - 1] = z0[r];
                    row++;
                }
            }

            double[] score = new double[rows];
            _model.EvaluateBatchParallel(pair, score, null, rows, Options.MaxDegreeOfParallelism, Options.Arithmetic);
            double[] pairFloor = Floors(pair, rows);
            for (int m = 0; m < rows; m++)
            {
                score[m] = Floored(pairFloor[m], score[m]);
            }

            row = 0;
            for (int r = 0; r < ranked.Length; r++)
            {
                List<int> c = candidates[ranked[r]];
                int i = ranked[r];
                var order = c.Select((j, m) => (j, s: score[row + m], dist: Distance(world, i, j))).OrderByDescending(t => t.s).ThenBy(t => t.dist).Take(k).Select(t => t.j).ToList();
                row += c.Count;
                candidates[i] = order;
            }
        }

        double[] inputs = new double[n * d];
        for (int i = 0; i < n; i++)
        {
            Fill(world, i, candidates[i], inputs.AsSpan(i * d, d));
        }

        double[] floors = Floors(inputs, n);
        (double[] z, bool[] infeasible, double[] network) = MinimalBudgets(inputs, n, floors);
        for (int i = 0; i < n; i++)
        {
            inputs[(i * d) + d - 1] = z[i];
        }

        double[] gradients = Gradients(inputs, n, floors, Guarded ? null : network);
        Span<double> c0 = stackalloc double[2];
        Span<double> u = stackalloc double[2];
        for (int i = 0; i < n; i++)
        {
            _p.ControlCoefficient(gradients.AsSpan((i * d) + 1, _p.StateDimension), 0, c0);
            _p.OptimalControl(c0, u);
            double eps = Options.ControlSmoothing * (Math.Abs(c0[0]) + Math.Abs(c0[1]));
            if (_p.InputSet == MadPinnInputSet.Box && eps > 0)
            {
                u[0] = -_p.MaxSpeed * Math.Clamp(c0[0] / eps, -1, 1);
                u[1] = -_p.MaxSpeed * Math.Clamp(c0[1] / eps, -1, 1);
            }
            AgentSpec a = world.Scenario.Agents[i];
            double ex = a.GoalX - world.X[i], ey = a.GoalY - world.Y[i];
            if (Options.HoldAtGoal && !infeasible[i] && Math.Sqrt((ex * ex) + (ey * ey)) <= _hold)
            {
                u.Clear();
            }
            else if (Options.NoOvershoot)
            {
                u[0] = Limit(u[0], ex);
                u[1] = Limit(u[1], ey);
            }

            controls[2 * i] = u[0];
            controls[(2 * i) + 1] = u[1];
        }
    }

    /// <summary>
    /// The smallest budget z in [z_min, z_max] with <c>V̂(τ, s, z) = max(g, V_θ) ≤ δ</c> for each row, by bisection (the
    /// last input is overwritten); whether <c>V̂(z_max) &gt; δ</c>; and the network's value <c>V_θ</c> at the budget returned.
    /// </summary>
    /// <remarks>
    /// Every bisection step evaluates only the rows still open, packed into one batch: rows infeasible at z_max or
    /// feasible at z_min take no further part (their results were never read). The midpoints and comparisons are those
    /// of a bisection that evaluates every row at every step.
    /// </remarks>
    private (double[] Budgets, bool[] Infeasible, double[] NetworkAtBudget) MinimalBudgets(double[] inputs, int rows, double[] floors)
    {
        int d = _p.InputDimension;
        bool guarded = Guarded;
        MadPinnArithmetic arithmetic = guarded ? MadPinnArithmetic.Fast : Options.Arithmetic;
        double[] lo = new double[rows], hi = new double[rows], v = new double[rows], atHi = new double[rows];
        double zmin = _p.BudgetMin, zmax = _p.EffectiveBudgetMax, delta = Options.Delta;
        bool[] infeasible = new bool[rows];
        for (int r = 0; r < rows; r++)
        {
            inputs[(r * d) + d - 1] = zmax;
        }

        _model.EvaluateBatchParallel(inputs, v, null, rows, Options.MaxDegreeOfParallelism, arithmetic);
        var open = new List<int>(rows);
        for (int r = 0; r < rows; r++)
        {
            lo[r] = zmin;
            hi[r] = zmax;
            atHi[r] = v[r];
            infeasible[r] = !Feasible(floors[r], v[r], inputs.AsSpan(r * d, d), guarded); // infeasible: keep z_max
            if (!infeasible[r])
            {
                open.Add(r);
            }
        }

        // The open rows, packed; the z_min test first, then the bisection steps.
        double[] packed = new double[rows * d];
        for (int step = -1; step < Options.BisectionSteps && open.Count > 0; step++)
        {
            int count = open.Count;
            for (int m = 0; m < count; m++)
            {
                int r = open[m];
                inputs.AsSpan(r * d, d).CopyTo(packed.AsSpan(m * d, d));
                packed[(m * d) + d - 1] = step < 0 ? zmin : 0.5 * (lo[r] + hi[r]);
            }

            _model.EvaluateBatchParallel(packed, v, null, count, Options.MaxDegreeOfParallelism, arithmetic);
            int kept = 0;
            for (int m = 0; m < count; m++)
            {
                int r = open[m];
                bool feasible = Feasible(floors[r], v[m], packed.AsSpan(m * d, d), guarded);
                if (step < 0)
                {
                    if (feasible)
                    {
                        hi[r] = zmin;
                        atHi[r] = v[m];
                        continue; // done
                    }
                }
                else if (feasible)
                {
                    hi[r] = packed[(m * d) + d - 1];
                    atHi[r] = v[m];
                }
                else
                {
                    lo[r] = packed[(m * d) + d - 1];
                }

                open[kept++] = r;
            }

            open.RemoveRange(kept, count - kept);
        }

        // hi satisfies V̂ <= δ (or is z_max when infeasible).
        return (hi, infeasible, atHi);
    }

    /// <summary>
    /// Whether the bisection compares fast values (<see cref="MadPinnPolicyOptions.GuardedSearch"/> with exact
    /// arithmetic): each comparison with δ is then the exact one, re-evaluated exactly where the fast value is within
    /// <see cref="SearchGuard"/> of δ, and the final value and gradient are exact.
    /// </summary>
    private bool Guarded => Options.GuardedSearch && Options.Arithmetic == MadPinnArithmetic.Exact;

    /// <summary>
    /// How far a fast value may be from the exact one for the guarded search to take its comparison with δ as the
    /// exact comparison: 1e-9, against at most 2.2e-15 measured on random inputs of the shipped models (tested with a
    /// margin: <c>MadPinnBatchEvaluationTests</c>).
    /// </summary>
    internal const double SearchGuard = 1e-9;

    /// <summary>
    /// <c>max(g, V) ≤ δ</c> for a row with network value <paramref name="network"/>. Guarded: where g does not decide
    /// and the (fast) value is within <see cref="SearchGuard"/> of δ, the row is evaluated again exactly and that
    /// value decides, so the answer is the exact arithmetic's.
    /// </summary>
    private bool Feasible(double g, double network, ReadOnlySpan<double> row, bool guarded)
    {
        double delta = Options.Delta;
        if (guarded && !(g > delta) && Math.Abs(network - delta) <= SearchGuard)
        {
            Span<double> exact = stackalloc double[1];
            _model.EvaluateBatch(row, exact, [], MadPinnArithmetic.Exact);
            network = exact[0];
        }

        return Floored(g, network) <= delta;
    }

    /// <summary>
    /// The floor g(s) of each row when <see cref="MadPinnPolicyOptions.ConstraintFloor"/> is set (it depends on the
    /// state alone, not on τ or z), else −∞.
    /// </summary>
    private double[] Floors(double[] inputs, int rows)
    {
        double[] g = new double[rows];
        if (!Options.ConstraintFloor || !_p.HasConstraint)
        {
            Array.Fill(g, double.NegativeInfinity);
            return g;
        }

        int d = _p.InputDimension, ns = _p.StateDimension;
        for (int r = 0; r < rows; r++)
        {
            g[r] = _floor.Constraint(inputs.AsSpan((r * d) + 1, ns));
        }

        return g;
    }

    /// <summary>The value read with its lower bound: <c>max(g, V_θ)</c> (g where it is larger).</summary>
    private static double Floored(double g, double network) => g > network ? g : network;

    /// <summary>
    /// The gradient of <c>V̂</c> at each row (whose budget is set): <c>∇g</c> (central differences of the closed-form g;
    /// no dependence on τ or z) where the floor is above the network's value at that budget, else the network's
    /// gradient. With <paramref name="network"/> (the values at the budgets, from the search) only the rows the floor
    /// leaves to the network are evaluated; without (a guarded search, whose values were fast), every row is, exactly.
    /// </summary>
    private double[] Gradients(double[] inputs, int rows, double[] floors, double[]? network)
    {
        int d = _p.InputDimension;
        double[] gradients = new double[rows * d];
        if (network is null)
        {
            double[] values = new double[rows];
            _model.EvaluateBatchParallel(inputs, values, gradients, rows, Options.MaxDegreeOfParallelism, MadPinnArithmetic.Exact);
            for (int r = 0; r < rows; r++)
            {
                if (floors[r] > values[r])
                {
                    FloorGradient(inputs.AsSpan(r * d, d), gradients.AsSpan(r * d, d));
                }
            }

            return gradients;
        }

        var learned = new List<int>(rows);
        for (int r = 0; r < rows; r++)
        {
            if (!(floors[r] > network[r]))
            {
                learned.Add(r);
                continue;
            }

            FloorGradient(inputs.AsSpan(r * d, d), gradients.AsSpan(r * d, d));
        }

        int count = learned.Count;
        double[] packed = new double[count * d], packedValues = new double[count], packedGradients = new double[count * d];
        for (int m = 0; m < count; m++)
        {
            inputs.AsSpan(learned[m] * d, d).CopyTo(packed.AsSpan(m * d, d));
        }

        _model.EvaluateBatchParallel(packed, packedValues, packedGradients, count, Options.MaxDegreeOfParallelism, Options.Arithmetic);
        for (int m = 0; m < count; m++)
        {
            packedGradients.AsSpan(m * d, d).CopyTo(gradients.AsSpan(learned[m] * d, d));
        }

        return gradients;
    }

    /// <summary>∇g of one row by central differences (step 1e-6), zero in τ and z.</summary>
    private void FloorGradient(ReadOnlySpan<double> row, Span<double> grad)
    {
        int ns = _p.StateDimension;
        Span<double> s = stackalloc double[ns];
        row.Slice(1, ns).CopyTo(s);
        grad.Clear();
        const double H = 1e-6;
        for (int k = 0; k < ns; k++)
        {
            double keep = s[k];
            s[k] = keep + H;
            double up = _floor.Constraint(s);
            s[k] = keep - H;
            double down = _floor.Constraint(s);
            s[k] = keep;
            grad[1 + k] = (up - down) / (2 * H);
        }
    }

    /// <summary>Writes agent i's reduced observation (τ = T, s, z = 0) with the given neighbours in slots 1.. and dummies after.</summary>
    private void Fill(NavigationSnapshot world, int i, IReadOnlyList<int> neighbours, Span<double> x)
    {
        NavigationScenario s = world.Scenario;
        double px = world.X[i], py = world.Y[i];
        AgentSpec a = s.Agents[i];
        x.Clear();
        x[0] = Options.TimeToGo > 0 ? Math.Min(Options.TimeToGo, _p.Horizon) : _p.Horizon;
        (double ex, double ey) = Clip(a.GoalX - px, a.GoalY - py);
        int e0 = 1 + _p.GoalIndex(0);
        x[e0] = ex;
        x[e0 + 1] = ey;
        double norm = Math.Sqrt((ex * ex) + (ey * ey));
        (double bx, double by) = norm > 1e-9 ? (-ex / norm, -ey / norm) : (-1.0, 0.0);
        int dummy = 0;
        for (int j = 1; j <= _p.Neighbours; j++)
        {
            int q = 1 + MadPinnProblem.OffsetIndex(j), e = 1 + _p.GoalIndex(j);
            if (j - 1 < neighbours.Count)
            {
                int other = neighbours[j - 1];
                x[q] = world.X[other] - px;
                x[q + 1] = world.Y[other] - py;
                AgentSpec b = s.Agents[other];
                (x[e], x[e + 1]) = Clip(b.GoalX - world.X[other], b.GoalY - world.Y[other]);
            }
            else
            {
                // Parked dummies behind the ego, 40° apart.
                double angle = (dummy % 2 == 0 ? 1 : -1) * ((dummy + 1) / 2) * (40 * Math.PI / 180);
                double r = 0.9 * _p.PositionRange;
                x[q] = r * ((bx * Math.Cos(angle)) - (by * Math.Sin(angle)));
                x[q + 1] = r * ((bx * Math.Sin(angle)) + (by * Math.Cos(angle)));
                dummy++;
            }
        }
    }

    private (double X, double Y) Clip(double x, double y)
    {
        double n = Math.Sqrt((x * x) + (y * y)), max = _p.GoalRange;
        return n > max ? (x * max / n, y * max / n) : (x, y);
    }

    private double Limit(double u, double e)
    {
        // A component towards the goal stops at it instead of overshooting within the step.
        if (u * e > 0)
        {
            double cap = Math.Abs(e) / _dt;
            return Math.Sign(u) * Math.Min(Math.Abs(u), cap);
        }

        return u;
    }

    private static double Distance(NavigationSnapshot w, int i, int j)
    {
        double dx = w.X[i] - w.X[j], dy = w.Y[i] - w.Y[j];
        return Math.Sqrt((dx * dx) + (dy * dy));
    }
}
