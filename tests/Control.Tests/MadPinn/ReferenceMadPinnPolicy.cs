using Certus.Core.Navigation;

using Certus.Control.MadPinn;

namespace Certus.Control.Tests.MadPinn;

/// <summary>
/// The MAD-PINN policy as it was before the batched evaluation (commit 7fbbafb, verbatim but for the name and the
/// envelope check, which <see cref="MadPinnPolicy.CheckEnvelope"/> still does): every agent's reduced problem through
/// the per-point <see cref="MadPinnModel.EvaluateParallel"/> with <see cref="Math.Sin"/>, every row in every bisection
/// step. The oracle of <see cref="MadPinnPolicyEquivalenceTests"/>.
/// </summary>
internal sealed class ReferenceMadPinnPolicy : INavigationPolicy
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
    public ReferenceMadPinnPolicy(MadPinnModel model, MadPinnPolicyOptions? options = null)
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
        MadPinnPolicy.CheckEnvelope(scenario, _p, Options.ConstraintFloor && Options.FloorRadius > 0 ? Options.FloorRadius : _p.SafetyRadius);
        double cap = 0.9 * _p.PositionRange;
        _cutoff = Math.Min(cap, Options.NeighbourCutoff > 0 ? Options.NeighbourCutoff : scenario.SensingRadius);
        _dt = scenario.TimeStep;
        _hold = 0.5 * scenario.GoalTolerance;
        _floor = Options.FloorRadius > 0 ? _p with { SafetyRadius = Options.FloorRadius } : _p;
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

            (double[] z0, _) = MinimalBudgets(solo, ranked.Length);
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
            Evaluate(pair, score, null);
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

        (double[] z, bool[] infeasible) = MinimalBudgets(inputs, n);
        for (int i = 0; i < n; i++)
        {
            inputs[(i * d) + d - 1] = z[i];
        }

        double[] values = new double[n], gradients = new double[n * d];
        Evaluate(inputs, values, gradients);
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

    /// <summary>The smallest budget z in [z_min, z_max] with V(T, s, z) ≤ δ for each row (the last input is overwritten), by bisection; and whether V(z_max) > δ.</summary>
    private (double[] Budgets, bool[] Infeasible) MinimalBudgets(double[] inputs, int rows)
    {
        int d = _p.InputDimension;
        double[] lo = new double[rows], hi = new double[rows], v = new double[rows];
        double zmin = _p.BudgetMin, zmax = _p.EffectiveBudgetMax, delta = Options.Delta;
        SetBudget(inputs, rows, _ => zmax);
        Evaluate(inputs, v, null);
        bool[] done = new bool[rows], infeasible = new bool[rows];
        for (int r = 0; r < rows; r++)
        {
            lo[r] = zmin;
            hi[r] = zmax;
            infeasible[r] = done[r] = v[r] > delta; // infeasible: keep z_max
        }

        SetBudget(inputs, rows, _ => zmin);
        Evaluate(inputs, v, null);
        for (int r = 0; r < rows; r++)
        {
            if (!done[r] && v[r] <= delta)
            {
                hi[r] = zmin;
                done[r] = true;
            }
        }

        for (int step = 0; step < Options.BisectionSteps; step++)
        {
            SetBudget(inputs, rows, r => 0.5 * (lo[r] + hi[r]));
            Evaluate(inputs, v, null);
            for (int r = 0; r < rows; r++)
            {
                if (done[r])
                {
                    continue;
                }

                double mid = 0.5 * (lo[r] + hi[r]);
                if (v[r] <= delta)
                {
                    hi[r] = mid;
                }
                else
                {
                    lo[r] = mid;
                }
            }
        }

        // hi satisfies V <= δ (or is z_max when infeasible).
        return (hi, infeasible);

        void SetBudget(double[] x, int count, Func<int, double> z)
        {
            for (int r = 0; r < count; r++)
            {
                x[(r * d) + d - 1] = z(r);
            }
        }
    }

    /// <summary>
    /// Batched values (and input gradients) of the model, floored by the constraint when
    /// <see cref="MadPinnPolicyOptions.ConstraintFloor"/> is set: where <c>g(s) &gt; V_θ</c> the value is <c>g</c> and the
    /// gradient is <c>∇g</c> (central differences of the closed-form g; no dependence on τ or z).
    /// </summary>
    private void Evaluate(double[] inputs, double[] values, double[]? gradients)
    {
        _model.EvaluateParallel(inputs, values, gradients, Options.MaxDegreeOfParallelism);
        if (!Options.ConstraintFloor || !_p.HasConstraint)
        {
            return;
        }

        int d = _p.InputDimension, ns = _p.StateDimension, rows = values.Length;
        Parallel.For(0, rows, new ParallelOptions { MaxDegreeOfParallelism = Options.MaxDegreeOfParallelism > 0 ? Options.MaxDegreeOfParallelism : Environment.ProcessorCount }, r =>
        {
            Span<double> s = stackalloc double[ns];
            inputs.AsSpan((r * d) + 1, ns).CopyTo(s);
            double g = _floor.Constraint(s);
            if (g <= values[r])
            {
                return;
            }

            values[r] = g;
            if (gradients is null)
            {
                return;
            }

            Span<double> grad = gradients.AsSpan(r * d, d);
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
        });
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
