using System.Diagnostics;
using Certus.Core.Navigation;
using Certus.Core.Systems;

namespace Certus.Sim.MultiAgent;

/// <summary>
/// Runs a navigation scenario with a policy: every step it builds the proximity graph, asks the policy for every
/// agent's control, clamps the controls into the box, integrates every agent over the step with the control held
/// (RK4 sub-steps), and checks collisions between the step's end points.
/// </summary>
/// <remarks>
/// Collisions between agents are checked on the segment between the positions at the two ends of each step
/// (the closest approach of two points moving linearly; exact for the single integrator, the chord of the path
/// otherwise); obstacles and the boundary are checked at the end points and the midpoint of each segment.
/// </remarks>
public static class MultiAgentSimulator
{
    /// <summary>Runs a scenario.</summary>
    /// <param name="scenario">The scenario (validated here).</param>
    /// <param name="policy">The policy driving every agent.</param>
    /// <param name="options">Options; null for the defaults.</param>
    /// <param name="cancellationToken">Stops the run (throws <see cref="OperationCanceledException"/>).</param>
    /// <returns>The metrics and the recorded frames.</returns>
    /// <exception cref="ArgumentException">The scenario is invalid.</exception>
    public static NavigationResult Run(NavigationScenario scenario, INavigationPolicy policy, NavigationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(policy);
        scenario.Validate();
        return new RunState(scenario, policy, options ?? new NavigationOptions()).Execute(cancellationToken);
    }

    private sealed class RunState
    {
        private readonly NavigationScenario _s;
        private readonly INavigationPolicy _policy;
        private readonly NavigationOptions _options;
        private readonly AgentDynamics _dyn;
        private readonly int _n;
        private readonly int _ns;
        private readonly int _m;
        private readonly double[] _states;
        private readonly double[] _x;
        private readonly double[] _y;
        private readonly double[] _vx;
        private readonly double[] _vy;
        private readonly double[] _px;
        private readonly double[] _py;
        private readonly double[] _controls;
        private readonly double[] _radius;
        private readonly double[] _collisionTime;
        private readonly string[] _collisionWith;
        private readonly double[] _minClearance;
        private readonly double[] _pathLength;
        private readonly double[] _cost;
        private readonly double[] _arrivedAt;
        private readonly ParallelOptions _parallel;
        private readonly HashSet<(int, int)> _collidingPairs = [];
        private double _minSeparation = double.PositiveInfinity;
        private double _minObstacle = double.PositiveInfinity;
        private long _invalid;
        private ProximityGraph? _sensed;

        public RunState(NavigationScenario scenario, INavigationPolicy policy, NavigationOptions options)
        {
            _s = scenario;
            _policy = policy;
            _options = options;
            _dyn = scenario.Dynamics;
            _n = scenario.Agents.Count;
            _ns = _dyn.StateCount;
            _m = _dyn.ControlCount;
            _states = new double[_n * _ns];
            _x = new double[_n];
            _y = new double[_n];
            _vx = new double[_n];
            _vy = new double[_n];
            _px = new double[_n];
            _py = new double[_n];
            _controls = new double[_n * _m];
            _radius = new double[_n];
            _collisionTime = new double[_n];
            _collisionWith = new string[_n];
            _minClearance = new double[_n];
            _pathLength = new double[_n];
            _cost = new double[_n];
            _arrivedAt = new double[_n];
            _parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism > 0 ? options.MaxDegreeOfParallelism : Environment.ProcessorCount };
            for (int i = 0; i < _n; i++)
            {
                AgentSpec a = scenario.Agents[i];
                for (int k = 0; k < _ns; k++)
                {
                    _states[(i * _ns) + k] = a.InitialState[k];
                }

                _x[i] = a.InitialState[_dyn.PositionXIndex];
                _y[i] = a.InitialState[_dyn.PositionYIndex];
                _radius[i] = a.Radius;
                _collisionTime[i] = double.NaN;
                _collisionWith[i] = string.Empty;
                _minClearance[i] = double.PositiveInfinity;
                _arrivedAt[i] = double.NaN;
            }
        }

        public NavigationResult Execute(CancellationToken cancellationToken)
        {
            _policy.Reset(_s);
            var world = new NavigationSnapshot(_s, _states, _x, _y, _vx, _vy);
            var frames = new List<NavigationFrame> { Frame(0) };
            var policyTimes = new List<double>();
            var stepTimes = new List<double>();
            double dt = _s.TimeStep;
            int totalSteps = (int)Math.Ceiling((_s.TimeLimit / dt) - 1e-9);
            double maxRadius = _radius.Max();

            // Collisions already present at the start count.
            CheckStatic(0, initial: true);
            CheckPairs(0, dt, maxRadius);
            UpdateArrivals(0);
            int step = 0;
            var watch = new Stopwatch();
            while (step < totalSteps)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (_options.StopWhenAllArrived && AllArrived())
                {
                    break;
                }

                long stepStart = Stopwatch.GetTimestamp();
                double t = step * dt;
                world.Time = t;
                world.Step = step;
                // The collision check of the previous step searched these same positions with the sensing radius.
                world.Graph = _sensed ?? SpatialHash.Build(_x, _y, _s.SensingRadius, _options.MaxDegreeOfParallelism);
                watch.Restart();
                _policy.ComputeControls(world, _controls);
                watch.Stop();
                policyTimes.Add(watch.Elapsed.TotalMilliseconds);
                Advance(t, dt);
                step++;
                double tEnd = step * dt;
                CheckStatic(tEnd, initial: false);
                CheckPairs(tEnd, dt, maxRadius);
                UpdateArrivals(tEnd);
                stepTimes.Add(Stopwatch.GetElapsedTime(stepStart).TotalMilliseconds);
                if (_options.RecordEvery > 0 && step % _options.RecordEvery == 0)
                {
                    frames.Add(Frame(tEnd));
                }

                if (step % 20 == 0)
                {
                    Report(tEnd);
                }
            }

            double finalTime = step * dt;
            if (frames[^1].Time != finalTime)
            {
                frames.Add(Frame(finalTime));
            }

            Report(finalTime);
            return new NavigationResult(_s, _policy.Name, Metrics(finalTime, step, policyTimes, stepTimes), AgentMetricsList(), frames);
        }

        private void Report(double t)
        {
            if (_options.Progress is { } p)
            {
                int atGoal = 0, collided = 0;
                for (int i = 0; i < _n; i++)
                {
                    atGoal += double.IsNaN(_arrivedAt[i]) ? 0 : 1;
                    collided += double.IsNaN(_collisionTime[i]) ? 0 : 1;
                }

                p.Report(new NavigationProgress(t, _s.TimeLimit, atGoal, collided));
            }
        }

        private NavigationFrame Frame(double t) => new(t, (double[])_x.Clone(), (double[])_y.Clone());

        private bool AllArrived()
        {
            for (int i = 0; i < _n; i++)
            {
                if (double.IsNaN(_arrivedAt[i]))
                {
                    return false;
                }
            }

            return true;
        }

        private void Advance(double t, double dt)
        {
            Array.Copy(_x, _px, _n);
            Array.Copy(_y, _py, _n);
            long invalid = 0;
            int subSteps = _s.SubSteps;
            VectorField field = _dyn.Plant.Field;
            Parallel.For(
                0,
                (_n + 63) / 64,
                _parallel,
                () => (K1: new double[_ns], K2: new double[_ns], K3: new double[_ns], K4: new double[_ns], Tmp: new double[_ns], Bad: 0L),
                (c, _, w) =>
                {
                    for (int i = c * 64, end = Math.Min(_n, (c + 1) * 64); i < end; i++)
                    {
                        Span<double> u = _controls.AsSpan(i * _m, _m);
                        for (int j = 0; j < _m; j++)
                        {
                            if (!double.IsFinite(u[j]))
                            {
                                w.Bad++;
                            }
                        }

                        _dyn.Clamp(u);
                        Span<double> x = _states.AsSpan(i * _ns, _ns);
                        double h = dt / subSteps;
                        for (int s = 0; s < subSteps; s++)
                        {
                            double ts = t + (s * h);
                            field(ts, x, u, w.K1);
                            for (int k = 0; k < _ns; k++)
                            {
                                w.Tmp[k] = x[k] + (0.5 * h * w.K1[k]);
                            }

                            field(ts + (0.5 * h), w.Tmp, u, w.K2);
                            for (int k = 0; k < _ns; k++)
                            {
                                w.Tmp[k] = x[k] + (0.5 * h * w.K2[k]);
                            }

                            field(ts + (0.5 * h), w.Tmp, u, w.K3);
                            for (int k = 0; k < _ns; k++)
                            {
                                w.Tmp[k] = x[k] + (h * w.K3[k]);
                            }

                            field(ts + h, w.Tmp, u, w.K4);
                            for (int k = 0; k < _ns; k++)
                            {
                                x[k] += h / 6 * (w.K1[k] + (2 * w.K2[k]) + (2 * w.K3[k]) + w.K4[k]);
                            }
                        }

                        double nx = x[_dyn.PositionXIndex], ny = x[_dyn.PositionYIndex];
                        double dx = nx - _x[i], dy = ny - _y[i];
                        _pathLength[i] += Math.Sqrt((dx * dx) + (dy * dy));
                        double before = Distance(_x[i], _y[i], i), after = Distance(nx, ny, i);
                        _cost[i] += 0.5 * dt * (before + after);
                        _vx[i] = dx / dt;
                        _vy[i] = dy / dt;
                        _x[i] = nx;
                        _y[i] = ny;
                    }

                    return w;
                },
                w => Interlocked.Add(ref invalid, w.Bad));
            _invalid += invalid;
            for (int i = 0; i < _n; i++)
            {
                if (!double.IsFinite(_x[i]) || !double.IsFinite(_y[i]))
                {
                    throw new InvalidOperationException($"Agent {i} left the finite plane at t = {t + dt:G4} (its state became {_x[i]}, {_y[i]}); the policy '{_policy.Name}' or the dynamics diverged.");
                }
            }
        }

        private double Distance(double x, double y, int i)
        {
            AgentSpec a = _s.Agents[i];
            return Math.Sqrt(((x - a.GoalX) * (x - a.GoalX)) + ((y - a.GoalY) * (y - a.GoalY)));
        }

        private void UpdateArrivals(double t)
        {
            for (int i = 0; i < _n; i++)
            {
                bool at = Distance(_x[i], _y[i], i) <= _s.GoalTolerance;
                if (at && double.IsNaN(_arrivedAt[i]))
                {
                    _arrivedAt[i] = t;
                }
                else if (!at)
                {
                    _arrivedAt[i] = double.NaN;
                }
            }
        }

        private void MarkCollision(int i, double t, string with)
        {
            if (double.IsNaN(_collisionTime[i]))
            {
                _collisionTime[i] = t;
                _collisionWith[i] = with;
            }
        }

        private void CheckStatic(double t, bool initial)
        {
            if (_s.Obstacles.Count == 0 && _s.Workspace is null)
            {
                return;
            }

            double tol = _s.CollisionTolerance;
            for (int i = 0; i < _n; i++)
            {
                // End point, and the midpoint of the step's segment.
                for (int p = 0; p < (initial ? 1 : 2); p++)
                {
                    double x = p == 0 ? _x[i] : 0.5 * (_x[i] + _px[i]);
                    double y = p == 0 ? _y[i] : 0.5 * (_y[i] + _py[i]);
                    for (int o = 0; o < _s.Obstacles.Count; o++)
                    {
                        double gap = _s.Obstacles[o].SignedDistance(x, y) - _radius[i];
                        Clear(i, gap, t, $"obstacle {o}", tol);
                    }

                    if (_s.Workspace is { } ws)
                    {
                        Clear(i, ws.InteriorDistance(x, y) - _radius[i], t, "boundary", tol);
                    }
                }
            }
        }

        private void Clear(int i, double gap, double t, string with, double tol)
        {
            _minObstacle = Math.Min(_minObstacle, gap);
            _minClearance[i] = Math.Min(_minClearance[i], gap);
            if (gap < -tol)
            {
                MarkCollision(i, t, with);
            }
        }

        private void CheckPairs(double t, double dt, double maxRadius)
        {
            if (_n < 2)
            {
                return;
            }

            double maxMove = 0;
            for (int i = 0; i < _n; i++)
            {
                maxMove = Math.Max(maxMove, Math.Max(Math.Abs(_vx[i]), Math.Abs(_vy[i])) * dt * Math.Sqrt(2));
            }

            // Pairs that can have been within touching distance at some time of the step.
            // Also every sensed pair, so that the minimum separation is known even when nobody comes close.
            double reach = Math.Max(_s.SensingRadius, (2 * maxRadius) + (2 * maxMove) + 1e-9);
            ProximityGraph near = SpatialHash.Build(_x, _y, reach, _options.MaxDegreeOfParallelism);
            _sensed = reach == _s.SensingRadius ? near : null;
            double tol = _s.CollisionTolerance;
            for (int i = 0; i < _n; i++)
            {
                ReadOnlySpan<int> js = near.Neighbours(i);
                for (int k = 0; k < js.Length; k++)
                {
                    int j = js[k];
                    if (j < i)
                    {
                        continue;
                    }

                    // Relative position at the start (d0) and end (d1) of the step; closest approach on the segment.
                    double d0x = t == 0 ? _x[j] - _x[i] : _px[j] - _px[i], d0y = t == 0 ? _y[j] - _y[i] : _py[j] - _py[i];
                    double d1x = _x[j] - _x[i], d1y = _y[j] - _y[i];
                    double ex = d1x - d0x, ey = d1y - d0y;
                    double ee = (ex * ex) + (ey * ey);
                    double s = ee > 0 ? Math.Clamp(-((d0x * ex) + (d0y * ey)) / ee, 0, 1) : 0;
                    double cx = d0x + (s * ex), cy = d0y + (s * ey);
                    double gap = Math.Sqrt((cx * cx) + (cy * cy)) - _radius[i] - _radius[j];
                    _minSeparation = Math.Min(_minSeparation, gap);
                    _minClearance[i] = Math.Min(_minClearance[i], gap);
                    _minClearance[j] = Math.Min(_minClearance[j], gap);
                    if (gap < -tol)
                    {
                        // The first time in the step the centres came within r_i + r_j − tol: smallest root of
                        // |d0 + σ e|² = ρ² on [0, s].
                        double rho = _radius[i] + _radius[j] - tol;
                        double b = (d0x * ex) + (d0y * ey), c = (d0x * d0x) + (d0y * d0y) - (rho * rho);
                        double first = c <= 0 || ee == 0 ? 0 : Math.Clamp((-b - Math.Sqrt(Math.Max(0, (b * b) - (ee * c)))) / ee, 0, s);
                        double when = t == 0 ? 0 : t - dt + (first * dt);
                        MarkCollision(i, when, $"agent {j}");
                        MarkCollision(j, when, $"agent {i}");
                        _collidingPairs.Add((i, j));
                    }
                }
            }
        }

        private List<AgentMetrics> AgentMetricsList()
        {
            var list = new List<AgentMetrics>(_n);
            for (int i = 0; i < _n; i++)
            {
                bool collided = !double.IsNaN(_collisionTime[i]);
                bool atGoal = !double.IsNaN(_arrivedAt[i]);
                list.Add(new AgentMetrics(i, collided, _collisionTime[i], _collisionWith[i], atGoal, _arrivedAt[i], _pathLength[i], _cost[i], _minClearance[i]));
            }

            return list;
        }

        private NavigationMetrics Metrics(double finalTime, int steps, List<double> policyTimes, List<double> stepTimes)
        {
            List<AgentMetrics> agents = AgentMetricsList();
            double n = _n;
            bool allAtGoal = agents.All(a => a.AtGoal);
            return new NavigationMetrics
            {
                AgentCount = _n,
                SafetyRate = agents.Count(a => !a.Collided) / n,
                GoalRate = agents.Count(a => a.AtGoal) / n,
                SuccessRate = agents.Count(a => a.Succeeded) / n,
                MeanCumulativeCost = agents.Average(a => a.CumulativeCost),
                MinSeparation = _minSeparation,
                MinObstacleClearance = _minObstacle,
                CollidingPairs = _collidingPairs.Count,
                Makespan = allAtGoal ? agents.Max(a => a.TimeToGoal) : double.NaN,
                MeanPathLength = agents.Average(a => a.PathLength),
                SimulatedTime = finalTime,
                Steps = steps,
                PolicyMillisecondsPerStepMedian = Median(policyTimes),
                PolicyMillisecondsPerStepMean = policyTimes.Count == 0 ? 0 : policyTimes.Average(),
                PolicyMillisecondsPerStepMax = policyTimes.Count == 0 ? 0 : policyTimes.Max(),
                StepMillisecondsMedian = Median(stepTimes),
                InvalidControls = _invalid,
            };
        }

        private static double Median(List<double> values)
        {
            if (values.Count == 0)
            {
                return 0;
            }

            var sorted = values.Order().ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : 0.5 * (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]);
        }
    }
}
