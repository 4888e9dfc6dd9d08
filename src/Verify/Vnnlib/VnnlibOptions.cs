namespace Certus.Verify.Vnnlib;

/// <summary>Options of <see cref="VnnlibVerifier"/>.</summary>
/// <param name="Timeout">Wall-clock budget for one instance (default 60 s); checked in every loop.</param>
/// <param name="Jobs">Worker threads for branch and bound (default 1); the verdict and the counterexample do not
/// depend on it.</param>
/// <param name="Seed">Seed of the attack's random starts (default 1).</param>
/// <param name="AttackRestarts">Random starts of the projected-gradient attack per disjunct (default 32; the centre is
/// always tried first).</param>
/// <param name="AttackSteps">Gradient steps per start (default 40).</param>
/// <param name="StrongBranchingCandidates">Input dimensions tried per split (default 1, the largest |gradient| ×
/// width): each is bisected, both halves are bounded and the dimension whose worse half is best wins (the halves'
/// bounds are kept).</param>
/// <param name="BatchSize">Branch-and-bound nodes taken from the frontier per round (default 16).</param>
/// <param name="MaxNodes">Nodes after which branch and bound gives up with unknown (default 2 000 000).</param>
/// <param name="ReluCandidates">Unstable ReLU neurons tried per split beside the input dimensions (default 2; 0
/// turns ReLU splitting off), the highest-scored of the node's relaxation: each is fixed active and inactive, both
/// branches are bounded, and the split (input or ReLU) whose worse child is best wins.</param>
/// <param name="ReluSplitGain">ReLU candidates are tried only when the best input split raises the worse child's bound
/// by less than this fraction of the node bound's distance to 0 (default 0.25; 0: only where no input can be split,
/// +∞: always).</param>
/// <param name="SlopeSteps">Projected-gradient steps of the unstable ReLUs' lower slopes per bound (default 8; 0:
/// CROWN's slopes).</param>
/// <param name="NodeSearchSteps">Steps of the attack's descent inside each expanded node, from its relaxation's
/// minimising corner (default 10; 0: only the node's centre and corner are tried).</param>
internal sealed record VnnlibOptions(
    TimeSpan Timeout,
    int Jobs = 1,
    int Seed = 1,
    int AttackRestarts = 32,
    int AttackSteps = 40,
    int StrongBranchingCandidates = 1,
    int BatchSize = 16,
    long MaxNodes = 2_000_000,
    int ReluCandidates = 2,
    int SlopeSteps = 8,
    int NodeSearchSteps = 10,
    double ReluSplitGain = 0.25)
{
    /// <summary>Sixty seconds, one job.</summary>
    public static VnnlibOptions Default { get; } = new(TimeSpan.FromSeconds(60));
}

/// <summary>What a VNN-LIB instance was found to be (the VNN-COMP result words).</summary>
internal enum VnnlibVerdict
{
    /// <summary>No input violates: the property holds (<c>unsat</c>).</summary>
    Unsat,

    /// <summary>A checked counterexample violates the property (<c>sat</c>).</summary>
    Sat,

    /// <summary>Neither could be shown within the limits (<c>unknown</c>).</summary>
    Unknown,

    /// <summary>The time budget ran out (<c>timeout</c>).</summary>
    Timeout,
}

/// <summary>The result of one instance.</summary>
/// <param name="Verdict">The verdict.</param>
/// <param name="Input">The counterexample input when <see cref="VnnlibVerdict.Sat"/>.</param>
/// <param name="Output">The network's output at <paramref name="Input"/> (double evaluation).</param>
/// <param name="Reason">How it was decided, or why not.</param>
/// <param name="Nodes">Branch-and-bound nodes bounded.</param>
/// <param name="Elapsed">Wall-clock time.</param>
internal sealed record VnnlibResult(VnnlibVerdict Verdict, double[]? Input, double[]? Output, string Reason, long Nodes, TimeSpan Elapsed)
{
    /// <summary>The VNN-COMP word for the verdict.</summary>
    public string Word => Verdict switch
    {
        VnnlibVerdict.Unsat => "unsat",
        VnnlibVerdict.Sat => "sat",
        VnnlibVerdict.Timeout => "timeout",
        _ => "unknown",
    };

    /// <summary>The exit code: unsat 0, sat 1, unknown and timeout 2.</summary>
    public int ExitCode => Verdict switch
    {
        VnnlibVerdict.Unsat => ExitCodes.Ok,
        VnnlibVerdict.Sat => ExitCodes.Violated,
        _ => ExitCodes.Unknown,
    };
}
