using Certus.Core.Systems;
using Certus.Verify.Certification;

namespace Certus.Verify.Reports.Documents;

/// <summary>One property's verdict in a certify document.</summary>
/// <param name="Name">The property's name.</param>
/// <param name="PropertyKind">always, at_end, eventually, avoid, or require (network-only specs).</param>
/// <param name="Verdict">safe, unsafe or unknown.</param>
/// <param name="Margin">For safe: the proved lower bound of the margin; for unsafe: the margin of the counterexample;
/// for unknown: the best bound reached (−∞ when nothing was bounded, null when not computed).</param>
/// <param name="Reason">Why unknown, or what confirmed unsafe; null for safe.</param>
public sealed record PropertyVerdictDocument(string Name, string PropertyKind, string Verdict, JsonReal Margin, string? Reason)
{
    /// <summary>For unknown: how many cells of the final partition left it undecided (0 when no proof ran); null otherwise.</summary>
    public int? UndecidedCells { get; init; }
}

/// <summary>A state of a trace: the time and each state by name.</summary>
/// <param name="T">The time (s).</param>
/// <param name="X">The states by name.</param>
public sealed record TracePointDocument(double T, IReadOnlyDictionary<string, double> X);

/// <summary>A validated counterexample of a closed-loop property.</summary>
/// <param name="Property">The violated property.</param>
/// <param name="InitialState">The initial state, by state name.</param>
/// <param name="Time">The time of the simulated violation (s).</param>
/// <param name="Margin">The simulated margin there.</param>
/// <param name="ConfirmedDuring">The time interval [lo, hi] over which the validated simulation lies in the violating region.</param>
/// <param name="Trace">The simulated trajectory.</param>
public sealed record CounterexampleDocument(string Property, IReadOnlyDictionary<string, double> InitialState, double Time, JsonReal Margin, IReadOnlyList<double> ConfirmedDuring, IReadOnlyList<TracePointDocument> Trace)
{
    /// <summary>The control periods of the trace: the controls held over each (the environment's choices among them) and,
    /// for a modal controller, the mode taken; empty when not recorded.</summary>
    public IReadOnlyList<StepDocument> Steps { get; init; } = [];
}

/// <summary>One control period of a counterexample.</summary>
/// <param name="K">The period's index, from 0.</param>
/// <param name="T">Its sampling instant (s).</param>
/// <param name="Mode">The mode taken at that instant (modal controllers), or null.</param>
/// <param name="U">The controls held over the period, by plant input name.</param>
public sealed record StepDocument(int K, double T, string? Mode, IReadOnlyDictionary<string, double> U)
{
    /// <summary>The disturbances held over the period, by name (empty without disturbances).</summary>
    public IReadOnlyDictionary<string, double> W { get; init; } = new Dictionary<string, double>();
}

/// <summary>A confirmed violating input of a network requirement.</summary>
/// <param name="Property">The violated requirement.</param>
/// <param name="Input">The input, by name.</param>
/// <param name="Output">The network output there, by name.</param>
/// <param name="Margin">The margin there.</param>
public sealed record NetworkCounterexampleDocument(string Property, IReadOnlyDictionary<string, double> Input, IReadOnlyDictionary<string, double> Output, JsonReal Margin);

/// <summary>The <c>certify --json</c> document (closed-loop and network-only specs alike).</summary>
public sealed record CertifyDocument : CertusDocument
{
    /// <inheritdoc/>
    public override string Kind => "certify";

    /// <summary>The spec's name.</summary>
    public required string Name { get; init; }

    /// <summary>The spec file as given.</summary>
    public required string Spec { get; init; }

    /// <summary>closed-loop or network.</summary>
    public required string SpecKind { get; init; }

    /// <summary>The overall verdict: safe, unsafe or unknown.</summary>
    public required string Verdict { get; init; }

    /// <summary>Wall-clock time (s).</summary>
    public required double Seconds { get; init; }

    /// <summary>Cells of the final partition of the initial set (or input box).</summary>
    public required int Cells { get; init; }

    /// <summary>Closed loops: how many of the final cells each configuration of the portfolio decided or ended with
    /// (by name: "as written", "wrapping: oriented"); null for network-only specs.</summary>
    public IReadOnlyDictionary<string, int>? CellsByConfiguration { get; init; }

    /// <summary>State names (closed loop) or input names (network), in order.</summary>
    public required IReadOnlyList<string> States { get; init; }

    /// <summary>Per property.</summary>
    public required IReadOnlyList<PropertyVerdictDocument> Properties { get; init; }

    /// <summary>Every validated counterexample (closed loop), one per refuted property.</summary>
    public IReadOnlyList<CounterexampleDocument> Counterexamples { get; init; } = [];

    /// <summary>Every confirmed violating input (network-only specs).</summary>
    public IReadOnlyList<NetworkCounterexampleDocument> NetworkCounterexamples { get; init; } = [];

    /// <summary>The algorithm's settings by their spec names (closed-loop specs; see docs/specs.md, "Options").</summary>
    public IReadOnlyDictionary<string, string>? Algorithm { get; init; }

    /// <summary>The hull of the final sets by state name, [lo, hi], when reachability reached the horizon on every cell.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<double>>? FinalSet { get; init; }

    internal static string Lower(Verdict v) => v.ToString().ToLowerInvariant();

    private static string KindOf(Specs.CertificationSpec spec, string name, int index) =>
        spec.Properties.FirstOrDefault(p => p.Name == name) is { } byName ? KindOf(byName.Kind)
        : index < spec.Properties.Count ? KindOf(spec.Properties[index].Kind)
        : "always";

    internal static string KindOf(PropertyKind k) => k switch
    {
        PropertyKind.Always => "always",
        PropertyKind.AtEnd => "at_end",
        PropertyKind.Eventually => "eventually",
        _ => "avoid",
    };

    /// <summary>The document of a closed-loop certification.</summary>
    /// <param name="result">The result.</param>
    /// <param name="specPath">The spec file as given.</param>
    /// <param name="options">The run's options by command-line name.</param>
    /// <returns>The document.</returns>
    public static CertifyDocument From(CertificationResult result, string specPath, IReadOnlyDictionary<string, string?> options)
    {
        ArgumentNullException.ThrowIfNull(result);
        IReadOnlyList<string> states = result.Spec.System.States;
        Dictionary<string, double> Named(IReadOnlyList<double> x) => states.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => x[p.i], StringComparer.Ordinal);
        IReadOnlyList<InputFileHash> inputs = InputFileHash.OfSpec(specPath, result.Spec.NetworkPaths);

        return new CertifyDocument
        {
            Inputs = inputs,
            Options = DocumentOptions.WithValues(options),
            Name = result.Spec.Name,
            Spec = specPath,
            SpecKind = "closed-loop",
            Algorithm = result.Algorithm.Describe(),
            Verdict = Lower(result.Verdict),
            Seconds = result.Elapsed.TotalSeconds,
            Cells = result.Cells,
            CellsByConfiguration = result.CellsByConfiguration(),
            States = states,
            Properties = [.. result.Properties.Zip(result.Findings).Select((pair, i) => new PropertyVerdictDocument(pair.First.Name, KindOf(result.Spec, pair.First.Name, i), Lower(pair.First.Verdict), pair.First.Margin, pair.First.Reason)
            {
                UndecidedCells = pair.Second is PropertyFinding.Unknown u ? u.UndecidedCells.Count : null,
            })],
            Counterexamples = [.. result.Counterexamples.Select(c => new CounterexampleDocument(
                c.Property,
                Named(c.InitialState),
                c.Time,
                c.Margin,
                [c.ConfirmedDuring.Lo, c.ConfirmedDuring.Hi],
                [.. c.Times.Select((t, i) => new TracePointDocument(t, Named(c.States[i])))])
            {
                Steps = [.. c.Controls.Select((u, k) => new StepDocument(
                    k,
                    k * result.Spec.Controller.Period,
                    c.Modes?[k],
                    result.Spec.System.Inputs.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => u[p.i], StringComparer.Ordinal))
                {
                    W = k < c.Disturbances.Length
                        ? result.Spec.System.Disturbances.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => c.Disturbances[k][p.i], StringComparer.Ordinal)
                        : new Dictionary<string, double>(),
                })],
            })],
            FinalSet = result.Reach?.FinalSet is { } f
                ? states.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => (IReadOnlyList<double>)[f[p.i].Lo, f[p.i].Hi], StringComparer.Ordinal)
                : null,
        };
    }

    /// <summary>The document of a network-only certification.</summary>
    /// <param name="result">The result.</param>
    /// <param name="specPath">The spec file as given.</param>
    /// <param name="options">The run's options by command-line name.</param>
    /// <returns>The document.</returns>
    public static CertifyDocument From(NetworkCertificationResult result, string specPath, IReadOnlyDictionary<string, string?> options)
    {
        ArgumentNullException.ThrowIfNull(result);
        var spec = result.Spec;
        IReadOnlyList<InputFileHash> inputs = InputFileHash.OfSpec(specPath, spec.NetworkPath);

        static Dictionary<string, double> Named(IReadOnlyList<string> names, IReadOnlyList<double> x) =>
            names.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => x[p.i], StringComparer.Ordinal);
        return new CertifyDocument
        {
            Inputs = inputs,
            Options = DocumentOptions.WithValues(options),
            Name = spec.Name,
            Spec = specPath,
            SpecKind = "network",
            Verdict = Lower(result.Verdict),
            Seconds = result.Elapsed.TotalSeconds,
            Cells = result.Cells,
            States = spec.InputNames,
            Properties = [.. result.Properties.Select(p => new PropertyVerdictDocument(p.Name, "require", Lower(p.Verdict), p.Margin, p.Reason))],
            NetworkCounterexamples = result.Counterexample is { } c
                ? [new NetworkCounterexampleDocument(c.Property, Named(spec.InputNames, c.Input), Named(spec.OutputNames, c.Output), c.Margin)]
                : [],
        };
    }
}
