using Certus.Core.Expressions;
using Certus.Core.Networks;
using Certus.Core.Numerics;

namespace Certus.Core.Systems;

/// <summary>How a <see cref="ModalController"/> chooses the next mode from the scores of the current mode's network.</summary>
public enum ModeUpdate
{
    /// <summary>The next mode is the one whose score (network output with the mode's index) is largest. Ties are
    /// nondeterministic: any of the tied modes may be taken (simulation takes the first; sets follow all).</summary>
    Argmax,
}

/// <summary>One value the environment may choose, as written (a decimal such as <c>-7*g/24</c> is no double): the
/// double simulation uses and an interval that contains the exact value.</summary>
/// <param name="Nearest">The double nearest the written value (simulation).</param>
/// <param name="Enclosure">An interval that contains the written value (reachability); it contains <paramref name="Nearest"/>.</param>
public readonly record struct ChoiceValue(double Nearest, Interval Enclosure)
{
    /// <summary>A value that is a double.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The choice.</returns>
    public static ChoiceValue Exact(double value) => new(value, Interval.Point(value));
}

/// <summary>
/// One case of a mode-dependent control rule: it applies when the new mode is one of <see cref="Modes"/>, the
/// previous mode one of <see cref="Previous"/>, and every guard <c>g(x) ≥ 0</c> holds; it then gives the control
/// as an expression (<see cref="Value"/>), or lets the environment choose it from a finite set
/// (<see cref="Choices"/>) or an interval (<see cref="Range"/>), afresh at every step.
/// </summary>
public sealed record ControlCase
{
    /// <summary>The new modes (after the update) the case applies to, by index; null for any.</summary>
    public IReadOnlyList<int>? Modes { get; init; }

    /// <summary>The previous modes (before the update) the case applies to, by index; null for any.</summary>
    public IReadOnlyList<int>? Previous { get; init; }

    /// <summary>Guards <c>g ≥ 0</c> over states, parameters and <c>t</c>, all of which must hold (closed comparisons).</summary>
    public IReadOnlyList<Expr> Guards { get; init; } = [];

    /// <summary>The control, over <c>out[i]</c> of the current mode's network, states, parameters and <c>t</c>; or null.</summary>
    public Expr? Value { get; init; }

    /// <summary>A finite set the environment chooses from (at least one value); or null.</summary>
    public IReadOnlyList<ChoiceValue>? Choices { get; init; }

    /// <summary>An interval <c>[lo, hi]</c> the environment chooses from, its ends as written; or null.</summary>
    public (ChoiceValue Lo, ChoiceValue Hi)? Range { get; init; }

    /// <summary>Whether the environment chooses this case's value.</summary>
    public bool IsChoice => Choices is not null || Range is not null;

    /// <summary>Whether the case applies to a mode transition, guards aside.</summary>
    /// <param name="mode">The new mode.</param>
    /// <param name="previous">The previous mode.</param>
    /// <returns>True when both mode conditions hold.</returns>
    public bool AppliesTo(int mode, int previous) => (Modes is null || Modes.Contains(mode)) && (Previous is null || Previous.Contains(previous));

    /// <summary>The value chosen by a selector in [0, 1]: element <c>⌊s·n⌋</c> of a finite set (0.5 is the middle one), or
    /// <c>lo + s·(hi − lo)</c> of an interval, kept inside the exact interval. Simulation and the validated replay of a
    /// counterexample both use it, so they agree on the choice.</summary>
    /// <param name="selector">A number in [0, 1] (clamped).</param>
    /// <returns>The chosen value: the double simulation uses, and an interval that contains the exact chosen value.</returns>
    public ChoiceValue Choose(double selector)
    {
        double s = double.IsNaN(selector) ? 0.5 : Math.Clamp(selector, 0, 1);
        if (Choices is { } set)
        {
            return set[Math.Min(set.Count - 1, (int)Math.Floor(s * set.Count))];
        }

        if (Range is not { } range)
        {
            throw new InvalidOperationException("The case has no choice.");
        }

        double lo = range.Lo.Nearest, hi = range.Hi.Nearest;
        double v = lo + (s * (hi - lo));

        // Inside the doubles that lie in the exact range (its ends may not be doubles), when there are any.
        double innerLo = range.Lo.Enclosure.Hi, innerHi = range.Hi.Enclosure.Lo;
        if (innerLo <= innerHi)
        {
            v = Math.Clamp(v, innerLo, innerHi);
            return ChoiceValue.Exact(v);
        }

        return new ChoiceValue(v, new Interval(range.Lo.Enclosure.Lo, range.Hi.Enclosure.Hi));
    }

    /// <summary>An interval that contains every value the case may give by choice (the hull of the set or the range).</summary>
    /// <returns>The hull.</returns>
    public Interval ChoiceHull() => Choices is { } set
        ? set.Skip(1).Aggregate(set[0].Enclosure, (a, c) => Interval.Hull(a, c.Enclosure))
        : Range is { } r ? new Interval(r.Lo.Enclosure.Lo, r.Hi.Enclosure.Hi) : throw new InvalidOperationException("The case has no choice.");
}

/// <summary>
/// A controller with a finite mode (VerticalCAS's advisory): one network per mode, all fed by the same input map;
/// at every sampling instant the current mode's network scores the next mode (<see cref="ModeUpdate"/>), and each
/// plant input follows an ordered list of <see cref="ControlCase"/>s (the first that applies), which may read the new
/// and the previous mode, guards over the state, and a choice of the environment (a pilot). The environment's choices
/// are given to <see cref="Compute"/> as selectors in [0, 1], one per <see cref="ChoiceInputs"/> entry and step.
/// </summary>
public sealed class ModalController : IModalFeedback
{
    private readonly Func<double[], double>[][] _guards;
    private readonly Func<double[], double>?[] _values;
    private readonly Action<double[], double[]> _inputMap;
    private readonly int[] _choiceSlot;
    private readonly ThreadLocal<(double[] Values, double[] NetIn, double[] NetOut)> _scratch;

    /// <summary>Creates and checks a modal controller.</summary>
    /// <param name="system">The plant.</param>
    /// <param name="modes">The mode names (at least one, distinct).</param>
    /// <param name="initialMode">The mode at the start.</param>
    /// <param name="networks">One network per mode.</param>
    /// <param name="inputs">One expression per network input, over states, parameters and <c>t</c>.</param>
    /// <param name="update">How the next mode is chosen.</param>
    /// <param name="outputs">For each plant input, its ordered cases.</param>
    /// <param name="period">The control period.</param>
    /// <param name="periodEnclosure">An interval containing the exact period (default: the period).</param>
    /// <exception cref="ModelException">Something does not fit; every problem is listed.</exception>
    public ModalController(
        OdeSystem system, IReadOnlyList<string> modes, int initialMode, IReadOnlyList<FeedForwardNetwork> networks, IReadOnlyList<Expr> inputs,
        ModeUpdate update, IReadOnlyDictionary<string, IReadOnlyList<ControlCase>> outputs, double period, Interval? periodEnclosure = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(modes);
        ArgumentNullException.ThrowIfNull(networks);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        var problems = new List<ModelProblem>();
        if (modes.Count == 0 || modes.Distinct(StringComparer.Ordinal).Count() != modes.Count)
        {
            problems.Add(new ModelProblem("controller.modes", "expected at least one mode, each named once."));
        }

        if (initialMode < 0 || initialMode >= modes.Count)
        {
            problems.Add(new ModelProblem("controller.initial_mode", $"mode index {initialMode} is not one of the {modes.Count} modes."));
        }

        if (networks.Count != modes.Count)
        {
            problems.Add(new ModelProblem("controller.networks", $"expected one network per mode ({modes.Count}), got {networks.Count}."));
        }

        for (int m = 0; m < Math.Min(networks.Count, modes.Count); m++)
        {
            if (networks[m].InputSize != inputs.Count)
            {
                problems.Add(new ModelProblem($"controller.networks.{modes[m]}", $"the network '{networks[m].Name}' takes {networks[m].InputSize} inputs but the controller gives {inputs.Count}."));
            }

            if (update == ModeUpdate.Argmax && networks[m].OutputSize != modes.Count)
            {
                problems.Add(new ModelProblem($"controller.networks.{modes[m]}", $"next_mode: argmax needs one score per mode ({modes.Count}), but the network '{networks[m].Name}' gives {networks[m].OutputSize} outputs."));
            }
        }

        var measured = new HashSet<string>(system.States.Append(OdeSystem.TimeVariable).Concat(system.Parameters.Keys), StringComparer.Ordinal);
        for (int i = 0; i < inputs.Count; i++)
        {
            foreach (string v in inputs[i].Variables().Where(v => !measured.Contains(v)))
            {
                problems.Add(new ModelProblem($"controller.inputs[{i}]", $"unknown variable '{v}'{OdeSystem.Suggest(v, measured)} in '{inputs[i]}'."));
            }
        }

        int outputsPerNetwork = networks.Count > 0 ? networks.Min(n => n.OutputSize) : 0;
        var valueNames = new HashSet<string>(Enumerable.Range(0, outputsPerNetwork).Select(NeuralController.OutputName).Concat(measured), StringComparer.Ordinal);
        foreach (string control in system.Inputs.Where(c => !outputs.ContainsKey(c)))
        {
            problems.Add(new ModelProblem($"controller.outputs.{control}", $"the plant input '{control}' is not given by the controller."));
        }

        foreach ((string control, IReadOnlyList<ControlCase> cases) in outputs)
        {
            string field = $"controller.outputs.{control}";
            if (!system.Inputs.Contains(control))
            {
                problems.Add(new ModelProblem(field, $"'{control}' is not an input of the plant (inputs: {string.Join(", ", system.Inputs)})."));
                continue;
            }

            for (int c = 0; c < cases.Count; c++)
            {
                ControlCase k = cases[c];
                if ((k.Value is null ? 0 : 1) + (k.Choices is null ? 0 : 1) + (k.Range is null ? 0 : 1) != 1 || k.Choices is { Count: 0 })
                {
                    problems.Add(new ModelProblem($"{field}[{c}]", "expected exactly one of 'value', 'choose' (a non-empty list) and 'between'."));
                }

                if ((k.Modes ?? []).Concat(k.Previous ?? []).Any(m => m < 0 || m >= modes.Count))
                {
                    problems.Add(new ModelProblem($"{field}[{c}]", "a mode index is out of range."));
                }

                foreach (string v in k.Guards.SelectMany(g => g.Variables()).Where(v => !measured.Contains(v)).Distinct())
                {
                    problems.Add(new ModelProblem($"{field}[{c}].when", $"unknown variable '{v}'{OdeSystem.Suggest(v, measured)}: a guard reads states, parameters and t."));
                }

                foreach (string v in k.Value?.Variables().Where(v => !valueNames.Contains(v)) ?? [])
                {
                    problems.Add(new ModelProblem($"{field}[{c}].value", $"unknown variable '{v}'{OdeSystem.Suggest(v, valueNames)} in '{k.Value}'."));
                }
            }

            // Some case must apply to every transition whatever the state: the last case that applies to it has no guard.
            for (int m = 0; m < modes.Count && problems.Count == 0; m++)
            {
                for (int p = 0; p < modes.Count; p++)
                {
                    if (!cases.Any(k => k.Guards.Count == 0 && k.AppliesTo(m, p)))
                    {
                        problems.Add(new ModelProblem(field, $"no case applies to every state when the mode becomes {modes[m]} after {modes[p]}: add a case without 'when' for it (the cases are tried in order; the first that applies is taken)."));
                        m = modes.Count;
                        break;
                    }
                }
            }
        }

        if (!(period > 0) || !double.IsFinite(period))
        {
            problems.Add(new ModelProblem("controller.period", $"the control period must be a positive number, got {period}."));
        }

        if (problems.Count > 0)
        {
            throw new ModelException(problems);
        }

        System = system;
        ModeNames = [.. modes];
        InitialMode = initialMode;
        Networks = [.. networks];
        InputMap = [.. inputs.Select(system.SubstituteParameters)];
        Update = update;
        Period = period;
        PeriodEnclosure = periodEnclosure ?? Interval.Point(period);
        Cases = [.. system.Inputs.Select(c => (IReadOnlyList<ControlCase>)[.. outputs[c].Select(k => k with
        {
            Guards = [.. k.Guards.Select(system.SubstituteParameters)],
            Value = k.Value is null ? null : system.SubstituteParameters(k.Value),
        })])];
        ChoiceInputs = [.. Enumerable.Range(0, system.Inputs.Count).Where(i => Cases[i].Any(k => k.IsChoice))];
        _choiceSlot = [.. Enumerable.Range(0, system.Inputs.Count).Select(i => Array.IndexOf([.. ChoiceInputs], i))];

        // Slots: [t, states..., out[0..k-1]...]
        int n = system.States.Count, outs = networks.Max(x => x.OutputSize);
        var slots = new Dictionary<string, int>(StringComparer.Ordinal) { [OdeSystem.TimeVariable] = 0 };
        for (int i = 0; i < n; i++)
        {
            slots[system.States[i]] = 1 + i;
        }

        for (int i = 0; i < outs; i++)
        {
            slots[NeuralController.OutputName(i)] = 1 + n + i;
        }

        // The initial mode's network as a plain controller, for what needs one (the period, the plant, reports). Its
        // controls are undefined (NaN, unbounded) so that nothing can mistake it for the modal loop.
        var undefined = new ConstantExpr(Interval.Entire, double.NaN, "undefined");
        Primary = new NeuralController(system, networks[initialMode], inputs, system.Inputs.ToDictionary(c => c, _ => (Expr)undefined, StringComparer.Ordinal), period, periodEnclosure);
        _inputMap = ExpressionCompiler.CompileVector(InputMap, slots);
        _guards = [.. Cases.SelectMany(list => list).Select(k => k.Guards.Select(g => ExpressionCompiler.Compile(g, slots)).ToArray())];
        _values = [.. Cases.SelectMany(list => list).Select(k => k.Value is null ? null : ExpressionCompiler.Compile(k.Value, slots))];
        _scratch = new ThreadLocal<(double[], double[], double[])>(() => (new double[1 + n + outs], new double[inputs.Count], new double[outs]));
    }

    /// <summary>The plant.</summary>
    public OdeSystem System { get; }

    /// <summary>The initial mode's network with the input map and period, as a plain controller whose controls are
    /// undefined: it carries the plant, the period and the network for reports, never the loop's behaviour.</summary>
    public NeuralController Primary { get; }

    /// <inheritdoc/>
    public IReadOnlyList<string> ModeNames { get; }

    /// <inheritdoc/>
    public int InitialMode { get; }

    /// <summary>The network of each mode.</summary>
    public IReadOnlyList<FeedForwardNetwork> Networks { get; }

    /// <summary>The network inputs over states and <c>t</c> (parameters substituted).</summary>
    public IReadOnlyList<Expr> InputMap { get; }

    /// <summary>How the next mode is chosen.</summary>
    public ModeUpdate Update { get; }

    /// <summary>The cases of each plant input, in the plant's input order (parameters substituted).</summary>
    public IReadOnlyList<IReadOnlyList<ControlCase>> Cases { get; }

    /// <summary>The plant inputs (by index) that have a case chosen by the environment: one selector each per step.</summary>
    public IReadOnlyList<int> ChoiceInputs { get; }

    /// <summary>The control period as a double.</summary>
    public double Period { get; }

    /// <summary>An interval containing the exact control period.</summary>
    public Interval PeriodEnclosure { get; }

    /// <inheritdoc/>
    public int StateCount => System.States.Count;

    /// <inheritdoc/>
    public int ControlCount => System.Inputs.Count;

    /// <inheritdoc/>
    public int ChoiceCount => ChoiceInputs.Count;

    /// <summary>The selector slot of a plant input (−1 when it has no choice case).</summary>
    /// <param name="input">The plant input's index.</param>
    /// <returns>Its index among <see cref="ChoiceInputs"/>, or −1.</returns>
    public int ChoiceSlot(int input) => _choiceSlot[input];

    /// <inheritdoc/>
    public int Compute(double time, ReadOnlySpan<double> state, int mode, ReadOnlySpan<double> selectors, Span<double> control)
    {
        var (values, netIn, netOut) = _scratch.Value;
        int n = StateCount;
        values[0] = time;
        state[..n].CopyTo(values.AsSpan(1, n));
        _inputMap(values, netIn);
        FeedForwardNetwork network = Networks[mode];
        Span<double> scores = netOut.AsSpan(0, network.OutputSize);
        network.Evaluate(netIn, scores);
        scores.CopyTo(values.AsSpan(1 + n));
        int next = 0;
        for (int i = 1; i < scores.Length; i++)
        {
            if (scores[i] > scores[next])
            {
                next = i;
            }
        }

        int flat = 0;
        for (int u = 0; u < Cases.Count; u++)
        {
            IReadOnlyList<ControlCase> cases = Cases[u];
            double result = double.NaN;
            bool found = false;
            for (int c = 0; c < cases.Count; c++)
            {
                ControlCase k = cases[c];
                if (found || !k.AppliesTo(next, mode))
                {
                    continue;
                }

                bool holds = true;
                foreach (Func<double[], double> g in _guards[flat + c])
                {
                    holds &= g(values) >= 0;
                }

                if (!holds)
                {
                    continue;
                }

                found = true;
                result = k.IsChoice ? k.Choose(selectors[_choiceSlot[u]]).Nearest : _values[flat + c]!(values);
            }

            flat += cases.Count;
            control[u] = result;
        }

        return next;
    }
}
