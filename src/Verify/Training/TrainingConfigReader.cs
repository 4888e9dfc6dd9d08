using Certus.Control.Distillation;
using Certus.Control.MadPinn;
using Certus.Core.Networks;
using Certus.Core.Navigation;
using Certus.Verify.Specs;
using YamlDotNet.RepresentationModel;

namespace Certus.Verify.Training;

/// <summary>
/// Reads training configurations (see docs/madpinn.md): MAD-PINN value functions (<c>problem:</c>, <c>network:</c>,
/// <c>training:</c>, <c>output:</c>) and distilled controllers (<c>distill:</c>, <c>output:</c>).
/// </summary>
public static class TrainingConfigReader
{
    private static readonly string[] TopFields = ["name", "problem", "network", "training", "output", "compare_with_grid"];
    private static readonly string[] ProblemFields = ["neighbours", "max_speed", "input_set", "safety_radius", "agent_radius", "horizon", "position_range", "goal_range", "budget_min", "budget_max", "obstacles"];
    private static readonly string[] NetworkFields = ["hidden_layers", "width", "omega0"];
    private static readonly string[] DistillTopFields = ["name", "distill", "output"];
    private static readonly string[] DistillFields = ["teacher", "samples", "near_fraction", "full_fraction", "beyond_goal_fraction", "minimum_separation", "weight_amplitude", "weight_length", "hidden_layers", "width", "activation", "iterations", "learning_rate", "learning_rate_decay", "batch_size", "validation_fraction", "seed", "log_every", "threads"];
    private static readonly string[] TrainingFields = ["iterations", "pretrain_iterations", "curriculum_iterations", "points", "boundary_fraction", "near_fraction", "learning_rate", "learning_rate_decay", "boundary_weight", "balance_every", "balance_rate", "max_boundary_weight", "checkpoint_every", "log_every", "seed", "threads"];

    /// <summary>Reads a configuration file.</summary>
    /// <param name="path">The YAML file.</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="SpecException">The file is unreadable or invalid; the message is <c>file:line: field: problem</c>.</exception>
    public static TrainingConfigFile Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Parse(YamlFields.ReadFile(path, "training configuration"), path);
    }

    /// <summary>Parses a configuration.</summary>
    /// <param name="text">The YAML text.</param>
    /// <param name="path">The file name used in messages and to resolve <c>output:</c>.</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="SpecException">The text is invalid.</exception>
    public static TrainingConfigFile Parse(string text, string path)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(path);
        return YamlFields.Guarded(path, () => ParseCore(text, path));
    }

    /// <summary>Reads a configuration of either kind: a distillation (it has <c>distill:</c>) or a MAD-PINN training.</summary>
    /// <param name="path">The YAML file.</param>
    /// <returns>One of the two, the other null.</returns>
    /// <exception cref="SpecException">The file is unreadable or invalid; the message is <c>file:line: field: problem</c>.</exception>
    public static (TrainingConfigFile? Training, DistillationConfigFile? Distillation) ReadAny(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text = YamlFields.ReadFile(path, "training configuration");
        return YamlFields.Guarded<(TrainingConfigFile?, DistillationConfigFile?)>(path, () =>
            IsDistillation(YamlFields.Load(path, text)) ? (null, ParseDistillationCore(text, path)) : (ParseCore(text, path), null));
    }

    /// <summary>Reads a distillation configuration.</summary>
    /// <param name="path">The YAML file.</param>
    /// <returns>The configuration, its teacher loaded.</returns>
    /// <exception cref="SpecException">The file is unreadable or invalid, or the teacher cannot be loaded; the message is <c>file:line: field: problem</c>.</exception>
    public static DistillationConfigFile ReadDistillation(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return ParseDistillation(YamlFields.ReadFile(path, "training configuration"), path);
    }

    /// <summary>Parses a distillation configuration.</summary>
    /// <param name="text">The YAML text.</param>
    /// <param name="path">The file name used in messages and to resolve <c>teacher:</c> and <c>output:</c>.</param>
    /// <returns>The configuration, its teacher loaded.</returns>
    /// <exception cref="SpecException">The text is invalid, or the teacher cannot be loaded.</exception>
    public static DistillationConfigFile ParseDistillation(string text, string path)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(path);
        return YamlFields.Guarded(path, () => ParseDistillationCore(text, path));
    }

    private static bool IsDistillation(YamlStream stream) =>
        stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode root && YamlFields.Optional(root, "distill") is not null;

    private static DistillationConfigFile ParseDistillationCore(string text, string path)
    {
        var y = new YamlFields(path);
        YamlStream stream = YamlFields.Load(path, text);
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new SpecException(path, 1, "config", "expected a mapping with distill: (see docs/madpinn.md).");
        }

        y.CheckFields(root, DistillTopFields, string.Empty);
        YamlMappingNode dn = y.Mapping(y.Required(root, "distill", string.Empty, "add 'distill: { teacher: madpinn-k2.json }'"), "distill");
        y.CheckFields(dn, DistillFields, "distill.");
        string folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) ?? ".";
        YamlNode tnode = y.Required(dn, "teacher", "distill.", "the MAD-PINN model to imitate, relative to this file, e.g. 'teacher: madpinn-k2.json'");
        string teacherPath = System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, y.Scalar(tnode, "distill.teacher")));
        if (!File.Exists(teacherPath))
        {
            throw y.Error(tnode, "distill.teacher", $"the teacher file {teacherPath} does not exist (the path is relative to this configuration).");
        }

        MadPinnModel teacher;
        try
        {
            teacher = MadPinnModelFile.Load(teacherPath);
        }
        catch (MadPinnModelException e)
        {
            throw y.Error(tnode, "distill.teacher", $"cannot load the teacher: {e.Message}");
        }

        if (teacher.Problem.Neighbours < 1 || teacher.Problem.Obstacles.Count > 0)
        {
            throw y.Error(tnode, "distill.teacher", $"the teacher must be a multi-agent model (neighbours >= 1, no obstacles); {teacherPath} has {teacher.Problem.Neighbours} neighbour(s) and {teacher.Problem.Obstacles.Count} obstacle(s).");
        }

        var dd = new DistillationDatasetOptions();
        var dataset = new DistillationDatasetOptions
        {
            Samples = y.OptionalInteger(dn, "samples", "distill.", dd.Samples, 10, 10_000_000),
            NearFraction = Fraction(y, dn, "near_fraction", dd.NearFraction),
            FullFraction = Fraction(y, dn, "full_fraction", dd.FullFraction),
            BeyondGoalFraction = Fraction(y, dn, "beyond_goal_fraction", dd.BeyondGoalFraction),
            MinimumSeparation = y.OptionalNumber(dn, "minimum_separation", "distill.", dd.MinimumSeparation, 0),
            WeightAmplitude = y.OptionalNumber(dn, "weight_amplitude", "distill.", dd.WeightAmplitude, 0),
            WeightLength = y.OptionalNumber(dn, "weight_length", "distill.", dd.WeightLength, 0, true),
            Seed = y.OptionalInteger(dn, "seed", "distill.", dd.Seed, int.MinValue, int.MaxValue),
            Threads = y.OptionalInteger(dn, "threads", "distill.", dd.Threads, 0, 256),
        };
        var d = new DistillationOptions();
        Activation activation = d.Activation;
        if (YamlFields.Optional(dn, "activation") is { } an)
        {
            activation = y.Choice(an, "distill.activation", ["tanh", "relu", "leaky_relu", "sigmoid"]) switch
            {
                "relu" => Activation.Relu,
                "leaky_relu" => Activation.LeakyRelu,
                "sigmoid" => Activation.Sigmoid,
                _ => Activation.Tanh,
            };
        }

        var options = new DistillationOptions
        {
            Dataset = dataset,
            HiddenLayers = y.OptionalInteger(dn, "hidden_layers", "distill.", d.HiddenLayers, 1, 8),
            Width = y.OptionalInteger(dn, "width", "distill.", d.Width, 2, 1024),
            Activation = activation,
            Iterations = y.OptionalInteger(dn, "iterations", "distill.", d.Iterations, 1, 10_000_000),
            LearningRate = y.OptionalNumber(dn, "learning_rate", "distill.", d.LearningRate, 0, true),
            LearningRateDecay = Fraction(y, dn, "learning_rate_decay", d.LearningRateDecay),
            BatchSize = y.OptionalInteger(dn, "batch_size", "distill.", d.BatchSize, 0, 10_000_000),
            ValidationFraction = Fraction(y, dn, "validation_fraction", d.ValidationFraction, 0.9),
            Seed = dataset.Seed,
            LogEvery = y.OptionalInteger(dn, "log_every", "distill.", d.LogEvery, 1, 10_000_000),
            Threads = dataset.Threads,
        };
        Check(path, dn, "distill", options.Validate);

        string stem = System.IO.Path.Combine(folder, System.IO.Path.GetFileNameWithoutExtension(path));
        if (YamlFields.Optional(root, "output") is { } on)
        {
            string file = y.Scalar(on, "output");
            stem = System.IO.Path.IsPathRooted(file) ? file : System.IO.Path.Combine(folder, file);
            if (stem.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                stem = stem[..^5];
            }
        }

        string? name = YamlFields.Optional(root, "name") is { } nn ? y.Scalar(nn, "name") : null;
        return new DistillationConfigFile(path, name, teacherPath, teacher, DistillationDataset.DefaultLayout(teacher), options, System.IO.Path.GetFullPath(stem));
    }

    private static double Fraction(YamlFields y, YamlMappingNode map, string key, double fallback, double max = 1) =>
        YamlFields.Optional(map, key) is { } node ? y.Number(node, "distill." + key, 0, max) : fallback;

    private static TrainingConfigFile ParseCore(string text, string path)
    {
        var y = new YamlFields(path);
        YamlStream stream = YamlFields.Load(path, text);
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new SpecException(path, 1, "config", "expected a mapping with problem, network and training (see docs/madpinn.md).");
        }

        if (YamlFields.Optional(root, "distill") is { } distill)
        {
            throw y.Error(distill, "distill", "this is a distillation configuration; it is read with ReadDistillation or ReadAny (./verify train reads both).");
        }

        y.CheckFields(root, TopFields, string.Empty);
        YamlMappingNode pn = y.Mapping(y.Required(root, "problem", string.Empty, "add 'problem: { neighbours: 2, max_speed: 0.6 }'"), "problem");
        y.CheckFields(pn, ProblemFields, "problem.");
        var d = new MadPinnProblem();
        var obstacles = new List<DiscObstacle>();
        if (YamlFields.Optional(pn, "obstacles") is { } obs)
        {
            int k = 0;
            foreach (YamlNode item in y.Sequence(obs, "problem.obstacles"))
            {
                string f = $"problem.obstacles[{k++}]";
                YamlMappingNode om = y.Mapping(item, f);
                y.CheckFields(om, ["disc"], f + ".");
                YamlMappingNode dm = y.Mapping(y.Required(om, "disc", f + ".", "e.g. 'disc: { center: [0.8, 0], radius: 0.4 }'"), f + ".disc");
                y.CheckFields(dm, ["center", "radius"], f + ".disc.");
                (double cx, double cy) = y.Point(y.Required(dm, "center", f + ".disc.", "the centre in the goal frame, e.g. 'center: [0.8, 0]'"), f + ".disc.center");
                double r = y.Number(y.Required(dm, "radius", f + ".disc.", "e.g. 'radius: 0.4'"), f + ".disc.radius", 0, exclusiveMin: true);
                obstacles.Add(new DiscObstacle(cx, cy, r));
            }
        }

        var problem = new MadPinnProblem
        {
            Neighbours = y.OptionalInteger(pn, "neighbours", "problem.", d.Neighbours, 0, 6),
            MaxSpeed = y.OptionalNumber(pn, "max_speed", "problem.", d.MaxSpeed, 0, true),
            InputSet = YamlFields.Optional(pn, "input_set") is { } isn ? (y.Choice(isn, "problem.input_set", ["box", "ball"]) == "box" ? MadPinnInputSet.Box : MadPinnInputSet.Ball) : d.InputSet,
            SafetyRadius = y.OptionalNumber(pn, "safety_radius", "problem.", d.SafetyRadius, 0, true),
            AgentRadius = y.OptionalNumber(pn, "agent_radius", "problem.", d.AgentRadius!.Value, 0, true),
            Horizon = y.OptionalNumber(pn, "horizon", "problem.", d.Horizon, 0, true),
            PositionRange = y.OptionalNumber(pn, "position_range", "problem.", d.PositionRange, 0, true),
            GoalRange = y.OptionalNumber(pn, "goal_range", "problem.", d.GoalRange, 0, true),
            BudgetMin = y.OptionalNumber(pn, "budget_min", "problem.", d.BudgetMin, double.NegativeInfinity, false),
            BudgetMax = y.OptionalNumber(pn, "budget_max", "problem.", d.BudgetMax, 0, false),
            Obstacles = obstacles,
        };
        Check(path, pn, "problem", problem.Validate);

        YamlMappingNode nn = YamlFields.Optional(root, "network") is { } nnode ? y.Mapping(nnode, "network") : new YamlMappingNode();
        y.CheckFields(nn, NetworkFields, "network.");
        var dn = new SineNetworkOptions();
        var network = new SineNetworkOptions
        {
            HiddenLayers = y.OptionalInteger(nn, "hidden_layers", "network.", dn.HiddenLayers, 1, 8),
            Width = y.OptionalInteger(nn, "width", "network.", dn.Width, 4, 1024),
            Omega0 = y.OptionalNumber(nn, "omega0", "network.", dn.Omega0, 0, true),
        };

        YamlMappingNode tn = YamlFields.Optional(root, "training") is { } tnode ? y.Mapping(tnode, "training") : new YamlMappingNode();
        y.CheckFields(tn, TrainingFields, "training.");
        var dt = new MadPinnTrainingOptions();
        var training = new MadPinnTrainingOptions
        {
            Iterations = y.OptionalInteger(tn, "iterations", "training.", dt.Iterations, 1, 10_000_000),
            PretrainIterations = y.OptionalInteger(tn, "pretrain_iterations", "training.", dt.PretrainIterations, 0, 10_000_000),
            CurriculumIterations = y.OptionalInteger(tn, "curriculum_iterations", "training.", dt.CurriculumIterations, 1, 10_000_000),
            Points = y.OptionalInteger(tn, "points", "training.", dt.Points, 16, 1_000_000),
            BoundaryFraction = y.OptionalNumber(tn, "boundary_fraction", "training.", dt.BoundaryFraction, 0, true),
            NearFraction = y.OptionalNumber(tn, "near_fraction", "training.", dt.NearFraction, 0, false),
            LearningRate = y.OptionalNumber(tn, "learning_rate", "training.", dt.LearningRate, 0, true),
            LearningRateDecay = y.OptionalNumber(tn, "learning_rate_decay", "training.", dt.LearningRateDecay, 0, true),
            BoundaryWeight = y.OptionalNumber(tn, "boundary_weight", "training.", dt.BoundaryWeight, 0, true),
            BalanceEvery = y.OptionalInteger(tn, "balance_every", "training.", dt.BalanceEvery, 0, 10_000_000),
            BalanceRate = y.OptionalNumber(tn, "balance_rate", "training.", dt.BalanceRate, 0, true),
            MaxBoundaryWeight = y.OptionalNumber(tn, "max_boundary_weight", "training.", dt.MaxBoundaryWeight, 0, true),
            CheckpointEvery = y.OptionalInteger(tn, "checkpoint_every", "training.", dt.CheckpointEvery, 0, 10_000_000),
            LogEvery = y.OptionalInteger(tn, "log_every", "training.", dt.LogEvery, 1, 10_000_000),
            Seed = y.OptionalInteger(tn, "seed", "training.", dt.Seed, int.MinValue, int.MaxValue),
            Threads = y.OptionalInteger(tn, "threads", "training.", dt.Threads, 0, 256),
        };
        Check(path, tn, "training", training.Validate);
        if (training.PretrainIterations >= training.Iterations)
        {
            throw y.Error(tn, "training.pretrain_iterations", $"must be below iterations ({training.Iterations}), got {training.PretrainIterations}.");
        }

        string? output = null;
        if (YamlFields.Optional(root, "output") is { } on)
        {
            string file = y.Scalar(on, "output");
            output = System.IO.Path.IsPathRooted(file) ? file : System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) ?? ".", file);
        }

        bool compare = false;
        if (YamlFields.Optional(root, "compare_with_grid") is { } cn)
        {
            compare = y.Choice(cn, "compare_with_grid", ["true", "false"]) == "true";
            if (compare && (problem.Neighbours != 0))
            {
                throw y.Error(cn, "compare_with_grid", "the grid solver handles the single-agent problem only (neighbours: 0, state (x, y, z)).");
            }
        }

        return new TrainingConfigFile(path, new MadPinnConfig(problem, network, training), output, compare);
    }

    private static void Check(string path, YamlNode node, string field, Action validate)
    {
        try
        {
            validate();
        }
        catch (ArgumentException e)
        {
            throw new SpecException(path, node.Start.Line, field, e.Message);
        }
    }

}
