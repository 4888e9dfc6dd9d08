using System.Text.RegularExpressions;
using Certus.Core.Expressions;
using Certus.Core.Text;

namespace Certus.Core.Systems;

/// <summary>
/// A plant described by expressions: ordered states, control inputs, disturbances, parameters with constant values,
/// and one equation per state. For a <see cref="PlantKind.Continuous"/> plant (the default) the equations are the ODE
/// <c>ẋ = f(t, x, u, w; p)</c>; for a <see cref="PlantKind.Discrete"/> plant they are the next-state map
/// <c>x⁺ = g(t, x, u, w; p)</c>, applied once per control period. The time variable is <c>t</c>.
/// </summary>
/// <remarks>Validation happens in the constructor and reports every problem at once (<see cref="ModelException"/>):
/// names must be identifiers, unique, and not reserved; every state has exactly one equation; every name used is
/// declared; parameter values are constants.</remarks>
public sealed partial class OdeSystem
{
    /// <summary>The name of the time variable.</summary>
    public const string TimeVariable = "t";

    private readonly Expr[] _rhs;
    private readonly Expr[] _rhsWithParameters;

    /// <summary>Creates and validates a system.</summary>
    /// <param name="states">State names in order.</param>
    /// <param name="inputs">Control input names in order (may be empty).</param>
    /// <param name="disturbances">Disturbance names in order (may be empty).</param>
    /// <param name="parameters">Parameter names with constant values (may be empty).</param>
    /// <param name="dynamics">One right-hand side per state, by state name (for a discrete plant: the next value of
    /// the state).</param>
    /// <param name="kind">Whether the equations are derivatives (default) or a next-state map; problems name the
    /// equations <c>dynamics.x</c> or <c>update.x</c> accordingly.</param>
    /// <exception cref="ModelException">The system is invalid; every problem is listed.</exception>
    public OdeSystem(
        IReadOnlyList<string> states,
        IReadOnlyList<string> inputs,
        IReadOnlyList<string> disturbances,
        IReadOnlyDictionary<string, Expr> parameters,
        IReadOnlyDictionary<string, Expr> dynamics,
        PlantKind kind = PlantKind.Continuous)
    {
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown plant kind.");
        }

        string equations = kind == PlantKind.Discrete ? "update" : "dynamics";
        ArgumentNullException.ThrowIfNull(states);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(disturbances);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(dynamics);

        var problems = new List<ModelProblem>();
        var declared = new Dictionary<string, string>(StringComparer.Ordinal);
        void Declare(string name, string kind, string field)
        {
            if (!IsIdentifier(name))
            {
                problems.Add(new ModelProblem(field, $"'{name}' is not a valid name (letters, digits and '_', not starting with a digit)."));
            }
            else if (ExpressionParser.ReservedNames.Contains(name) || name == TimeVariable)
            {
                problems.Add(new ModelProblem(field, $"'{name}' is reserved (a function, a constant or the time variable) and cannot name a {kind}."));
            }
            else if (declared.TryGetValue(name, out string? previous))
            {
                problems.Add(new ModelProblem(field, $"'{name}' is declared twice (already a {previous})."));
            }
            else
            {
                declared[name] = kind;
            }
        }

        if (states.Count == 0)
        {
            problems.Add(new ModelProblem("states", "a system needs at least one state."));
        }

        for (int i = 0; i < states.Count; i++)
        {
            Declare(states[i], "state", $"states[{i}]");
        }

        for (int i = 0; i < inputs.Count; i++)
        {
            Declare(inputs[i], "input", $"inputs[{i}]");
        }

        for (int i = 0; i < disturbances.Count; i++)
        {
            Declare(disturbances[i], "disturbance", $"disturbances[{i}]");
        }

        foreach ((string name, Expr value) in parameters)
        {
            Declare(name, "parameter", $"parameters.{name}");
            if (value.Variables().Count > 0)
            {
                problems.Add(new ModelProblem($"parameters.{name}", $"a parameter value must be a constant, but '{value}' uses {string.Join(", ", value.Variables())}."));
            }
        }

        foreach (string state in states)
        {
            if (!dynamics.ContainsKey(state))
            {
                problems.Add(new ModelProblem($"{equations}.{state}", $"the state '{state}' has no equation."));
            }
        }

        foreach ((string name, Expr rhs) in dynamics)
        {
            if (!states.Contains(name))
            {
                problems.Add(new ModelProblem($"{equations}.{name}", $"there is an equation for '{name}', which is not a state (states: {string.Join(", ", states)})."));
                continue;
            }

            foreach (string used in rhs.Variables())
            {
                if (used != TimeVariable && !declared.ContainsKey(used))
                {
                    problems.Add(new ModelProblem($"{equations}.{name}", $"unknown variable '{used}' in '{rhs}'{Suggest(used, declared.Keys)}."));
                }
            }
        }

        if (problems.Count > 0)
        {
            throw new ModelException(problems);
        }

        Kind = kind;
        States = [.. states];
        Inputs = [.. inputs];
        Disturbances = [.. disturbances];
        Parameters = new Dictionary<string, Expr>(parameters, StringComparer.Ordinal);
        _rhs = states.Select(s => dynamics[s]).ToArray();
        _rhsWithParameters = _rhs.Select(SubstituteParameters).ToArray();
    }

    /// <summary>A hint naming the declared name closest to an unknown one (edit distance ≤ 2).</summary>
    public static string Suggest(string unknown, IEnumerable<string> known)
    {
        string? best = EditDistance.Closest(unknown, known);
        return best is null ? string.Empty : $" (did you mean '{best}'?)";
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex IdentifierPattern();

    /// <summary>Whether a text is a valid variable name.</summary>
    /// <param name="name">The candidate.</param>
    /// <returns>Letters, digits and '_', not starting with a digit.</returns>
    public static bool IsIdentifier(string name) => name is not null && IdentifierPattern().IsMatch(name);

    /// <summary>Whether the equations are derivatives or a next-state map.</summary>
    public PlantKind Kind { get; }

    /// <summary>Whether this is a discrete-time plant (<see cref="PlantKind.Discrete"/>).</summary>
    public bool IsDiscrete => Kind == PlantKind.Discrete;

    /// <summary>State names in order.</summary>
    public IReadOnlyList<string> States { get; }

    /// <summary>Control input names in order.</summary>
    public IReadOnlyList<string> Inputs { get; }

    /// <summary>Disturbance names in order.</summary>
    public IReadOnlyList<string> Disturbances { get; }

    /// <summary>Parameter values by name.</summary>
    public IReadOnlyDictionary<string, Expr> Parameters { get; }

    /// <summary>The right-hand side of each state, in state order, as written.</summary>
    public IReadOnlyList<Expr> RightHandSides => _rhs;

    /// <summary>The right-hand sides with parameters replaced by their constant values.</summary>
    public IReadOnlyList<Expr> RightHandSidesWithParameters => _rhsWithParameters;

    /// <summary>Replaces parameters by their values in any expression over this system's names.</summary>
    /// <param name="e">The expression.</param>
    /// <returns>The expression without parameters.</returns>
    public Expr SubstituteParameters(Expr e) => e.Substitute(name => Parameters.TryGetValue(name, out Expr? v) ? v : null);

    /// <summary>
    /// The value slot of each variable in the flat layout used by compiled code:
    /// <c>[t, states…, inputs…, disturbances…]</c>.
    /// </summary>
    public IReadOnlyDictionary<string, int> Slots()
    {
        var slots = new Dictionary<string, int>(StringComparer.Ordinal) { [TimeVariable] = 0 };
        int k = 1;
        foreach (string n in States.Concat(Inputs).Concat(Disturbances))
        {
            slots[n] = k++;
        }

        return slots;
    }

    /// <summary>Compiles the right-hand sides for fast simulation on doubles.</summary>
    /// <returns>A plant whose vector field reads controls then disturbances from its input vector (for a discrete
    /// plant the "field" writes the next state, and <see cref="IClosedLoopPlant.IsDiscrete"/> is true).</returns>
    public IClosedLoopPlant Compile() => new CompiledPlant(this);

    /// <summary>The Jacobian of the right-hand sides with respect to the states (parameters substituted).</summary>
    /// <returns>Entry [i][j] = ∂f_i/∂x_j.</returns>
    public Expr[][] StateJacobian() => _rhsWithParameters.Select(f => Differentiator.Gradient(f, States)).ToArray();

    /// <inheritdoc/>
    public override string ToString() =>
        string.Join(Environment.NewLine, States.Select((s, i) => IsDiscrete ? $"{s}⁺ = {_rhs[i]}" : $"d{s}/dt = {_rhs[i]}"));

    private sealed class CompiledPlant : IClosedLoopPlant
    {
        private readonly Action<double[], double[]> _compiled;
        private readonly int _n;
        private readonly int _m;
        private readonly ThreadLocal<(double[] Values, double[] Results)> _scratch;

        public CompiledPlant(OdeSystem system)
        {
            _n = system.States.Count;
            IsDiscrete = system.IsDiscrete;
            ControlCount = system.Inputs.Count;
            DisturbanceCount = system.Disturbances.Count;
            _m = ControlCount + DisturbanceCount;
            _compiled = ExpressionCompiler.CompileVector(system.RightHandSidesWithParameters, system.Slots());
            _scratch = new ThreadLocal<(double[], double[])>(() => (new double[1 + _n + _m], new double[_n]));
            Field = Evaluate;
        }

        public int StateCount => _n;

        public int ControlCount { get; }

        public int DisturbanceCount { get; }

        public bool IsDiscrete { get; }

        public VectorField Field { get; }

        private void Evaluate(double t, ReadOnlySpan<double> state, ReadOnlySpan<double> inputs, Span<double> derivative)
        {
            (double[] values, double[] results) = _scratch.Value;
            values[0] = t;
            state.CopyTo(values.AsSpan(1, _n));
            inputs[.._m].CopyTo(values.AsSpan(1 + _n, _m));
            _compiled(values, results);
            results.AsSpan().CopyTo(derivative);
        }
    }
}
