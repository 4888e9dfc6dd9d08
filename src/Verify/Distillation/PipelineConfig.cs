using Certus.Verify.Specs;
using YamlDotNet.RepresentationModel;

namespace Certus.Verify.Distillation;

/// <summary>One team encounter to certify.</summary>
/// <param name="Scene">A <see cref="TeamScene.PresetNames"/> name.</param>
/// <param name="Agents">Agents in the team.</param>
/// <param name="Width">Initial width of each position coordinate.</param>
/// <param name="Separation">Distance between facing starts, or null for the command's default.</param>
/// <param name="Horizon">Seconds, or null for the command's default.</param>
/// <param name="GoalTolerance">r of the goal property.</param>
public sealed record PipelineEncounter(string Scene, int Agents, double Width, double? Separation, double? Horizon, double GoalTolerance);

/// <summary>
/// A <c>pipeline</c> configuration (docs/madpinn.md, <em>The pipeline</em>): the teacher, the distillation, the
/// encounters to certify and the simulation table. Paths are absolute (resolved against the file's folder).
/// </summary>
/// <param name="Path">The file.</param>
/// <param name="Name">A title for the report.</param>
/// <param name="Train">A MAD-PINN training configuration run first when the teacher file is missing, or null.</param>
/// <param name="Teacher">The MAD-PINN model (the madpinn column of the table).</param>
/// <param name="Distill">The distillation configuration run when the policy file is missing (or on --retrain), or null.</param>
/// <param name="Policy">The distilled controller's descriptor (NAME.policy.json).</param>
/// <param name="Encounters">The team loops to certify.</param>
/// <param name="Scenarios">Navigation scenario files of the simulation table.</param>
/// <param name="AgentCounts">N of the simulation table.</param>
/// <param name="Seeds">Seeds per row (1..Seeds).</param>
/// <param name="TimeLimit">Overrides the scenarios' time limit, or null.</param>
/// <param name="StepTimeAgents">N of the step-time measurement (random scene, 100 steps), or 0 for none.</param>
/// <param name="Output">The report folder.</param>
/// <param name="Timeout">Proof budget per encounter, seconds.</param>
public sealed record PipelineConfig(
    string Path,
    string Name,
    string? Train,
    string Teacher,
    string? Distill,
    string Policy,
    IReadOnlyList<PipelineEncounter> Encounters,
    IReadOnlyList<string> Scenarios,
    IReadOnlyList<int> AgentCounts,
    int Seeds,
    double? TimeLimit,
    int StepTimeAgents,
    string Output,
    double Timeout)
{
    private static readonly string[] TopFields = ["name", "train", "teacher", "distill", "policy", "certify", "simulate", "output", "timeout"];
    private static readonly string[] EncounterFields = ["scene", "agents", "width", "separation", "horizon", "goal_tolerance"];
    private static readonly string[] SimulateFields = ["scenarios", "agents", "seeds", "time_limit", "step_time_agents"];

    /// <summary>Reads a configuration.</summary>
    /// <param name="path">The YAML file.</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="SpecException">The file is unreadable or invalid; the message is <c>file:line: field: problem</c>.</exception>
    public static PipelineConfig Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text = YamlFields.ReadFile(path, "pipeline configuration");
        return YamlFields.Guarded(path, () => Parse(text, path));
    }

    private static PipelineConfig Parse(string text, string path)
    {
        var y = new YamlFields(path);
        YamlStream stream = YamlFields.Load(path, text);
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new SpecException(path, 1, "pipeline", "expected a mapping with teacher, policy, certify and simulate (see docs/madpinn.md, The pipeline).");
        }

        y.CheckFields(root, TopFields, string.Empty);
        string folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) ?? ".";
        string Resolve(string p) => System.IO.Path.GetFullPath(System.IO.Path.IsPathRooted(p) ? p : System.IO.Path.Combine(folder, p));
        string? OptionalFile(string key, bool mustExist)
        {
            if (YamlFields.Optional(root, key) is not { } node)
            {
                return null;
            }

            string file = Resolve(y.Scalar(node, key));
            return mustExist && !File.Exists(file) ? throw y.Error(node, key, $"the file {file} does not exist.") : file;
        }

        string name = YamlFields.Optional(root, "name") is { } n ? y.Scalar(n, "name") : System.IO.Path.GetFileNameWithoutExtension(path);
        string? train = OptionalFile("train", mustExist: true);
        string? distill = OptionalFile("distill", mustExist: true);
        YamlNode teacherNode = y.Required(root, "teacher", string.Empty, "add 'teacher: madpinn-k2.json' (the MAD-PINN model the controller imitates)");
        string teacher = Resolve(y.Scalar(teacherNode, "teacher"));
        if (!File.Exists(teacher) && train is null)
        {
            throw y.Error(teacherNode, "teacher", $"the file {teacher} does not exist; train it first or add 'train: CONFIG' to train it here.");
        }

        YamlNode policyNode = y.Required(root, "policy", string.Empty, "add 'policy: distilled-k2.policy.json' (the distilled controller's descriptor)");
        string policy = Resolve(y.Scalar(policyNode, "policy"));
        if (!policy.EndsWith(".policy.json", StringComparison.OrdinalIgnoreCase))
        {
            throw y.Error(policyNode, "policy", "expected the distilled controller's descriptor, NAME.policy.json.");
        }

        if (!File.Exists(policy) && distill is null)
        {
            throw y.Error(policyNode, "policy", $"the file {policy} does not exist; add 'distill: CONFIG' to distill it here.");
        }

        var encounters = new List<PipelineEncounter>();
        if (YamlFields.Optional(root, "certify") is { } certify)
        {
            int k = 0;
            foreach (YamlNode item in y.Sequence(certify, "certify"))
            {
                string f = $"certify[{k++}]";
                YamlMappingNode m = y.Mapping(item, f);
                y.CheckFields(m, EncounterFields, f + ".");
                string scene = y.Choice(y.Required(m, "scene", f + ".", "e.g. 'scene: head-on'"), f + ".scene", [.. TeamScene.PresetNames]);
                int agents = y.OptionalInteger(m, "agents", f + ".", 2, 2, 7);
                double width = y.OptionalNumber(m, "width", f + ".", 0.2, 0);
                double? separation = YamlFields.Optional(m, "separation") is { } s ? y.Number(s, f + ".separation", 0, exclusiveMin: true) : null;
                double? horizon = YamlFields.Optional(m, "horizon") is { } h ? y.Number(h, f + ".horizon", 0, exclusiveMin: true) : null;
                double tolerance = y.OptionalNumber(m, "goal_tolerance", f + ".", 0.2, 0, exclusiveMin: true);
                encounters.Add(new PipelineEncounter(scene, agents, width, separation, horizon, tolerance));
            }
        }

        var scenarios = new List<string>();
        int[] counts = [4, 16, 64, 256];
        int seeds = 2, stepAgents = 256;
        double? limit = null;
        if (YamlFields.Optional(root, "simulate") is { } simNode)
        {
            YamlMappingNode sim = y.Mapping(simNode, "simulate");
            y.CheckFields(sim, SimulateFields, "simulate.");
            if (YamlFields.Optional(sim, "scenarios") is { } sc)
            {
                int k = 0;
                foreach (YamlNode item in y.Sequence(sc, "simulate.scenarios"))
                {
                    string file = Resolve(y.Scalar(item, $"simulate.scenarios[{k}]"));
                    if (!File.Exists(file))
                    {
                        throw y.Error(item, $"simulate.scenarios[{k}]", $"the scenario {file} does not exist.");
                    }

                    scenarios.Add(file);
                    k++;
                }
            }

            if (YamlFields.Optional(sim, "agents") is { } a)
            {
                counts = [.. y.Sequence(a, "simulate.agents").Select((node, i) => y.Integer(node, $"simulate.agents[{i}]", 1, 100_000))];
            }

            seeds = y.OptionalInteger(sim, "seeds", "simulate.", 2, 1, 100);
            stepAgents = y.OptionalInteger(sim, "step_time_agents", "simulate.", 256, 0, 100_000);
            limit = YamlFields.Optional(sim, "time_limit") is { } t ? y.Number(t, "simulate.time_limit", 0, exclusiveMin: true) : null;
        }

        string output = YamlFields.Optional(root, "output") is { } o ? Resolve(y.Scalar(o, "output")) : Resolve(System.IO.Path.GetFileNameWithoutExtension(path) + "-report");
        double timeout = y.OptionalNumber(root, "timeout", string.Empty, 300, 0, exclusiveMin: true);
        return new PipelineConfig(path, name, train, teacher, distill, policy, encounters, scenarios, counts, seeds, limit, stepAgents, output, timeout);
    }
}
