using Certus.Core.Navigation;
using Certus.Sim.MultiAgent;
using Certus.Verify.Specs;

namespace Certus.Verify.Navigation;

/// <summary>One row of the navigation benchmark: a policy on a scenario with N agents, medians over seeds.</summary>
/// <param name="Scenario">The scenario's name.</param>
/// <param name="Policy">The policy.</param>
/// <param name="Agents">Number of agents.</param>
/// <param name="Seeds">Number of seeds run.</param>
/// <param name="SafetyRate">Mean safety rate over the seeds.</param>
/// <param name="SuccessRate">Mean success rate.</param>
/// <param name="WorstSafetyRate">Smallest safety rate of any seed.</param>
/// <param name="MeanCumulativeCost">Mean over seeds of the mean cumulative cost.</param>
/// <param name="MinSeparation">Smallest separation of any seed.</param>
/// <param name="PolicyMillisecondsPerStep">Median over seeds of the policy's median time per step.</param>
/// <param name="StepMilliseconds">Median over seeds of the whole step's median time.</param>
/// <param name="Makespan">Median makespan over the seeds where every agent arrived (NaN if none).</param>
public sealed record NavigationBenchRow(
    string Scenario, string Policy, int Agents, int Seeds, double SafetyRate, double SuccessRate, double WorstSafetyRate,
    double MeanCumulativeCost, double MinSeparation, double PolicyMillisecondsPerStep, double StepMilliseconds, double Makespan);

/// <summary>The step-time scaling of a policy: step times at several N and the fitted exponent of <c>time ∝ N^k</c>.</summary>
/// <param name="Policy">The policy.</param>
/// <param name="Agents">The agent counts.</param>
/// <param name="StepMilliseconds">Median whole-step time at each count.</param>
/// <param name="PolicyMilliseconds">Median policy time per step at each count.</param>
/// <param name="Exponent">Least-squares slope of log(step time) against log(N).</param>
public sealed record ScalingRow(string Policy, IReadOnlyList<int> Agents, IReadOnlyList<double> StepMilliseconds, IReadOnlyList<double> PolicyMilliseconds, double Exponent);

/// <summary>Runs the navigation benchmark: policies side by side on a scenario file at several N and seeds, and step-time scaling.</summary>
public static class NavigationBench
{
    /// <summary>Runs every policy at every N and seed on the scenario file.</summary>
    /// <param name="scenarioPath">The scenario file.</param>
    /// <param name="policies">Policy names (see <see cref="PolicyFactory"/>).</param>
    /// <param name="agentCounts">Agent counts.</param>
    /// <param name="seeds">Seeds 1..seeds are run.</param>
    /// <param name="timeLimit">Overrides the time limit when given.</param>
    /// <param name="log">Receives one line per run.</param>
    /// <param name="models">Model files by policy name (a MAD-PINN model, a distilled descriptor), over the scenario's <c>madpinn:</c>.</param>
    /// <returns>One row per policy and N.</returns>
    public static IReadOnlyList<NavigationBenchRow> Compare(string scenarioPath, IReadOnlyList<string> policies, IReadOnlyList<int> agentCounts, int seeds, double? timeLimit, Action<string>? log = null, IReadOnlyDictionary<string, string>? models = null)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(agentCounts);
        var rows = new List<NavigationBenchRow>();
        foreach (int n in agentCounts)
        {
            foreach (string name in policies)
            {
                var results = new List<NavigationResult>();
                for (int seed = 1; seed <= seeds; seed++)
                {
                    NavigationSpec spec = NavigationSpecReader.Read(scenarioPath, n, seed);
                    NavigationScenario s = timeLimit is { } t ? spec.Scenario with { TimeLimit = t } : spec.Scenario;
                    INavigationPolicy policy = PolicyFactory.Create(name, models is not null && models.TryGetValue(name, out string? file) ? file : spec.ModelPath);
                    try
                    {
                        NavigationResult r = MultiAgentSimulator.Run(s, policy, new NavigationOptions { RecordEvery = 0 });
                        results.Add(r);
                        log?.Invoke($"{spec.Name} N={n} {name} seed {seed}: safety {r.Metrics.SafetyRate:P1}, success {r.Metrics.SuccessRate:P1}, cost {r.Metrics.MeanCumulativeCost:F2}, {r.Metrics.PolicyMillisecondsPerStepMedian:F3} ms/step");
                    }
                    finally
                    {
                        (policy as IDisposable)?.Dispose();
                    }
                }

                var m = results.Select(r => r.Metrics).ToArray();
                double[] makespans = [.. m.Select(x => x.Makespan).Where(double.IsFinite)];
                rows.Add(new NavigationBenchRow(
                    results[0].Scenario.Name, name, n, seeds,
                    m.Average(x => x.SafetyRate), m.Average(x => x.SuccessRate), m.Min(x => x.SafetyRate),
                    m.Average(x => x.MeanCumulativeCost), m.Min(x => x.MinSeparation),
                    Median([.. m.Select(x => x.PolicyMillisecondsPerStepMedian)]), Median([.. m.Select(x => x.StepMillisecondsMedian)]),
                    makespans.Length > 0 ? Median(makespans) : double.NaN));
            }
        }

        return rows;
    }

    /// <summary>Measures the whole-step time of each policy on random scenes of growing size (a fixed number of steps each).</summary>
    /// <param name="scenarioPath">A scenario file giving the dynamics, radius and parameters (its layout is replaced by the random one).</param>
    /// <param name="policies">Policy names.</param>
    /// <param name="agentCounts">Agent counts, e.g. 64, 256, 1024.</param>
    /// <param name="steps">Steps per run.</param>
    /// <param name="log">Receives one line per run.</param>
    /// <param name="models">Model files by policy name, as for <see cref="Compare"/>.</param>
    /// <returns>One row per policy.</returns>
    public static IReadOnlyList<ScalingRow> Scaling(string scenarioPath, IReadOnlyList<string> policies, IReadOnlyList<int> agentCounts, int steps, Action<string>? log = null, IReadOnlyDictionary<string, string>? models = null)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(agentCounts);
        var rows = new List<ScalingRow>();
        foreach (string name in policies)
        {
            var stepMs = new List<double>();
            var policyMs = new List<double>();
            foreach (int n in agentCounts)
            {
                NavigationSpec spec = NavigationSpecReader.Read(scenarioPath, n, 1);
                NavigationScenario template = spec.Scenario;
                NavigationScenario s = ScenarioGenerators.Generate(
                    new ScenarioParameters { Layout = ScenarioLayout.Random, Agents = n, AgentRadius = template.Agents[0].Radius, Seed = 1 },
                    template with { Obstacles = [], Workspace = null }) with { TimeLimit = steps * template.TimeStep };
                INavigationPolicy policy = PolicyFactory.Create(name, models is not null && models.TryGetValue(name, out string? file) ? file : spec.ModelPath);
                try
                {
                    NavigationResult r = MultiAgentSimulator.Run(s, policy, new NavigationOptions { RecordEvery = 0, StopWhenAllArrived = false });
                    stepMs.Add(r.Metrics.StepMillisecondsMedian);
                    policyMs.Add(r.Metrics.PolicyMillisecondsPerStepMedian);
                    log?.Invoke($"scaling {name} N={n}: {r.Metrics.StepMillisecondsMedian:F3} ms/step ({r.Metrics.PolicyMillisecondsPerStepMedian:F3} in the policy)");
                }
                finally
                {
                    (policy as IDisposable)?.Dispose();
                }
            }

            rows.Add(new ScalingRow(name, agentCounts, stepMs, policyMs, Slope(agentCounts.Select(n => Math.Log(n)).ToArray(), stepMs.Select(v => Math.Log(v)).ToArray())));
        }

        return rows;
    }

    /// <summary>Least-squares slope of y on x.</summary>
    /// <param name="x">Abscissae.</param>
    /// <param name="y">Ordinates.</param>
    /// <returns>The slope (NaN with fewer than two points).</returns>
    public static double Slope(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count < 2)
        {
            return double.NaN;
        }

        double mx = x.Average(), my = y.Average();
        double sxy = 0, sxx = 0;
        for (int i = 0; i < x.Count; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }

        return sxy / sxx;
    }

    private static double Median(double[] values)
    {
        Array.Sort(values);
        return values.Length % 2 == 1 ? values[values.Length / 2] : 0.5 * (values[(values.Length / 2) - 1] + values[values.Length / 2]);
    }
}
