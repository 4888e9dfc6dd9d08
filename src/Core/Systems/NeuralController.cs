using Certus.Core.Expressions;
using Certus.Core.Networks;
using Certus.Core.Numerics;

namespace Certus.Core.Systems;

/// <summary>
/// A neural state-feedback controller: an input map (expressions over states, parameters and <c>t</c>) feeds the
/// network, and an output map (expressions over the network outputs <c>out[i]</c>, states and parameters) gives each
/// control input of the plant. The maps are written once and serve simulation (doubles) and reachability (sets).
/// </summary>
public sealed class NeuralController : IStateFeedback
{
    private readonly Action<double[], double[]> _inputMap;
    private readonly ThreadLocal<(double[] Values, double[] NetIn, double[] NetOut, double[] Outputs)> _scratch;

    /// <summary>Creates and validates a controller for a plant.</summary>
    /// <param name="system">The plant it controls.</param>
    /// <param name="network">The network.</param>
    /// <param name="inputs">One expression per network input, over states, parameters and <c>t</c>.</param>
    /// <param name="outputs">One expression per plant control input (by its name), over <c>out[i]</c>, states and parameters.</param>
    /// <param name="period">The control period (positive, finite), with the control held in between; simulation samples
    /// with exactly this double.</param>
    /// <param name="periodEnclosure">An interval that contains the exact period when it is not a double (a decimal such as
    /// 0.1 from a spec file); it must contain <paramref name="period"/>. Reachability encloses every period in it.
    /// Default: exactly <paramref name="period"/>.</param>
    /// <exception cref="ModelException">A dimension does not match or a name is unknown; every problem is listed.</exception>
    public NeuralController(OdeSystem system, FeedForwardNetwork network, IReadOnlyList<Expr> inputs, IReadOnlyDictionary<string, Expr> outputs, double period, Interval? periodEnclosure = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        var problems = new List<ModelProblem>();
        if (!(period > 0) || !double.IsFinite(period))
        {
            problems.Add(new ModelProblem("controller.period", $"the control period must be a positive number, got {period}."));
        }

        if (periodEnclosure is { } pe && (pe.IsEmpty || !pe.IsBounded || !(pe.Lo > 0) || !pe.Contains(period)))
        {
            problems.Add(new ModelProblem("controller.period", $"the period's enclosure {pe} must be a bounded positive interval that contains the period {period}."));
        }

        if (inputs.Count != network.InputSize)
        {
            problems.Add(new ModelProblem("controller.inputs", $"the controller gives {inputs.Count} inputs but the network '{network.Name}' takes {network.InputSize}."));
        }

        var stateNames = new HashSet<string>(system.States.Append(OdeSystem.TimeVariable).Concat(system.Parameters.Keys), StringComparer.Ordinal);
        for (int i = 0; i < inputs.Count; i++)
        {
            foreach (string v in inputs[i].Variables().Where(v => !stateNames.Contains(v)))
            {
                string why = system.Inputs.Contains(v) || system.Disturbances.Contains(v)
                    ? $"'{v}' is not measured: the controller reads states, parameters and t"
                    : $"unknown variable '{v}'{OdeSystem.Suggest(v, stateNames)}";
                problems.Add(new ModelProblem($"controller.inputs[{i}]", $"{why} in '{inputs[i]}'."));
            }
        }

        var outNames = new HashSet<string>(Enumerable.Range(0, network.OutputSize).Select(OutputName).Concat(stateNames), StringComparer.Ordinal);
        foreach (string control in system.Inputs.Where(c => !outputs.ContainsKey(c)))
        {
            problems.Add(new ModelProblem($"controller.outputs.{control}", $"the plant input '{control}' is not given by the controller."));
        }

        foreach ((string control, Expr e) in outputs)
        {
            if (!system.Inputs.Contains(control))
            {
                problems.Add(new ModelProblem($"controller.outputs.{control}", $"'{control}' is not an input of the plant (inputs: {string.Join(", ", system.Inputs)})."));
            }

            foreach (string v in e.Variables().Where(v => !outNames.Contains(v)))
            {
                string why = v.StartsWith("out[", StringComparison.Ordinal)
                    ? $"'{v}' does not exist: the network has {network.OutputSize} output(s), out[0] to out[{network.OutputSize - 1}]"
                    : $"unknown variable '{v}'{OdeSystem.Suggest(v, outNames)}";
                problems.Add(new ModelProblem($"controller.outputs.{control}", $"{why} in '{e}'."));
            }
        }

        if (problems.Count > 0)
        {
            throw new ModelException(problems);
        }

        System = system;
        Network = network;
        Period = period;
        PeriodEnclosure = periodEnclosure ?? Interval.Point(period);
        InputMap = inputs.Select(system.SubstituteParameters).ToArray();
        OutputMap = system.Inputs.Select(c => system.SubstituteParameters(outputs[c])).ToArray();

        // Slots: [t, states..., out[0..k-1]...]
        var slots = new Dictionary<string, int>(StringComparer.Ordinal) { [OdeSystem.TimeVariable] = 0 };
        for (int i = 0; i < system.States.Count; i++)
        {
            slots[system.States[i]] = 1 + i;
        }

        for (int i = 0; i < network.OutputSize; i++)
        {
            slots[OutputName(i)] = 1 + system.States.Count + i;
        }

        Action<double[], double[]> inputMap = ExpressionCompiler.CompileVector(InputMap, slots);
        Action<double[], double[]> outputMap = ExpressionCompiler.CompileVector(OutputMap, slots);
        int n = system.States.Count;
        _scratch = new ThreadLocal<(double[], double[], double[], double[])>(() =>
            (new double[1 + n + network.OutputSize], new double[network.InputSize], new double[network.OutputSize], new double[system.Inputs.Count]));
        _inputMap = inputMap;
        _outputMap = outputMap;
    }

    private readonly Action<double[], double[]> _outputMap;

    /// <summary>The name of network output <paramref name="index"/> in output expressions: <c>out[index]</c>.</summary>
    /// <param name="index">0-based output index.</param>
    /// <returns>The variable name.</returns>
    public static string OutputName(int index) => $"out[{index}]";

    /// <summary>The plant.</summary>
    public OdeSystem System { get; }

    /// <summary>The network.</summary>
    public FeedForwardNetwork Network { get; }

    /// <summary>The control period as a double (what simulation samples with).</summary>
    public double Period { get; }

    /// <summary>An interval containing the exact control period (<see cref="Period"/> itself when the period is a double).</summary>
    public Interval PeriodEnclosure { get; }

    /// <summary>The network inputs as expressions over states and <c>t</c> (parameters substituted).</summary>
    public IReadOnlyList<Expr> InputMap { get; }

    /// <summary>Each plant control input, in the plant's order, over <c>out[i]</c>, states and <c>t</c> (parameters substituted).</summary>
    public IReadOnlyList<Expr> OutputMap { get; }

    /// <inheritdoc/>
    public int StateCount => System.States.Count;

    /// <inheritdoc/>
    public int ControlCount => System.Inputs.Count;

    /// <inheritdoc/>
    public void Compute(double time, ReadOnlySpan<double> state, Span<double> control)
    {
        var (values, netIn, netOut, outputs) = _scratch.Value;
        values[0] = time;
        state[..StateCount].CopyTo(values.AsSpan(1, StateCount));
        _inputMap(values, netIn);
        Network.Evaluate(netIn, netOut);
        netOut.CopyTo(values, 1 + StateCount);
        _outputMap(values, outputs);
        outputs.AsSpan().CopyTo(control);
    }
}
