using Certus.Core.Expressions;
using Certus.Core.Numerics;
using Certus.Core.Sets;
using Certus.Core.Systems;
using Certus.Reach.Flow;
using Certus.Reach.Networks;

namespace Certus.Reach.ClosedLoop;

/// <content>The controller in affine form over the coordinates of an affine state set (<see cref="ClosedLoopSetMode.Affine"/>).</content>
public sealed partial record ClosedLoopReachability
{
    // A quantity q as an affine function of the coordinates e with interval coefficients, in the "exists" sense:
    // for every point of the set there are constants a ∈ Constant, b_l ∈ Coefficients[l] with q = a + Σ b_l e_l.
    // Range is a sound enclosure of q over the set.
    private sealed record Lin(Interval Constant, Interval[] Coefficients, Interval Range);

    /// <summary>
    /// The joint initial set of states and held inputs for one period: the states' affine set, then each control
    /// as <c>K·e + d + w</c> (<c>w</c> one new coordinate per control, holding every error of the linearisation), then
    /// one coordinate per disturbance.
    /// </summary>
    /// <param name="controller">The controller.</param>
    /// <param name="states">The state set at the sampling time.</param>
    /// <param name="hull">A box that contains the state set (for instance its hull met with the flow's end box).</param>
    /// <param name="time">The sampling time (an enclosure of the real time: the controller may read <c>t</c>).</param>
    /// <param name="disturbances">The disturbance box, or <c>null</c>.</param>
    /// <returns>A set that contains <c>(x, u(x), δ)</c> for every state <c>x</c> of the set and disturbance <c>δ</c>.</returns>
    /// <exception cref="ArgumentException">A control could not be bounded.</exception>
    /// <exception cref="UndefinedExpressionException">The input or output map may be undefined on part of the set.</exception>
    public AffineSet JointInitialSet(NeuralController controller, AffineSet states, Box hull, Interval time, Box? disturbances)
    {
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentNullException.ThrowIfNull(states);
        ArgumentNullException.ThrowIfNull(hull);
        OdeSystem system = controller.System;
        int n = system.States.Count, p = states.GeneratorCount;
        Box domain = states.Domain;
        var x = new Lin[n];
        for (int i = 0; i < n; i++)
        {
            var a = new Interval[p];
            for (int l = 0; l < p; l++)
            {
                a[l] = new Interval(states.Generator(i, l));
            }

            x[i] = new Lin(new Interval(states.Center[i]), a, hull[i]);
        }

        Lin? Lookup(string name, Lin[]? outputs)
        {
            for (int i = 0; i < n; i++)
            {
                if (system.States[i] == name)
                {
                    return x[i];
                }
            }

            if (outputs is not null && name.StartsWith("out[", StringComparison.Ordinal))
            {
                return outputs[int.Parse(name.AsSpan(4, name.Length - 5), System.Globalization.CultureInfo.InvariantCulture)];
            }

            return null;
        }

        Lin[] y = [.. controller.InputMap.Select(f => MeanValue(f, name => Lookup(name, null), time, domain))];
        var yb = new Box(y.Select(l => l.Range));
        if (yb.Any(i => !i.IsBounded))
        {
            throw new ArgumentException($"the network inputs are unbounded over {hull}");
        }

        AffineEnclosure net = LinearRelaxation.Affine(controller.Network, yb);
        Box netBox = net.Evaluate(yb);
        var outs = new Lin[net.Coefficients.Count];
        for (int j = 0; j < outs.Length; j++)
        {
            double[] row = net.Coefficients[j];
            Interval c = net.Remainder[j];
            var a = new Interval[p];
            Array.Fill(a, Interval.Zero);
            for (int i = 0; i < row.Length; i++)
            {
                if (row[i] == 0)
                {
                    continue;
                }

                var s = new Interval(row[i]);
                c += s * y[i].Constant;
                for (int l = 0; l < p; l++)
                {
                    a[l] += s * y[i].Coefficients[l];
                }
            }

            outs[j] = WithRange(c, a, domain, netBox[j]);
        }

        Lin[] u = [.. controller.OutputMap.Select(g => MeanValue(g, name => Lookup(name, outs), time, domain))];
        int mc = u.Length, nd = disturbances?.Dimension ?? 0, q = p + mc + nd;
        var center = new double[n + mc + nd];
        var gen = new double[n + mc + nd, q];
        var dom = new Interval[q];
        for (int l = 0; l < p; l++)
        {
            dom[l] = domain[l];
        }

        for (int i = 0; i < n; i++)
        {
            center[i] = states.Center[i];
            for (int l = 0; l < p; l++)
            {
                gen[i, l] = states.Generator(i, l);
            }
        }

        for (int j = 0; j < mc; j++)
        {
            // u = Σ b_l e_l + a with b_l ∈ B_l, a ∈ A: keep mid(B_l) as the generator, the rest goes to w_j.
            Interval excess = u[j].Constant;
            for (int l = 0; l < p; l++)
            {
                Interval b = u[j].Coefficients[l];
                double mid = b.IsBounded ? b.Midpoint : 0;
                gen[n + j, l] = mid;
                excess += (b - new Interval(mid)) * domain[l];
            }

            if (!excess.IsBounded)
            {
                throw new ArgumentException($"the control '{system.Inputs[j]}' is unbounded over {hull}");
            }

            center[n + j] = excess.Midpoint;
            gen[n + j, p + j] = 1;
            dom[p + j] = excess - new Interval(center[n + j]);
        }

        for (int k = 0; k < nd; k++)
        {
            center[n + mc + k] = disturbances![k].Midpoint;
            gen[n + mc + k, p + mc + k] = 1;
            dom[p + mc + k] = disturbances[k] - new Interval(center[n + mc + k]);
        }

        return new AffineSet(center, gen, new Box(dom));
    }

    private static Lin WithRange(Interval constant, Interval[] coefficients, Box domain, Interval range)
    {
        Interval s = constant;
        for (int l = 0; l < coefficients.Length; l++)
        {
            s += coefficients[l] * domain[l];
        }

        Interval meet = Interval.Intersect(s, range);
        return new Lin(constant, coefficients, meet.IsEmpty ? Interval.Hull(s, range) : meet);
    }

    // f(v) ∈ f(v̂) + Σ_k ∂f/∂v_k(V) (v_k − v̂_k), with V the box of the variables' ranges and v̂ its midpoint (the mean
    // value theorem on the convex box V, or its Clarke form for |·|, min, max); when a derivative cannot be enclosed
    // the result is the constant f(V).
    private static Lin MeanValue(Expr f, Func<string, Lin?> lookup, Interval time, Box domain)
    {
        int p = domain.Dimension;
        IReadOnlyList<string> names = f.Variables();
        var vars = new List<(string Name, Lin Form)>();
        foreach (string name in names)
        {
            if (name == OdeSystem.TimeVariable)
            {
                continue;
            }

            vars.Add((name, lookup(name) ?? throw new ArgumentException($"the controller map uses '{name}', which has no value")));
        }

        // Every evaluation proves its expression defined on its set: the range's failure is the caller's answer (the map
        // is undefined on part of the set), a derivative's failure (in the try below) only drops the mean-value form.
        Interval Eval(Expr e, Func<string, Interval> value) => ExpressionEvaluator.EvaluateDefined(e, n => n == OdeSystem.TimeVariable ? time : value(n));
        Interval RangeOf(string n) => vars.First(v => v.Name == n).Form.Range;
        Interval range = Eval(f, RangeOf);
        var zero = new Interval[p];
        Array.Fill(zero, Interval.Zero);
        if (vars.Count == 0 || vars.Any(v => !v.Form.Range.IsBounded))
        {
            return new Lin(range, zero, range);
        }

        // The mean value theorem needs f continuous on the box: across a jump (atan2's branch cut, sign at 0) only the
        // range is sound.
        if (IntervalDomains.MayJumpOn(f, n => n == OdeSystem.TimeVariable ? time : RangeOf(n)))
        {
            return new Lin(range, zero, range);
        }

        try
        {
            var centre = vars.ToDictionary(v => v.Name, v => new Interval(v.Form.Range.Midpoint));
            Interval constant = Eval(f, n => centre[n]);
            var a = (Interval[])zero.Clone();
            foreach ((string name, Lin form) in vars)
            {
                Interval d = Eval(Differentiator.Derivative(f, name), RangeOf);
                if (!d.IsBounded)
                {
                    return new Lin(range, zero, range);
                }

                if (d.Lo == 0 && d.Hi == 0)
                {
                    continue;
                }

                constant += d * (form.Constant - centre[name]);
                for (int l = 0; l < p; l++)
                {
                    a[l] += d * form.Coefficients[l];
                }
            }

            return constant.IsBounded ? WithRange(constant, a, domain, range) : new Lin(range, zero, range);
        }
        catch (NotSupportedException)
        {
            return new Lin(range, zero, range);
        }
        catch (ArithmeticException)
        {
            return new Lin(range, zero, range);
        }
    }
}
