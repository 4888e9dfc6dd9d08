using System.Globalization;
using Certus.Control.Networks;
using Certus.Core.Expressions;
using Certus.Core.Networks;
using Certus.Core.Numerics;
using Certus.Core.Sets;
using Certus.Core.Systems;
using YamlDotNet.RepresentationModel;

namespace Certus.Verify.Specs;

/// <summary>
/// Reads certification specs (YAML, see docs/specs.md). Every error is a <see cref="SpecException"/> that names the
/// file, the line and the field and says what is expected; nothing else escapes.
/// </summary>
public static class SpecReader
{
    private static readonly string[] TopFields = ["name", "plant", "controller", "initial", "horizon", "properties", "disturbances", "options", "report"];
    private static readonly string[] OptionFields = ["falsification", "set_mode", "generators_per_state", "wrapping", "portfolio", "taylor_order", "steps_per_period", "flow_form", "network_bounds", "splitting"];
    private static readonly string[] PlantFields = ["states", "inputs", "disturbances", "parameters", "dynamics", "update"];
    private static readonly string[] ControllerFields = ["network", "inputs", "outputs", "instances", "period", "hidden_activation", "output_activation", "modes", "initial_mode", "networks", "next_mode"];
    private static readonly string[] CaseFields = ["mode", "previous", "when", "value", "choose", "between"];
    private static readonly string[] PropertyFields = ["name", "always", "at_end", "eventually", "avoid", "during"];

    /// <summary>Whether the file is a network-only spec (a top-level <c>network:</c> and no <c>plant:</c>).</summary>
    /// <param name="path">The YAML file.</param>
    /// <returns>True for an open-loop network spec.</returns>
    /// <exception cref="SpecException">The file cannot be read or is not YAML.</exception>
    public static bool IsNetworkSpec(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text = ReadText(path);
        return Guarded(path, () =>
        {
            YamlStream stream = YamlFields.Load(path, text);
            return stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode root
                && root.Children.ContainsKey(new YamlScalarNode("network")) && !root.Children.ContainsKey(new YamlScalarNode("plant"));
        });
    }

    /// <summary>Reads a network-only spec (see docs/specs.md).</summary>
    /// <param name="path">The YAML file.</param>
    /// <returns>The spec.</returns>
    /// <exception cref="SpecException">The file is missing, malformed or inconsistent.</exception>
    public static NetworkSpec ReadNetwork(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text = ReadText(path);
        return Guarded(path, () => new Reader(path).ParseNetwork(text));
    }

    /// <summary>Parses network-only spec text; a relative network path is resolved against the folder of <paramref name="path"/>.</summary>
    /// <param name="text">The YAML text.</param>
    /// <param name="path">The file name used in messages and for relative paths.</param>
    /// <returns>The spec.</returns>
    /// <exception cref="SpecException">The text is malformed or inconsistent.</exception>
    public static NetworkSpec ParseNetwork(string text, string path)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(path);
        return Guarded(path, () => new Reader(path).ParseNetwork(text));
    }

    private static T Guarded<T>(string path, Func<T> parse) => YamlFields.Guarded(path, parse);

    private static string ReadText(string path) => YamlFields.ReadFile(path, "spec file");

    /// <summary>Reads a spec file.</summary>
    /// <param name="path">The YAML file.</param>
    /// <returns>The spec.</returns>
    /// <exception cref="SpecException">The file is missing, malformed or inconsistent.</exception>
    public static CertificationSpec Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text = ReadText(path);
        return Parse(text, path);
    }

    /// <summary>Parses spec text; relative network paths are resolved against the folder of <paramref name="path"/>.</summary>
    /// <param name="text">The YAML text.</param>
    /// <param name="path">The file name used in messages and for relative paths.</param>
    /// <returns>The spec.</returns>
    /// <exception cref="SpecException">The text is malformed or inconsistent.</exception>
    public static CertificationSpec Parse(string text, string path)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(path);
        return Guarded(path, () => new Reader(path).Parse(text));
    }

    private sealed class Reader(string path)
    {
        private readonly Dictionary<string, long> _lines = new(StringComparer.Ordinal);

        // Interval-valued parameters ([lower, upper]): constants known only to lie in a range, carried as states with
        // zero derivative so that the proof covers every value and a counterexample names one.
        private readonly List<(string Name, YamlSequenceNode Range)> _uncertain = [];
        private readonly YamlFields _fields = new(path);

        private SpecException Error(YamlNode? node, string field, string problem) => new(path, node?.Start.Line ?? 0, field, problem);

        public NetworkSpec ParseNetwork(string text)
        {
            YamlStream stream = YamlFields.Load(path, text);
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                throw new SpecException(path, 1, "spec", "expected a mapping with name, network, inputs, outputs and properties.");
            }

            CheckFields(root, ["name", "network", "hidden_activation", "output_activation", "inputs", "outputs", "properties"], string.Empty);
            string name = Optional(root, "name") is { } n ? Scalar(n, "name") : System.IO.Path.GetFileNameWithoutExtension(path);
            FeedForwardNetwork network = LoadNetwork(root, string.Empty, out string file);

            YamlMappingNode inputsNode = Mapping(Required(root, "inputs", string.Empty), "inputs");
            string[] inputNames = [.. inputsNode.Children.Keys.Select(k => Scalar(k, "inputs"))];
            if (inputNames.Length != network.InputSize)
            {
                throw Error(inputsNode, "inputs", $"names {inputNames.Length} input(s) but the network '{file}' takes {network.InputSize}.");
            }

            // An empty plant gives the constant evaluator its parameter scope (none).
            var none = new OdeSystem(["network_spec_state"], [], [], new Dictionary<string, Expr>(), new Dictionary<string, Expr> { ["network_spec_state"] = Expr.Number(0) });
            Box inputs = ReadBox(inputsNode, "inputs", inputNames, none, out Box? inner);
            YamlNode outputsNode = Required(root, "outputs", string.Empty);
            string[] outputNames = Names(outputsNode, "outputs", "outputs");
            if (outputNames.Length != network.OutputSize)
            {
                throw Error(outputsNode, "outputs", $"names {outputNames.Length} output(s) but the network '{file}' has {network.OutputSize}.");
            }

            var known = new HashSet<string>(inputNames.Concat(outputNames), StringComparer.Ordinal);
            var properties = new List<NetworkProperty>();
            int index = 0;
            foreach (YamlNode item in Sequence(Required(root, "properties", string.Empty), "properties"))
            {
                string field = $"properties[{index++}]";
                YamlMappingNode map = Mapping(item, field);
                CheckFields(map, ["name", "require"], field + ".");
                YamlNode body = Required(map, "require", field + ".", "'require: <constraint>' or a list of constraints over the input and output names");
                string? pname = Optional(map, "name") is { } pn ? Scalar(pn, $"{field}.name") : null;
                YamlNode[] constraints = body is YamlSequenceNode list ? [.. list.Children] : [body];
                foreach (YamlNode c in constraints)
                {
                    string text2 = Scalar(c, field);
                    int ge = text2.IndexOf(">=", StringComparison.Ordinal), le = text2.IndexOf("<=", StringComparison.Ordinal);
                    if ((ge < 0) == (le < 0))
                    {
                        throw Error(c, field, $"expected one comparison 'expression >= expression' or 'expression <= expression', got '{text2}'.");
                    }

                    int at = ge >= 0 ? ge : le;
                    Expr lhs = ParseExpression(c, text2[..at], field), rhs = ParseExpression(c, text2[(at + 2)..], field);
                    Expr g = Checked(c, field, ge >= 0 ? lhs - rhs : rhs - lhs);
                    foreach (string v in g.Variables().Where(v => !known.Contains(v)))
                    {
                        throw Error(c, field, $"unknown variable '{v}' in '{text2}'; use the input names ({string.Join(", ", inputNames)}) and output names ({string.Join(", ", outputNames)}).");
                    }

                    properties.Add(new NetworkProperty(constraints.Length == 1 && pname is not null ? pname : pname is not null ? $"{pname}: {text2}" : text2, g));
                }
            }

            if (properties.Count == 0)
            {
                throw Error(root, "properties", "expected at least one property.");
            }

            return new NetworkSpec(name, path, network, inputNames, outputNames, inputs, inner, properties) { NetworkPath = _networkFile };
        }

        public CertificationSpec Parse(string text)
        {
            YamlStream stream = YamlFields.Load(path, text);
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                throw new SpecException(path, 1, "spec", "expected a mapping with name, plant, controller, initial, horizon and properties.");
            }

            CheckFields(root, TopFields, string.Empty);
            string name = Optional(root, "name") is { } n ? Scalar(n, "name") : System.IO.Path.GetFileNameWithoutExtension(path);
            YamlMappingNode plant = Mapping(Required(root, "plant", string.Empty), "plant");
            OdeSystem system = ReadPlant(plant);
            if (system.Inputs.Count == 0)
            {
                throw Error(Optional(plant, "inputs") ?? plant, "plant.inputs", "a closed loop needs at least one control input for the controller to give (for a network alone, write a network-only spec: docs/specs.md, \"Network-only specs\").");
            }

            YamlMappingNode controllerNode = Mapping(Required(root, "controller", string.Empty), "controller");
            ModalController? modal = Optional(controllerNode, "modes") is not null ? ReadModalController(controllerNode, system) : null;
            NeuralController controller = modal?.Primary ?? ReadController(controllerNode, system);
            Box initial = ReadBox(Mapping(Required(root, "initial", string.Empty), "initial"), "initial", system.States, system, out Box? inner, out Box searchInitial, out bool[] enclosedInitial);
            Box? disturbances = null;
            (Box, bool[])? searchDisturbances = null;
            if (system.Disturbances.Count > 0)
            {
                YamlNode d = Required(root, "disturbances", string.Empty, "a box for the disturbances, e.g. disturbances: { w: [-0.1, 0.1] }");
                disturbances = ReadBox(Mapping(d, "disturbances"), "disturbances", system.Disturbances, system, out _, out Box searchW, out bool[] enclosedW);
                searchDisturbances = (searchW, enclosedW);
            }
            else if (Optional(root, "disturbances") is { } extra)
            {
                throw Error(extra, "disturbances", "the plant declares no disturbances (plant.disturbances).");
            }

            YamlNode horizonNode = Required(root, "horizon", string.Empty);
            if (!int.TryParse(Scalar(horizonNode, "horizon"), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int horizon) || horizon < 1 || horizon > 1_000_000)
            {
                throw Error(horizonNode, "horizon", $"expected a whole number of control periods (1 or more), got '{Scalar(horizonNode, "horizon")}'.");
            }

            double endTime = horizon * controller.Period;
            IReadOnlyList<StateProperty> properties = ReadProperties(Required(root, "properties", string.Empty), system, endTime);
            Certification.CertificationAlgorithm? algorithm = Optional(root, "options") is { } o ? ReadOptions(Mapping(o, "options")) : null;
            (IReadOnlyList<(int X, int Y)>? projections, bool overlay) = Optional(root, "report") is { } r ? ReadReport(Mapping(r, "report"), system) : (null, false);
            var spec = new CertificationSpec(name, path, controller, initial, disturbances, horizon, properties, inner) { NetworkPath = _networkFile, NetworkPaths = _networkFiles, Algorithm = algorithm, Modal = modal, Search = (searchInitial, enclosedInitial), DisturbanceSearch = searchDisturbances, Projections = projections, OverlayProjections = overlay };
            try
            {
                _ = spec.Loop; // the one closed-loop type checks that the parts fit
            }
            catch (ModelException e)
            {
                throw FromModel(e, string.Empty);
            }

            return spec;
        }

        // The report block: which planes the report draws (docs/specs.md, "Reports").
        private (IReadOnlyList<(int X, int Y)>? Projections, bool Overlay) ReadReport(YamlMappingNode node, OdeSystem system)
        {
            CheckFields(node, ["projections", "overlay"], "report.");
            List<(int, int)>? pairs = null;
            if (Optional(node, "projections") is { } list)
            {
                pairs = [];
                int k = 0;
                foreach (YamlNode item in Sequence(list, "report.projections"))
                {
                    string field = $"report.projections[{k++}]";
                    string[] names = Names(item, field, field);
                    if (names.Length != 2)
                    {
                        throw Error(item, field, $"expected a pair of states [x, y], got {names.Length} name(s).");
                    }

                    int[] index = new int[2];
                    for (int i = 0; i < 2; i++)
                    {
                        index[i] = system.States.IndexOfName(names[i]);
                        if (index[i] < 0)
                        {
                            throw Error(item, field, $"'{names[i]}' is not a state{OdeSystem.Suggest(names[i], system.States)}.");
                        }
                    }

                    pairs.Add((index[0], index[1]));
                }
            }

            bool overlay = false;
            if (Optional(node, "overlay") is { } o)
            {
                overlay = _fields.Choice(o, "report.overlay", ["true", "false"]) == "true";
            }

            return (pairs, overlay);
        }

        // The options block: the algorithm's settings over the defaults (docs/specs.md, "Options").
        private Certification.CertificationAlgorithm ReadOptions(YamlMappingNode node)
        {
            CheckFields(node, OptionFields, "options.");
            Certification.CertificationAlgorithm d = Certification.CertificationAlgorithm.Default;
            T Choice<T>(string key, T fallback)
                where T : struct, Enum
            {
                if (Optional(node, key) is not { } v)
                {
                    return fallback;
                }

                string text = _fields.Choice(v, $"options.{key}", [.. Enum.GetValues<T>().Select(Certification.CertificationAlgorithm.Name)]);
                Certification.CertificationAlgorithm.TryParse(text, out T value);
                return value;
            }

            return d with
            {
                Falsification = _fields.OptionalInteger(node, "falsification", "options.", d.Falsification, 1, 10_000_000),
                SetMode = Choice("set_mode", d.SetMode),
                GeneratorsPerState = _fields.OptionalInteger(node, "generators_per_state", "options.", d.GeneratorsPerState, 1, 100),
                Wrapping = Choice("wrapping", d.Wrapping),
                Portfolio = Choice("portfolio", d.Portfolio),
                TaylorOrder = _fields.OptionalInteger(node, "taylor_order", "options.", d.TaylorOrder, 1, 30),
                StepsPerPeriod = _fields.OptionalInteger(node, "steps_per_period", "options.", d.StepsPerPeriod, 1, 100_000),
                FlowForm = Choice("flow_form", d.FlowForm),
                NetworkBounds = Choice("network_bounds", d.NetworkBounds),
                Splitting = Choice("splitting", d.Splitting),
            };
        }

        private OdeSystem ReadPlant(YamlMappingNode plant)
        {
            CheckFields(plant, PlantFields, "plant.");
            string[] states = Names(Required(plant, "states", "plant."), "plant.states", "states");
            string[] inputs = Optional(plant, "inputs") is { } i ? Names(i, "plant.inputs", "inputs") : [];

            string[] disturbances = Optional(plant, "disturbances") is { } d ? Names(d, "plant.disturbances", "disturbances") : [];
            var parameters = new Dictionary<string, Expr>(StringComparer.Ordinal);
            if (Optional(plant, "parameters") is { } p)
            {
                foreach ((YamlNode key, YamlNode value) in Mapping(p, "plant.parameters").Children)
                {
                    string k = Scalar(key, "plant.parameters");
                    _lines[$"parameters.{k}"] = key.Start.Line;
                    if (value is YamlSequenceNode range)
                    {
                        if (range.Children.Count != 2)
                        {
                            throw Error(value, $"plant.parameters.{k}", $"expected a number or [lower, upper] (a constant known only to lie in a range), got {range.Children.Count} entries.");
                        }

                        if (states.Contains(k, StringComparer.Ordinal))
                        {
                            throw Error(key, $"plant.parameters.{k}", $"'{k}' is also a state.");
                        }

                        _uncertain.Add((k, range));
                        continue;
                    }

                    parameters[k] = Checked(value, $"plant.parameters.{k}", Expression(value, $"plant.parameters.{k}"));
                }
            }

            // Exactly one of 'dynamics' (an ODE: derivatives) and 'update' (a discrete-time map: next values).
            YamlNode? odeNode = Optional(plant, "dynamics"), mapNode = Optional(plant, "update");
            if (odeNode is not null && mapNode is not null)
            {
                YamlNode key = plant.Children.Keys.First(k => k is YamlScalarNode { Value: "update" });
                throw Error(key, "plant.update", "a plant has either 'dynamics' (an ODE, d(state)/dt = expression) or 'update' (a discrete-time map, next state = expression), not both.");
            }

            bool discrete = mapNode is not null;
            string key0 = discrete ? "update" : "dynamics";
            YamlNode dynNode = odeNode ?? mapNode ?? Required(plant, "dynamics", "plant.", "add 'dynamics:' (an ODE, d(state)/dt = expression per state) or 'update:' (a discrete-time map, next state = expression per state)");
            var dynamics = new Dictionary<string, Expr>(StringComparer.Ordinal);
            foreach (string s in states)
            {
                _lines[$"{key0}.{s}"] = dynNode.Start.Line;
            }

            foreach ((YamlNode key, YamlNode value) in Mapping(dynNode, $"plant.{key0}").Children)
            {
                string k = Scalar(key, $"plant.{key0}");
                _lines[$"{key0}.{k}"] = key.Start.Line;
                if (dynamics.ContainsKey(k))
                {
                    throw Error(key, $"plant.{key0}.{k}", "the state has two equations.");
                }

                if (_uncertain.Any(u => u.Name == k))
                {
                    throw Error(key, $"plant.{key0}.{k}", $"'{k}' is an interval-valued parameter (plant.parameters.{k}): a constant, it has no equation.");
                }

                dynamics[k] = Checked(value, $"plant.{key0}.{k}", Expression(value, $"plant.{key0}.{k}"));
            }

            foreach ((string u, YamlSequenceNode range) in _uncertain)
            {
                // A constant: zero derivative, or (discrete time) the next value is the value.
                dynamics[u] = discrete ? Expr.Var(u) : new ConstantExpr(Interval.Zero, 0, "0");
                _lines[$"{key0}.{u}"] = range.Start.Line;
            }

            OdeSystem system;
            try
            {
                system = new OdeSystem([.. states, .. _uncertain.Select(u => u.Name)], inputs, disturbances, parameters, dynamics, discrete ? PlantKind.Discrete : PlantKind.Continuous);
            }
            catch (ModelException e)
            {
                throw FromModel(e, "plant.");
            }

            // With the parameters substituted, constants such as 'x / (p - p)' appear that the written text hides.
            for (int s = 0; s < system.States.Count; s++)
            {
                string field = $"{key0}.{system.States[s]}";
                Checked(_lines.TryGetValue(field, out long line) ? line : dynNode.Start.Line, "plant." + field, system.RightHandSidesWithParameters[s]);
            }

            return system;
        }

        private SpecException FromModel(ModelException e, string prefix)
        {
            ModelProblem first = e.Problems[0];
            long line = LineOf(first.Field) ?? 0;
            string field = first.Field.StartsWith("controller", StringComparison.Ordinal) ? first.Field : prefix + first.Field;
            string more = e.Problems.Count > 1
                ? Environment.NewLine + string.Join(Environment.NewLine, e.Problems.Skip(1).Select(p => $"{path}{(LineOf(p.Field) is { } pl ? $":{pl}" : string.Empty)}: {(p.Field.StartsWith("controller", StringComparison.Ordinal) ? p.Field : prefix + p.Field)}: {p.Message}"))
                : string.Empty;
            return new SpecException(path, line, field, first.Message + more);
        }

        // The line of a field, or of the nearest enclosing field that has one (controller.outputs.acc[3].when -> [3]).
        private long? LineOf(string field)
        {
            for (string f = field; f.Length > 0; f = f[..Math.Max(0, Math.Max(f.LastIndexOf('.'), f.LastIndexOf('[')))])
            {
                if (_lines.TryGetValue(f, out long line))
                {
                    return line;
                }
            }

            return null;
        }

        private NeuralController ReadController(YamlMappingNode node, OdeSystem system)
        {
            CheckFields(node, ControllerFields, "controller.");
            foreach (string modal in (string[])["initial_mode", "networks", "next_mode"])
            {
                if (Optional(node, modal) is { } extra)
                {
                    throw Error(extra, $"controller.{modal}", $"'{modal}' goes with 'modes' (a controller with a finite mode); add 'modes: [...]' or remove '{modal}'.");
                }
            }

            FeedForwardNetwork network = LoadNetwork(node, "controller.", out _);
            List<Expr> inputs;
            Dictionary<string, Expr> outputs;
            if (Optional(node, "instances") is { } instancesNode)
            {
                (network, inputs, outputs) = ReadInstances(node, instancesNode, network, system);
            }
            else
            {
                inputs = ReadInputs(node, system);
                outputs = ReadOutputs(node, system, null);
            }

            (double nearest, Interval period) = ReadPeriod(node, system);
            try
            {
                return new NeuralController(system, network, inputs, outputs, nearest, period);
            }
            catch (ModelException e)
            {
                throw FromModel(e, string.Empty);
            }
        }

        // controller.inputs: one expression per network input.
        private List<Expr> ReadInputs(YamlMappingNode node, OdeSystem system) => ReadInputs(node, system, "controller.", []);

        // The inputs of one controller or instance, appended to 'inputs'; lines are kept under the composite's index
        // (controller.inputs[j]) so that the closed loop's problems point at the line written.
        private List<Expr> ReadInputs(YamlMappingNode node, OdeSystem system, string prefix, List<Expr> inputs)
        {
            YamlNode inputsNode = Required(node, "inputs", prefix);
            _lines["controller.inputs"] = inputsNode.Start.Line;
            int i = 0;
            foreach (YamlNode item in Sequence(inputsNode, prefix + "inputs"))
            {
                string field = $"{prefix}inputs[{i++}]";
                _lines[$"controller.inputs[{inputs.Count}]"] = item.Start.Line;
                Expr input = Expression(item, field);
                Checked(item, field, system.SubstituteParameters(input));
                inputs.Add(input);
            }

            return inputs;
        }

        // controller.outputs: an expression per plant input over out[i] and the states. For an instance, out[i] is
        // its own output i, renamed to the composite's out[offset + i].
        private Dictionary<string, Expr> ReadOutputs(YamlMappingNode node, OdeSystem system, (string Prefix, int Offset, int Size, Dictionary<string, Expr> Into)? instance)
        {
            string prefix = instance?.Prefix ?? "controller.";
            Dictionary<string, Expr> outputs = instance?.Into ?? new Dictionary<string, Expr>(StringComparer.Ordinal);
            YamlNode outputsNode = Required(node, "outputs", prefix);
            if (instance is null)
            {
                foreach (string c in system.Inputs)
                {
                    _lines[$"controller.outputs.{c}"] = outputsNode.Start.Line;
                }
            }

            foreach ((YamlNode key, YamlNode value) in Mapping(outputsNode, prefix + "outputs").Children)
            {
                string k = Scalar(key, prefix + "outputs");
                string field = $"{prefix}outputs.{k}";
                _lines[$"controller.outputs.{k}"] = key.Start.Line;
                Expr e = Expression(value, field);
                Checked(value, field, system.SubstituteParameters(e));
                if (instance is { } inst)
                {
                    if (outputs.ContainsKey(k))
                    {
                        throw Error(key, field, $"the plant input '{k}' is given by an earlier instance too; each plant input is given by one instance.");
                    }

                    foreach (string v in e.Variables())
                    {
                        if (OutputIndex(v) is { } o && o >= inst.Size)
                        {
                            throw Error(value, field, $"'{v}' is not an output of the network, which has {inst.Size} (out[0] to out[{inst.Size - 1}]); in an instance, out[i] is that instance's own output i.");
                        }
                    }

                    e = e.Substitute(v => OutputIndex(v) is { } o ? new VariableExpr(NeuralController.OutputName(inst.Offset + o)) : null);
                }

                outputs[k] = e;
            }

            return outputs;
        }

        private static int? OutputIndex(string variable) =>
            variable.StartsWith("out[", StringComparison.Ordinal) && variable.EndsWith(']')
            && int.TryParse(variable.AsSpan(4, variable.Length - 5), NumberStyles.None, CultureInfo.InvariantCulture, out int i) ? i : null;

        // controller.instances: the same network applied to several views (one per agent of a team): each instance
        // has its own inputs and outputs, out[i] local to it; the closed loop's network is the block-diagonal composite
        // (NetworkComposition.BlockDiagonal), the file's network in every block.
        private (FeedForwardNetwork Network, List<Expr> Inputs, Dictionary<string, Expr> Outputs) ReadInstances(YamlMappingNode node, YamlNode instancesNode, FeedForwardNetwork network, OdeSystem system)
        {
            foreach (string single in (string[])["inputs", "outputs"])
            {
                if (Optional(node, single) is { } extra)
                {
                    throw Error(extra, $"controller.{single}", $"a controller with 'instances' gives each instance its own {single}; move 'controller.{single}' into the instances.");
                }
            }

            var inputs = new List<Expr>();
            var outputs = new Dictionary<string, Expr>(StringComparer.Ordinal);
            foreach (string c in system.Inputs)
            {
                _lines[$"controller.outputs.{c}"] = instancesNode.Start.Line;
            }

            int k = 0;
            foreach (YamlNode item in Sequence(instancesNode, "controller.instances"))
            {
                string prefix = $"controller.instances[{k}].";
                YamlMappingNode inst = Mapping(item, $"controller.instances[{k}]");
                CheckFields(inst, ["inputs", "outputs"], prefix);
                int before = inputs.Count;
                ReadInputs(inst, system, prefix, inputs);
                if (inputs.Count - before != network.InputSize)
                {
                    throw Error(Required(inst, "inputs", prefix), prefix + "inputs", $"gives {inputs.Count - before} inputs but the network '{network.Name}' takes {network.InputSize}.");
                }

                ReadOutputs(inst, system, (prefix, k * network.OutputSize, network.OutputSize, outputs));
                k++;
            }

            if (k == 0)
            {
                throw Error(instancesNode, "controller.instances", "expected a list of instances, each with 'inputs' and 'outputs'.");
            }

            return (NetworkComposition.BlockDiagonal(network, k), inputs, outputs);
        }

        // A discrete-time plant steps once per period; its period only gives the time t = k·period of step k (windows,
        // t in expressions) and defaults to 1, so that t counts steps. Simulation samples with the double nearest the
        // written period; reachability encloses the exact one.
        private (double Nearest, Interval Period) ReadPeriod(YamlMappingNode node, OdeSystem system)
        {
            YamlNode? periodNode = system.IsDiscrete ? Optional(node, "period") : Required(node, "period", "controller.");
            if (periodNode is null)
            {
                return (1, Interval.One);
            }

            _lines["controller.period"] = periodNode.Start.Line;
            ChoiceValue v = ConstantValue(periodNode, "controller.period", system);
            return (v.Nearest, v.Enclosure);
        }

        // A constant as written: an enclosure of the exact value, and the double simulation uses (inside the enclosure).
        private ChoiceValue ConstantValue(YamlNode node, string field, OdeSystem system)
        {
            Interval exact = Constant(node, field, system);
            double nearest = ExpressionEvaluator.Evaluate<double, DoubleArithmetic>(system.SubstituteParameters(Expression(node, field)), default, _ => 0);
            return new ChoiceValue(exact.Contains(nearest) ? nearest : exact.Midpoint, exact);
        }

        // A controller with a finite mode (docs/specs.md, "Modes"): one network per mode, the next mode from the scores,
        // and each plant input given by ordered cases over the new and previous mode, guards and environment choices.
        private ModalController ReadModalController(YamlMappingNode node, OdeSystem system)
        {
            CheckFields(node, ControllerFields, "controller.");
            if (Optional(node, "instances") is { } instances)
            {
                throw Error(instances, "controller.instances", "'instances' and 'modes' do not go together: write one controller with a finite mode, or one network applied per instance.");
            }

            YamlNode modesNode = Required(node, "modes", "controller.");
            string[] modes = Names(modesNode, "controller.modes", "controller.modes");
            if (modes.Length == 0)
            {
                throw Error(modesNode, "controller.modes", "expected at least one mode name.");
            }

            if (modes.GroupBy(m => m, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            {
                throw Error(modesNode, "controller.modes", $"the mode '{twice.Key}' is named twice.");
            }

            foreach (string m in modes.Where(m => system.States.Contains(m) || system.Inputs.Contains(m) || system.Parameters.ContainsKey(m)))
            {
                throw Error(modesNode, "controller.modes", $"the mode '{m}' has the name of a state, input or parameter; modes need names of their own.");
            }

            int Mode(YamlNode n, string field)
            {
                string name = Scalar(n, field);
                int i = Array.IndexOf(modes, name);
                return i >= 0 ? i : throw Error(n, field, $"'{name}' is not a mode; the modes are {string.Join(", ", modes)}{OdeSystem.Suggest(name, modes)}.");
            }

            _lines["controller"] = node.Start.Line;
            _lines["controller.modes"] = modesNode.Start.Line;
            int initialMode = Optional(node, "initial_mode") is { } im ? Mode(im, "controller.initial_mode") : 0;
            if (Optional(node, "network") is { } single)
            {
                throw Error(single, "controller.network", "a controller with modes has one network per mode: write 'networks:' with one entry per mode (mode: file) instead of 'network:'.");
            }

            YamlNode networksNode = Required(node, "networks", "controller.", "add 'networks:' with one network file per mode (mode: file)");
            var networks = new FeedForwardNetwork?[modes.Length];
            foreach ((YamlNode key, YamlNode value) in Mapping(networksNode, "controller.networks").Children)
            {
                int m = Mode(key, "controller.networks");
                if (networks[m] is not null)
                {
                    throw Error(key, $"controller.networks.{modes[m]}", "given twice.");
                }

                _lines[$"controller.networks.{modes[m]}"] = key.Start.Line;
                networks[m] = LoadNetworkFile(value, $"controller.networks.{modes[m]}", NetworkLoadOptions.Default, out string full);
                if (m == initialMode)
                {
                    _networkFile = full;
                }
            }

            if (Array.FindIndex(networks, n => n is null) is var missing and >= 0)
            {
                throw Error(networksNode, "controller.networks", $"no network for mode {modes[missing]}; every mode needs one.");
            }

            YamlNode? update = Optional(node, "next_mode");
            ModeUpdate rule = update is null ? ModeUpdate.Argmax : _fields.Choice(update, "controller.next_mode", ["argmax"]) switch { _ => ModeUpdate.Argmax };

            List<Expr> inputs = ReadInputs(node, system);

            YamlNode outputsNode = Required(node, "outputs", "controller.");
            foreach (string c in system.Inputs)
            {
                _lines[$"controller.outputs.{c}"] = outputsNode.Start.Line;
            }

            var outputs = new Dictionary<string, IReadOnlyList<ControlCase>>(StringComparer.Ordinal);
            foreach ((YamlNode key, YamlNode value) in Mapping(outputsNode, "controller.outputs").Children)
            {
                string k = Scalar(key, "controller.outputs");
                string field = $"controller.outputs.{k}";
                _lines[field] = key.Start.Line;
                if (value is not YamlSequenceNode list)
                {
                    Expr plain = Expression(value, field);
                    Checked(value, field, system.SubstituteParameters(plain));
                    outputs[k] = [new ControlCase { Value = plain }];
                    continue;
                }

                var cases = new List<ControlCase>();
                foreach (YamlNode item in list.Children)
                {
                    string at = $"{field}[{cases.Count}]";
                    _lines[at] = item.Start.Line;
                    YamlMappingNode map = Mapping(item, at);
                    CheckFields(map, CaseFields, at + ".");
                    IReadOnlyList<int>? ModeList(string name) => Optional(map, name) is not { } n ? null
                        : n is YamlSequenceNode seq ? [.. seq.Children.Select(c => Mode(c, $"{at}.{name}"))] : [Mode(n, $"{at}.{name}")];
                    IReadOnlyList<Expr> guards = Optional(map, "when") is { } w
                        ? [.. (w is YamlSequenceNode ws ? ws.Children : (IEnumerable<YamlNode>)[w]).Select(g => Constraint(g, Scalar(g, $"{at}.when"), $"{at}.when", system))]
                        : [];
                    YamlNode? valueNode = Optional(map, "value"), chooseNode = Optional(map, "choose"), betweenNode = Optional(map, "between");
                    if ((valueNode is null ? 0 : 1) + (chooseNode is null ? 0 : 1) + (betweenNode is null ? 0 : 1) != 1)
                    {
                        throw Error(item, at, "expected exactly one of 'value: <expression>', 'choose: [<number>, ...]' (the environment picks one each step) and 'between: [<lower>, <upper>]' (any value in the interval).");
                    }

                    Expr? v = null;
                    if (valueNode is not null)
                    {
                        v = Expression(valueNode, $"{at}.value");
                        Checked(valueNode, $"{at}.value", system.SubstituteParameters(v));
                    }

                    IReadOnlyList<ChoiceValue>? choices = null;
                    if (chooseNode is not null)
                    {
                        choices = [.. Sequence(chooseNode, $"{at}.choose").Select(c => ConstantValue(c, $"{at}.choose", system))];
                        if (choices.Count == 0)
                        {
                            throw Error(chooseNode, $"{at}.choose", "expected at least one value to choose from.");
                        }
                    }

                    (ChoiceValue, ChoiceValue)? range = null;
                    if (betweenNode is not null)
                    {
                        YamlNode[] ends = [.. Sequence(betweenNode, $"{at}.between")];
                        if (ends.Length != 2)
                        {
                            throw Error(betweenNode, $"{at}.between", "expected [lower, upper].");
                        }

                        ChoiceValue lo = ConstantValue(ends[0], $"{at}.between", system), hi = ConstantValue(ends[1], $"{at}.between", system);
                        if (lo.Enclosure.Lo > hi.Enclosure.Hi || lo.Nearest > hi.Nearest)
                        {
                            throw Error(betweenNode, $"{at}.between", $"the lower end {lo.Nearest} exceeds the upper end {hi.Nearest}.");
                        }

                        range = (lo, hi);
                    }

                    cases.Add(new ControlCase { Modes = ModeList("mode"), Previous = ModeList("previous"), Guards = guards, Value = v, Choices = choices, Range = range });
                }

                if (cases.Count == 0)
                {
                    throw Error(value, field, "expected at least one case.");
                }

                outputs[k] = cases;
            }

            (double nearest, Interval period) = ReadPeriod(node, system);
            try
            {
                return new ModalController(system, modes, initialMode, [.. networks.Select(n => n!)], inputs, rule, outputs, nearest, period);
            }
            catch (ModelException e)
            {
                throw FromModel(e, string.Empty);
            }
        }

        private string? _networkFile;
        private readonly List<string> _networkFiles = [];

        // The 'network' field of a mapping (relative to the spec file) with its optional activation fields.
        private FeedForwardNetwork LoadNetwork(YamlMappingNode node, string prefix, out string file)
        {
            YamlNode networkNode = Required(node, "network", prefix);
            file = Scalar(networkNode, prefix + "network");
            var options = NetworkLoadOptions.Default with
            {
                HiddenActivation = Optional(node, "hidden_activation") is { } h ? ActivationOf(h, prefix + "hidden_activation") : null,
                OutputActivation = Optional(node, "output_activation") is { } o ? ActivationOf(o, prefix + "output_activation") : null,
            };
            try
            {
                if (options.HiddenActivation is not null || options.OutputActivation is not null)
                {
                    // Only ReachNN/Sherlock text lacks activations; for any other format the fields would be ignored silently.
                    NetworkFileFormat format = NetworkFile.DetectFormat(Resolve(file));
                    if (format != NetworkFileFormat.ReachNnText)
                    {
                        string key = options.HiddenActivation is not null ? "hidden_activation" : "output_activation";
                        throw Error(Optional(node, key), prefix + key, $"the network '{file}' is {format switch { NetworkFileFormat.Onnx => "ONNX", NetworkFileFormat.Polar => "POLAR text", NetworkFileFormat.CertusJson => "Certus JSON", _ => format.ToString() }} and stores its own activations; remove hidden_activation and output_activation (they are only for ReachNN/Sherlock .txt files, which store none).");
                    }
                }

            }
            catch (NetworkFormatException e)
            {
                throw Error(networkNode, prefix + "network", e.Message);
            }

            FeedForwardNetwork network = LoadNetworkFile(networkNode, prefix + "network", options, out string full);
            _networkFile = full;
            return network;
        }

        private string Resolve(string file) =>
            System.IO.Path.IsPathRooted(file) ? file : System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) ?? ".", file);

        // A network file named by a scalar node (relative to the spec file).
        private FeedForwardNetwork LoadNetworkFile(YamlNode node, string field, NetworkLoadOptions options, out string full)
        {
            full = Resolve(Scalar(node, field));
            _networkFiles.Add(full);
            try
            {
                return NetworkFile.Load(full, options);
            }
            catch (NetworkFormatException e)
            {
                throw Error(node, field, e.Message);
            }
        }

        private Activation? ActivationOf(YamlNode node, string field) => (node as YamlScalarNode)?.Value?.ToLowerInvariant() switch
        {
            "relu" => Activation.Relu,
            "tanh" => Activation.Tanh,
            "sigmoid" => Activation.Sigmoid,
            "identity" or "linear" => Activation.Identity,
            _ => throw Error(node, field, "expected relu, tanh, sigmoid or identity."),
        };

        // The outer box encloses the written values; the inner box holds only doubles inside them (null if none).
        private Box ReadBox(YamlMappingNode node, string field, IReadOnlyList<string> names, OdeSystem system, out Box? inner) =>
            ReadBox(node, field, names, system, out inner, out _, out _);

        // Also the search box: per component the doubles inside the written value, or (a written point that is no double,
        // a range with no double inside) the double nearest its middle, flagged as enclosed (a counterexample then starts
        // from that component's whole enclosure).
        private Box ReadBox(YamlMappingNode node, string field, IReadOnlyList<string> names, OdeSystem system, out Box? inner, out Box search, out bool[] enclosed)
        {
            var values = new Interval?[names.Count];
            var inward = new Interval?[names.Count];
            bool initial = field == "initial";
            foreach ((YamlNode key, YamlNode value) in node.Children)
            {
                string k = Scalar(key, field);
                int index = names.IndexOfName(k);
                if (index < 0)
                {
                    throw Error(key, $"{field}.{k}", $"'{k}' is not one of {string.Join(", ", names.Where(n => !initial || _uncertain.All(u => u.Name != n)))}.");
                }

                if (initial && _uncertain.Any(u => u.Name == k))
                {
                    throw Error(key, $"{field}.{k}", $"'{k}' is an interval-valued parameter: its range is plant.parameters.{k}.");
                }

                if (values[index] is not null)
                {
                    throw Error(key, $"{field}.{k}", "given twice.");
                }

                (values[index], inward[index]) = ReadValue(value, $"{field}.{k}", system);
            }

            if (initial)
            {
                foreach ((string u, YamlSequenceNode range) in _uncertain)
                {
                    int index = names.IndexOfName(u);
                    (values[index], inward[index]) = ReadValue(range, $"plant.parameters.{u}", system);
                }
            }

            int missing = Array.FindIndex(values, v => v is null);
            if (missing >= 0)
            {
                throw Error(node, $"{field}.{names[missing]}", $"no value for '{names[missing]}'; every one of {string.Join(", ", names)} needs a number or [lower, upper].");
            }

            inner = inward.All(v => v is not null) ? new Box(inward.Select(v => v!.Value)) : null;
            enclosed = [.. inward.Select(v => v is null)];
            search = new Box(inward.Select((v, i) => v ?? Interval.Point(values[i]!.Value.Midpoint)));
            return new Box(values.Select(v => v!.Value));
        }

        // A number or [lower, upper]: its outward enclosure, and the doubles inside the written value (null if none).
        private (Interval Outer, Interval? Inward) ReadValue(YamlNode value, string field, OdeSystem system)
        {
            if (value is YamlSequenceNode seq)
            {
                if (seq.Children.Count != 2)
                {
                    throw Error(value, field, $"expected a number or [lower, upper], got {seq.Children.Count} entries.");
                }

                Interval lo = Constant(seq.Children[0], field, system), hi = Constant(seq.Children[1], field, system);
                if (lo.Lo > hi.Hi)
                {
                    throw Error(value, field, $"the lower end {lo.Midpoint} exceeds the upper end {hi.Midpoint}.");
                }

                return (new Interval(lo.Lo, hi.Hi), lo.Hi <= hi.Lo ? new Interval(lo.Hi, hi.Lo) : null);
            }

            Interval v = Constant(value, field, system);
            return (v, v.IsPoint ? v : null);
        }

        private IReadOnlyList<StateProperty> ReadProperties(YamlNode node, OdeSystem system, double endTime)
        {
            var properties = new List<StateProperty>();
            int index = 0;
            foreach (YamlNode item in Sequence(node, "properties"))
            {
                string field = $"properties[{index++}]";
                YamlMappingNode map = Mapping(item, field);
                CheckFields(map, PropertyFields, field + ".");
                YamlNode? always = Optional(map, "always"), atEnd = Optional(map, "at_end"), avoid = Optional(map, "avoid"), eventually = Optional(map, "eventually");
                if ((always is null ? 0 : 1) + (atEnd is null ? 0 : 1) + (avoid is null ? 0 : 1) + (eventually is null ? 0 : 1) != 1)
                {
                    throw Error(item, field, "expected exactly one of 'always: <constraint>', 'at_end: <constraint>', 'eventually: <constraint>' or 'avoid: [<constraint>, ...]'.");
                }

                PropertyKind kind = always is not null ? PropertyKind.Always
                    : atEnd is not null ? PropertyKind.AtEnd
                    : eventually is not null ? PropertyKind.Eventually
                    : PropertyKind.Avoid;
                YamlNode body = always ?? atEnd ?? eventually ?? avoid!;
                Interval? window = null, inner = null;
                if (Optional(map, "during") is { } during)
                {
                    if (kind == PropertyKind.AtEnd)
                    {
                        throw Error(during, $"{field}.during", "a time window goes with 'always', 'eventually' and 'avoid' only.");
                    }

                    var seq = Sequence(during, $"{field}.during").ToArray();
                    if (seq.Length != 2)
                    {
                        throw Error(during, $"{field}.during", "expected [start, end] in seconds.");
                    }

                    Interval a = Constant(seq[0], $"{field}.during", system), b = Constant(seq[1], $"{field}.during", system);
                    if (a.Lo < 0 || b.Hi > endTime * (1 + 1e-12) || a.Lo > b.Hi)
                    {
                        throw Error(during, $"{field}.during", $"the window [{a.Midpoint}, {b.Midpoint}] must lie inside the horizon [0, {endTime}] s.");
                    }

                    // The exact window lies between the inner and the outer hull of the enclosed ends: overlap tests use the
                    // outer one, containment tests (a goal reached, a violation confirmed) the inner one.
                    window = new Interval(a.Lo, b.Hi);
                    inner = a.Hi <= b.Lo ? new Interval(a.Hi, b.Lo) : Interval.Empty;
                }

                string? name = Optional(map, "name") is { } n ? Scalar(n, $"{field}.name") : null;
                YamlNode[] constraints = body is YamlSequenceNode list ? [.. list.Children] : [body];
                if (constraints.Length == 0)
                {
                    string key = kind switch { PropertyKind.Always => "always", PropertyKind.AtEnd => "at_end", PropertyKind.Eventually => "eventually", _ => "avoid" };
                    string meaning = kind == PropertyKind.Avoid
                        ? "an empty conjunction is the whole state space, which can never be avoided"
                        : "an empty list states nothing";
                    throw Error(body, $"{field}.{key}", $"expected at least one constraint ({meaning}); write e.g. '{key}: [x1 <= 1]'.");
                }

                if (kind == PropertyKind.Eventually)
                {
                    // The goal is where every constraint holds at the same time: one property with margin min_i g_i.
                    Expr goal = Constraint(constraints[0], Scalar(constraints[0], field), field, system);
                    foreach (YamlNode c in constraints.Skip(1))
                    {
                        goal = new BinaryExpr(BinaryOp.Min, goal, Constraint(c, Scalar(c, field), field, system));
                    }

                    string text = string.Join(" and ", constraints.Select(c => Scalar(c, field)));
                    Checked(body, field, goal);
                    properties.Add(new StateProperty(name ?? $"eventually {text}", PropertyKind.Eventually, goal, window) { InnerWindow = inner });
                    continue;
                }

                if (kind == PropertyKind.Avoid)
                {
                    // The unsafe set is where every constraint holds: h_i = -(g_i) <= 0 there.
                    var polytope = new List<Expr>();
                    foreach (YamlNode c in constraints)
                    {
                        Expr g = Constraint(c, Scalar(c, field), field, system);
                        foreach (string state in system.States)
                        {
                            if (Differentiator.Derivative(g, state).Variables().Count > 0)
                            {
                                throw Error(c, field, $"an avoid set is a polytope: '{Scalar(c, field)}' must be linear in the states.");
                            }
                        }

                        polytope.Add(-g);
                    }

                    string text = string.Join(" and ", constraints.Select(c => Scalar(c, field)));
                    properties.Add(StateProperty.Avoid(name ?? $"avoid {text}", polytope, window) with { InnerWindow = inner });
                    continue;
                }

                foreach (YamlNode c in constraints)
                {
                    string text = Scalar(c, field);
                    Expr g = Constraint(c, text, field, system);
                    properties.Add(new StateProperty(constraints.Length == 1 && name is not null ? name : name is not null ? $"{name}: {text}" : text, kind, g, window) { InnerWindow = inner });
                }
            }

            if (properties.Count == 0)
            {
                throw Error(node, "properties", "expected at least one property.");
            }

            return properties;
        }

        // "lhs >= rhs" -> lhs - rhs; "lhs <= rhs" -> rhs - lhs. Variables: states and t (parameters are substituted).
        private Expr Constraint(YamlNode node, string text, string field, OdeSystem system)
        {
            int ge = text.IndexOf(">=", StringComparison.Ordinal), le = text.IndexOf("<=", StringComparison.Ordinal);
            if ((ge < 0) == (le < 0) || text.IndexOf(ge >= 0 ? ">=" : "<=", (ge >= 0 ? ge : le) + 2, StringComparison.Ordinal) >= 0)
            {
                throw Error(node, field, $"expected one comparison 'expression >= expression' or 'expression <= expression', got '{text}'.");
            }

            int at = ge >= 0 ? ge : le;
            Expr lhs = ParseExpression(node, text[..at], field), rhs = ParseExpression(node, text[(at + 2)..], field);
            Expr g = Checked(node, field, system.SubstituteParameters(ge >= 0 ? lhs - rhs : rhs - lhs));
            foreach (string v in g.Variables())
            {
                if (v != OdeSystem.TimeVariable && !system.States.Contains(v))
                {
                    throw Error(node, field, $"unknown variable '{v}' in '{text}'; a property can use the states ({string.Join(", ", system.States)}), parameters and t.");
                }
            }

            return g;
        }

        private Interval Constant(YamlNode node, string field, OdeSystem system)
        {
            Expr e = Checked(node, field, system.SubstituteParameters(Expression(node, field)));
            if (e.Variables().Count > 0)
            {
                throw Error(node, field, $"expected a number, got '{e}' which uses {string.Join(", ", e.Variables())}.");
            }

            Interval v = ExpressionEvaluator.Evaluate<Interval, IntervalArithmetic>(e, default, _ => Interval.Zero);
            if (v.IsEmpty || !v.IsBounded)
            {
                throw Error(node, field, $"'{e}' is not a finite number.");
            }

            return v;
        }

        // The tree is at most ExpressionParser.MaxTreeDepth deep and every constant subexpression is a finite, defined number.
        private Expr Checked(YamlNode node, string field, Expr e) => Checked(node.Start.Line, field, e);

        private Expr Checked(long line, string field, Expr e)
        {
            int depth = ExpressionDepth.Of(e);
            if (depth > ExpressionParser.MaxTreeDepth)
            {
                throw new SpecException(path, line, field, $"the expression (with parameters substituted and listed constraints combined) is {depth} operations deep; at most {ExpressionParser.MaxTreeDepth} are allowed (group long sums and products in parentheses, or use fewer constraints).");
            }

            if (ConstantDomains.FirstProblem(e) is { } problem)
            {
                throw new SpecException(path, line, field, problem);
            }

            return e;
        }

        private Expr Expression(YamlNode node, string field) => ParseExpression(node, Scalar(node, field), field);

        private Expr ParseExpression(YamlNode node, string text, string field)
        {
            try
            {
                return ExpressionParser.Parse(text);
            }
            catch (ExpressionParseException e)
            {
                throw Error(node, field, e.Message);
            }
        }

        private string[] Names(YamlNode node, string field, string key)
        {
            var names = new List<string>();
            foreach (YamlNode item in Sequence(node, field))
            {
                _lines[$"{key}[{names.Count}]"] = item.Start.Line;
                names.Add(Scalar(item, $"{field}[{names.Count}]"));
            }

            _lines[key] = node.Start.Line;
            return [.. names];
        }

        private string Scalar(YamlNode node, string field) => _fields.Scalar(node, field);

        private YamlMappingNode Mapping(YamlNode node, string field) => _fields.Mapping(node, field);

        private IEnumerable<YamlNode> Sequence(YamlNode node, string field) => _fields.Sequence(node, field);

        private static YamlNode? Optional(YamlMappingNode map, string key) => YamlFields.Optional(map, key);

        private YamlNode Required(YamlMappingNode map, string key, string prefix, string? hint = null) =>
            _fields.Required(map, key, prefix, $"{hint ?? $"add '{key}:'"} (see docs/specs.md)");

        private void CheckFields(YamlMappingNode map, string[] allowed, string prefix) => _fields.CheckFields(map, allowed, prefix);
    }
}
