using Certus.Core.Expressions;
using Certus.Core.Numerics;
using Certus.Core.Sets;
using Certus.Core.Systems;
using Certus.Reach.Flow;

namespace Certus.Reach.ClosedLoop;

/// <content>
/// Discrete-time plants (<see cref="PlantKind.Discrete"/>): the set of step <c>k</c> goes through the controller as for an
/// ODE plant, then through the next-state map <c>x⁺ = g(t_k, x, u, w)</c> instead of a flow. The state exists at the
/// sampling instants only, so the tube is one point-time segment per step: the cell at <c>t = 0</c>, then the set after
/// each step at <c>t = (k + 1)·T</c>; every property is checked on each of them.
/// </content>
public sealed partial record ClosedLoopReachability
{
    // Box mode: the map evaluated over the box of (state, control, disturbance) in outward-rounded interval arithmetic,
    // every operation checked for definedness on its whole argument.
    private CellFailure? DiscreteBoxRecursion(ClosedLoopReachProblem problem, Box cell, TubeChecker checker, Func<int, CellFailure?> interrupted, out Box? final)
    {
        NeuralController controller = problem.Controller;
        double period = controller.Period;
        Box x = cell;
        final = null;
        checker.Add(new FlowSegment(Interval.Zero, x));
        for (int k = 0; k < problem.Periods; k++)
        {
            if (k > 0 && interrupted(k + 1) is { } stop)
            {
                return stop;
            }

            Interval time = problem.RealTime(Interval.Point(k * period));
            Box controls;
            try
            {
                controls = ControlBox(controller, x, time);
            }
            catch (ArgumentException e)
            {
                return new ControllerNotEnclosed(k + 1, $"the controller's inputs could not be bounded ({e.Message})");
            }
            catch (UndefinedExpressionException e)
            {
                return new ControllerNotEnclosed(k + 1, $"the controller may be undefined on part of the state set: {e.Message}", e);
            }

            if (controls.Any(i => !i.IsBounded))
            {
                return new ControllerNotEnclosed(k + 1, $"the control is unbounded over the state box {x}");
            }

            Box next;
            try
            {
                next = UpdateBox(problem.System, x, controls, problem.DisturbancesAt(k), time);
            }
            catch (UndefinedExpressionException e)
            {
                return new UpdateNotEnclosed(k + 1, $"the plant's update may be undefined on part of the set: {e.Message}", e);
            }

            if (next.Any(i => !i.IsBounded))
            {
                return new UpdateNotEnclosed(k + 1, $"the plant's update is unbounded over the state box {x}");
            }

            checker.Add(new FlowSegment(Interval.Point((k + 1) * period), next));
            x = next;
        }

        final = x;
        return null;
    }

    /// <summary>Encloses the next state of a discrete-time plant over boxes of states, controls and disturbances.</summary>
    /// <param name="system">A discrete-time plant.</param>
    /// <param name="states">The state box.</param>
    /// <param name="controls">The control box (one interval per plant input).</param>
    /// <param name="disturbances">The disturbance box, or <c>null</c> when the plant has none.</param>
    /// <param name="time">An enclosure of the step's time <c>t_k</c>.</param>
    /// <returns>A box that contains <c>g(t, x, u, w)</c> for every member of the boxes.</returns>
    /// <exception cref="UndefinedExpressionException">The map may be undefined on part of the boxes.</exception>
    public static Box UpdateBox(OdeSystem system, Box states, Box controls, Box? disturbances, Interval time)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(states);
        ArgumentNullException.ThrowIfNull(controls);
        Func<string, Interval> lookup = Lookup(system, states, controls, disturbances, time);
        return new Box(system.RightHandSidesWithParameters.Select(g => ExpressionEvaluator.EvaluateDefined(g, lookup)));
    }

    private static Func<string, Interval> Lookup(OdeSystem system, Box states, Box controls, Box? disturbances, Interval time)
    {
        var values = new Dictionary<string, Interval>(StringComparer.Ordinal) { [OdeSystem.TimeVariable] = time };
        for (int i = 0; i < system.States.Count; i++)
        {
            values[system.States[i]] = states[i];
        }

        for (int i = 0; i < system.Inputs.Count; i++)
        {
            values[system.Inputs[i]] = controls[i];
        }

        for (int i = 0; i < system.Disturbances.Count; i++)
        {
            values[system.Disturbances[i]] = disturbances![i];
        }

        return name => values.TryGetValue(name, out Interval v) ? v : throw new KeyNotFoundException($"No value for '{name}'.");
    }

    // Affine mode: the joint set of (state, control, disturbance) of the step, as for an ODE plant (the controller in
    // affine form keeps the state-control correlation), then each component of the map in mean-value form over it:
    // g(z) ∈ g(ẑ) + ∂g(Z)·(z − ẑ), whose point part stays a generator and whose interval part becomes one new
    // coordinate per state. The box evaluation bounds the same states; the recursion carries both and meets them.
    private CellFailure? DiscreteAffineRecursion(ClosedLoopReachProblem problem, Box cell, TubeChecker checker, Func<int, CellFailure?> interrupted, out Box? final)
    {
        final = null;
        OdeSystem system = problem.System;
        NeuralController controller = problem.Controller;
        double period = controller.Period;
        int n = system.States.Count, mc = system.Inputs.Count;
        Box x = cell;
        AffineSet xa = AffineSet.FromBox(cell);
        int maxGenerators = Math.Max(1, GeneratorsPerState) * n;
        checker.Add(new FlowSegment(Interval.Zero, x));
        for (int k = 0; k < problem.Periods; k++)
        {
            if (k > 0 && interrupted(k + 1) is { } stop)
            {
                return stop;
            }

            Interval time = problem.RealTime(Interval.Point(k * period));
            AffineSet joint;
            try
            {
                joint = JointInitialSet(controller, xa, x, time, problem.DisturbancesAt(k));
            }
            catch (ArgumentException e)
            {
                return new ControllerNotEnclosed(k + 1, $"the controller could not be enclosed in affine form ({e.Message})");
            }
            catch (UndefinedExpressionException e)
            {
                return new ControllerNotEnclosed(k + 1, $"the controller may be undefined on part of the state set: {e.Message}", e);
            }

            // The joint hull, with the state part met with the carried box: both contain every state of the step.
            Box jointHull = joint.Hull();
            Box states = Meet(x, new Box(Enumerable.Range(0, n).Select(i => jointHull[i])));
            Box ranges = new(states.Concat(Enumerable.Range(n, jointHull.Dimension - n).Select(i => jointHull[i])));
            Box controls = new(Enumerable.Range(n, mc).Select(i => ranges[i]));
            Box? disturbances = problem.Disturbances is null ? null : new Box(Enumerable.Range(n + mc, problem.Disturbances.Dimension).Select(i => ranges[i]));
            Box next;
            AffineSet nextAffine;
            try
            {
                next = UpdateBox(system, states, controls, disturbances, time);
                if (next.Any(i => !i.IsBounded))
                {
                    return new UpdateNotEnclosed(k + 1, $"the plant's update is unbounded over the state box {x}");
                }

                nextAffine = UpdateAffine(system, joint, ranges, time);
            }
            catch (UndefinedExpressionException e)
            {
                return new UpdateNotEnclosed(k + 1, $"the plant's update may be undefined on part of the set: {e.Message}", e);
            }
            catch (ArgumentException e)
            {
                return new UpdateNotEnclosed(k + 1, $"the plant's update could not be enclosed in affine form ({e.Message})");
            }

            xa = nextAffine.Reduce(maxGenerators, Wrapping);
            Box hull = xa.Hull();
            x = Meet(next, hull);
            if (hull.Select((iv, i) => iv.Width > 4 * x[i].Width + 1e-12).Any(b => b))
            {
                xa = AffineSet.FromBox(x); // the affine set has wrapped worse than the box: restart from the box
            }

            checker.Add(new FlowSegment(Interval.Point((k + 1) * period), x));
        }

        final = x;
        return null;
    }

    // The next state in affine form over the joint set's coordinates, plus one error coordinate per state. The ranges
    // box contains the joint set (states, controls, disturbances).
    private static AffineSet UpdateAffine(OdeSystem system, AffineSet joint, Box ranges, Interval time)
    {
        int n = system.States.Count, p = joint.GeneratorCount;
        Box domain = joint.Domain;
        string[] names = [.. system.States, .. system.Inputs, .. system.Disturbances];
        var forms = new Dictionary<string, Lin>(StringComparer.Ordinal);
        for (int r = 0; r < names.Length; r++)
        {
            var a = new Interval[p];
            for (int l = 0; l < p; l++)
            {
                a[l] = new Interval(joint.Generator(r, l));
            }

            forms[names[r]] = new Lin(new Interval(joint.Center[r]), a, ranges[r]);
        }

        var center = new double[n];
        var gen = new double[n, p + n];
        var dom = new Interval[p + n];
        for (int l = 0; l < p; l++)
        {
            dom[l] = domain[l];
        }

        for (int i = 0; i < n; i++)
        {
            Lin g = MeanValue(system.RightHandSidesWithParameters[i], name => forms.TryGetValue(name, out Lin? f) ? f : null, time, domain);

            // g = Σ b_l e_l + a with b_l ∈ B_l, a ∈ A: keep mid(B_l) as the generator, the rest goes to a new coordinate.
            Interval excess = g.Constant;
            for (int l = 0; l < p; l++)
            {
                Interval b = g.Coefficients[l];
                double mid = b.IsBounded ? b.Midpoint : 0;
                gen[i, l] = mid;
                excess += (b - new Interval(mid)) * domain[l];
            }

            if (!excess.IsBounded)
            {
                throw new ArgumentException($"the update of '{system.States[i]}' is unbounded over {ranges}");
            }

            center[i] = excess.Midpoint;
            gen[i, p + i] = 1;
            dom[p + i] = excess - new Interval(center[i]);
        }

        return new AffineSet(center, gen, new Box(dom));
    }
}
