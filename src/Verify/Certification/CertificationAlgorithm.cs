using System.Globalization;
using Certus.Reach.ClosedLoop;
using Certus.Reach.Flow;
using Certus.Reach.Networks;

namespace Certus.Verify.Certification;

/// <summary>How the network is bounded over a set in reachability.</summary>
public enum NetworkBoundMethod
{
    /// <summary>Linear relaxation with back-substitution (CROWN-style, interval coefficients): the default.</summary>
    Linear,

    /// <summary>Interval propagation layer by layer: cheaper, looser.</summary>
    Interval,
}

/// <summary>Whether cells not proved by the configuration are tried again with the portfolio's next one before they are split.</summary>
public enum PortfolioMode
{
    /// <summary>The default: a cell the configuration does not prove is analysed again with oriented wrapping (when the
    /// configuration wraps along the axes) before it is split.</summary>
    Auto,

    /// <summary>One configuration only: undecided cells are split at once.</summary>
    Off,
}

/// <summary>
/// The certification algorithm as data: the falsification budget and every reachability setting, each with a
/// documented default. Set from C#, from a spec's <c>options:</c> block and from the command line (in that order of
/// precedence, the command line last); echoed in <c>--json</c> and the report.
/// </summary>
public sealed record CertificationAlgorithm
{
    /// <summary>The defaults (what a spec without <c>options:</c> and a command line without flags get).</summary>
    public static CertificationAlgorithm Default { get; } = new();

    /// <summary>Simulations spent on falsification per property (default 2000; 1 to 10⁷).</summary>
    public int Falsification { get; init; } = 2000;

    /// <summary>How the state set is carried across periods (default affine).</summary>
    public ClosedLoopSetMode SetMode { get; init; } = ClosedLoopSetMode.Affine;

    /// <summary>In affine mode, the coordinates kept per state from one period to the next (default 3; 1 to 100).</summary>
    public int GeneratorsPerState { get; init; } = 3;

    /// <summary>In affine mode, how the coordinates beyond <see cref="GeneratorsPerState"/> are wrapped (default axis).</summary>
    public AffineWrapping Wrapping { get; init; } = AffineWrapping.Axis;

    /// <summary>Whether undecided cells are retried with the portfolio's next configuration before a split (default auto).</summary>
    public PortfolioMode Portfolio { get; init; } = PortfolioMode.Auto;

    /// <summary>The Taylor order of the validated flow (default 5; 1 to 30).</summary>
    public int TaylorOrder { get; init; } = 5;

    /// <summary>Flow steps per control period (default 10; 1 to 10⁵).</summary>
    public int StepsPerPeriod { get; init; } = 10;

    /// <summary>The flow's enclosure form (default doubleton).</summary>
    public TaylorEnclosureForm FlowForm { get; init; } = TaylorEnclosureForm.Doubleton;

    /// <summary>How the network is bounded (default linear relaxation).</summary>
    public NetworkBoundMethod NetworkBounds { get; init; } = NetworkBoundMethod.Linear;

    /// <summary>How an undecided cell is split (default sensitivity: the side the failing margin depends on most,
    /// the widest where that side would leave another four times wider).</summary>
    public SplittingRule Splitting { get; init; } = SplittingRule.Sensitivity;

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it by its spec name.</exception>
    public void Validate()
    {
        static void Range(long value, long lo, long hi, string name)
        {
            if (value < lo || value > hi)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name} must be from {lo} to {hi}, got {value}."), name);
            }
        }

        Range(Falsification, 1, 10_000_000, "falsification");
        Range(GeneratorsPerState, 1, 100, "generators_per_state");
        Range(TaylorOrder, 1, 30, "taylor_order");
        Range(StepsPerPeriod, 1, 100_000, "steps_per_period");
        if (!Enum.IsDefined(SetMode) || !Enum.IsDefined(FlowForm) || !Enum.IsDefined(NetworkBounds) || !Enum.IsDefined(Wrapping) || !Enum.IsDefined(Portfolio) || !Enum.IsDefined(Splitting))
        {
            throw new ArgumentException("set_mode, wrapping, portfolio, flow_form, network_bounds and splitting must be one of their documented values.");
        }
    }

    /// <summary>The settings by their spec names (for the JSON header and the report).</summary>
    /// <returns>Name → value, in a fixed order.</returns>
    public IReadOnlyDictionary<string, string> Describe() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["falsification"] = Falsification.ToString(CultureInfo.InvariantCulture),
        ["set_mode"] = Name(SetMode),
        ["generators_per_state"] = GeneratorsPerState.ToString(CultureInfo.InvariantCulture),
        ["wrapping"] = Name(Wrapping),
        ["portfolio"] = Name(Portfolio),
        ["taylor_order"] = TaylorOrder.ToString(CultureInfo.InvariantCulture),
        ["steps_per_period"] = StepsPerPeriod.ToString(CultureInfo.InvariantCulture),
        ["flow_form"] = Name(FlowForm),
        ["network_bounds"] = Name(NetworkBounds),
        ["splitting"] = Name(Splitting),
    };

    /// <summary>The reachability engine these settings describe.</summary>
    /// <param name="maxCells">The cell budget.</param>
    /// <param name="budget">The time budget.</param>
    /// <param name="jobs">Cores.</param>
    /// <param name="separator">The avoid-polytope separator.</param>
    /// <returns>The engine.</returns>
    internal ClosedLoopReachability Engine(int maxCells, TimeSpan? budget, int jobs, IPolytopeSeparator? separator)
    {
        var engine = new ClosedLoopReachability
        {
            MaxCells = maxCells,
            TimeBudget = budget,
            MaxDegreeOfParallelism = jobs,
            Separator = separator,
            SetMode = SetMode,
            GeneratorsPerState = GeneratorsPerState,
            Wrapping = Wrapping,
            Flow = new IntervalTaylorFlow { Order = TaylorOrder, Steps = StepsPerPeriod, Form = FlowForm },
            NetworkBounds = NetworkBounds == NetworkBoundMethod.Interval ? new IntervalPropagation() : new LinearRelaxation(),
        };

        // The portfolio: the configuration as written first (cheap, and what most cells need), then the same with the
        // wrapped coordinates enclosed along a fitted basis, which stops the wrapping effect of long horizons but can
        // widen the hull where the axes fit.
        return AddsOrientedWrapping ? engine with { Fallback = engine with { Wrapping = AffineWrapping.Oriented } } : engine;
    }

    // Whether the portfolio adds oriented wrapping after the configuration as written.
    private bool AddsOrientedWrapping => Portfolio == PortfolioMode.Auto && SetMode == ClosedLoopSetMode.Affine && Wrapping == AffineWrapping.Axis;

    /// <summary>The configurations of the portfolio in order, by their settings that differ from this one's (for reports:
    /// index k is <see cref="CellResult.Configuration"/> k).</summary>
    /// <returns>The names, "as written" first.</returns>
    public IReadOnlyList<string> PortfolioNames() => AddsOrientedWrapping ? ["as written", "wrapping: oriented"] : ["as written"];

    /// <summary>The spec and command-line spelling of an enum value (snake_case: mean_value).</summary>
    /// <typeparam name="T">The enum.</typeparam>
    /// <param name="value">The value.</param>
    /// <returns>Its name.</returns>
    public static string Name<T>(T value)
        where T : struct, Enum => string.Concat(value.ToString().Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : string.Empty) + char.ToLowerInvariant(c) : c.ToString()));

    /// <summary>Parses a spelling of <see cref="Name{T}"/>.</summary>
    /// <typeparam name="T">The enum.</typeparam>
    /// <param name="text">The text.</param>
    /// <param name="value">The value.</param>
    /// <returns>Whether it names a value.</returns>
    public static bool TryParse<T>(string text, out T value)
        where T : struct, Enum
    {
        foreach (T v in Enum.GetValues<T>())
        {
            if (Name(v) == text)
            {
                value = v;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>The names of an enum's values.</summary>
    /// <typeparam name="T">The enum.</typeparam>
    /// <returns>The names, comma-separated.</returns>
    public static string Names<T>()
        where T : struct, Enum => string.Join(", ", Enum.GetValues<T>().Select(Name));
}
