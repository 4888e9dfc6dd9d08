using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Certus.Control.MadPinn;
using Certus.Control.Networks;
using Certus.Core.Networks;
using Certus.Verify.Specs;
using Certus.Verify.Training;
using FsCheck;

namespace Certus.Verify.Fuzz;

/// <summary>
/// Fuzzes the real loaders in-process with mutations of the shipped files (specs, scenarios, training configurations,
/// network files, MAD-PINN models). Every case must either load or raise the loader's documented exception type
/// with a message (<see cref="SpecException"/>, <see cref="NetworkFormatException"/>, <see cref="MadPinnModelException"/>);
/// anything else is a crash, and a case that runs past <see cref="FuzzOptions.CaseTimeout"/> is a hang.
/// </summary>
internal static class InputFuzzer
{
    private static readonly NetworkLoadOptions ReachNnActivations = NetworkLoadOptions.Default with { HiddenActivation = Activation.Tanh, OutputActivation = Activation.Tanh };

    // A seed that is not valid YAML is still a seed (mutations of a broken file are inputs too): fuzz it as a certification spec.
    private static bool IsNetworkSpec(string file)
    {
        try
        {
            return SpecReader.IsNetworkSpec(file);
        }
        catch (SpecException)
        {
            return false;
        }
    }

    /// <summary>The seeds: every shipped spec, scenario, training configuration, network file and model under <paramref name="specsFolder"/> and its subfolders.</summary>
    public static IReadOnlyList<FuzzSeed> Seeds(string specsFolder)
    {
        var seeds = new List<FuzzSeed>();
        // Every spec and scenario, in subfolders too (modes, benchmark sets); the training configurations are seeded below.
        string madpinn = Path.Combine(specsFolder, "madpinn");
        foreach (string file in Directory.GetFiles(specsFolder, "*.yaml", SearchOption.AllDirectories)
            .Where(f => !Path.GetFullPath(f).StartsWith(Path.GetFullPath(madpinn) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal))
        {
            FuzzTarget target = NavigationSpecReader.IsNavigationSpec(file) ? FuzzTarget.Scenario : IsNetworkSpec(file) ? FuzzTarget.NetworkSpec : FuzzTarget.CertificationSpec;
            seeds.Add(new FuzzSeed(target, Path.GetFullPath(file), File.ReadAllText(file)));
        }

        if (Directory.Exists(madpinn))
        {
            seeds.AddRange(Directory.GetFiles(madpinn, "train-*.yaml").Order(StringComparer.Ordinal).Select(f => new FuzzSeed(FuzzTarget.TrainingConfig, Path.GetFullPath(f), File.ReadAllText(f))));
            seeds.AddRange(Directory.GetFiles(madpinn, "*.json").Order(StringComparer.Ordinal).Select(f => new FuzzSeed(FuzzTarget.MadPinnModel, Path.GetFullPath(f), File.ReadAllText(f))));
        }

        string networks = Path.Combine(specsFolder, "networks");
        if (Directory.Exists(networks))
        {
            string[] extensions = [".onnx", ".polar", ".nnet", ".json", ".txt"];
            seeds.AddRange(Directory.GetFiles(networks, "*", SearchOption.AllDirectories)
                .Where(f => extensions.Contains(Path.GetExtension(f)) && !Path.GetFileName(f).StartsWith("LICENSE", StringComparison.Ordinal) && !Path.GetFileName(f).Equals("README.md", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .Select(f => new FuzzSeed(FuzzTarget.Network, Path.GetFullPath(f), Encoding.Latin1.GetString(File.ReadAllBytes(f)))));
        }

        return seeds;
    }

    /// <summary>Case <paramref name="index"/>: its seed, its mutations and the mutated text.</summary>
    public static (FuzzSeed Seed, Mutation[] Mutations, string Text) Case(IReadOnlyList<FuzzSeed> seeds, Gen<(int Seed, Mutation[] Mutations)> gen, int seed, int index)
    {
        (int s, Mutation[] mutations) = Mutator.Draw(gen, seed, index);
        FuzzSeed chosen = seeds[s];
        string text = chosen.Text;
        foreach (Mutation m in mutations)
        {
            text = Mutator.Apply(text, m);
        }

        return (chosen, mutations, text);
    }

    /// <summary>Runs one input through its loader. Returns null when it loaded, the message when it was rejected the documented way; other exceptions escape.</summary>
    public static string? Load(FuzzTarget target, string path, string text)
    {
        try
        {
            switch (target)
            {
                case FuzzTarget.CertificationSpec:
                    SpecReader.Parse(text, path);
                    break;
                case FuzzTarget.NetworkSpec:
                    SpecReader.ParseNetwork(text, path);
                    break;
                case FuzzTarget.Scenario:
                    NavigationSpecReader.Parse(text, path);
                    break;
                case FuzzTarget.TrainingConfig:
                    TrainingConfigReader.Parse(text, path);
                    break;
                case FuzzTarget.Network:
                    NetworkFile.Parse(Encoding.Latin1.GetBytes(text), path, ReachNnActivations);
                    break;
                default:
                    MadPinnModelFile.Parse(text, path);
                    break;
            }

            return null;
        }
        catch (Exception e) when (Documented(target, e) && !string.IsNullOrWhiteSpace(e.Message))
        {
            return e.Message;
        }
    }

    /// <summary>Whether <paramref name="e"/> is the user-facing exception type the loader of <paramref name="target"/> documents.</summary>
    public static bool Documented(FuzzTarget target, Exception e) => target switch
    {
        FuzzTarget.Network => e is NetworkFormatException,
        FuzzTarget.MadPinnModel => e is MadPinnModelException,
        _ => e is SpecException,
    };

    /// <summary>Runs the cases on worker threads with a watchdog for hangs.</summary>
    public static FuzzReport Run(FuzzOptions options, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<FuzzSeed> all = Seeds(options.SpecsFolder);
        FuzzSeed[] seeds = [.. all.Where(s => options.Targets is null || options.Targets.Contains(s.Target))];
        if (seeds.Length == 0)
        {
            throw new ArgumentException($"no seed files under {options.SpecsFolder} for the chosen targets.", nameof(options));
        }

        Gen<(int Seed, Mutation[] Mutations)> gen = Mutator.Case(seeds.Length);
        int workers = Math.Max(1, options.Workers);
        var crashes = new ConcurrentBag<FuzzFailure>();
        var hangs = new ConcurrentBag<FuzzFailure>();
        var fresh = new ConcurrentQueue<FuzzFailure>();
        var byTarget = new ConcurrentDictionary<FuzzTarget, int>();
        int next = -1, loaded = 0, rejected = 0, finished = 0;
        long[] started = new long[workers];
        int[] current = new int[workers];
        bool[] stuck = new bool[workers];
        long clock = Stopwatch.GetTimestamp();
        var threads = new Thread[workers];
        for (int w = 0; w < workers; w++)
        {
            int worker = w;
            threads[w] = new Thread(() =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < options.Cases)
                {
                    (FuzzSeed seed, Mutation[] mutations, string text) = Case(seeds, gen, options.Seed, i);
                    byTarget.AddOrUpdate(seed.Target, 1, (_, c) => c + 1);
                    Volatile.Write(ref current[worker], i);
                    Volatile.Write(ref started[worker], Stopwatch.GetTimestamp());
                    try
                    {
                        if (Load(seed.Target, seed.Path, text) is null)
                        {
                            Interlocked.Increment(ref loaded);
                        }
                        else
                        {
                            Interlocked.Increment(ref rejected);
                        }
                    }
#pragma warning disable CA1031 // Every other exception is exactly what the fuzzer reports.
                    catch (Exception e)
#pragma warning restore CA1031
                    {
                        string where = e.StackTrace?.Split('\n').FirstOrDefault()?.Trim() ?? string.Empty;
                        var crash = new FuzzFailure(i, seed.Target, Path.GetFileName(seed.Path), string.Join(", ", mutations.Select(Mutator.Describe)), e.GetType().Name, $"{e.Message} {where}");
                        crashes.Add(crash);
                        fresh.Enqueue(crash);
                    }

                    Volatile.Write(ref started[worker], 0);
                    Interlocked.Increment(ref finished);
                    if (stuck[worker])
                    {
                        return; // counted as a hang already; the case ended late
                    }
                }
            }) { IsBackground = true, Name = $"fuzz-{w}" }; // the default stack (1.5 MiB), smaller than the CLI's main thread
            threads[w].Start();
        }

        long lastReport = Stopwatch.GetTimestamp();
        while (threads.Where((t, w) => !stuck[w]).Any(t => t.IsAlive))
        {
            Thread.Sleep(20);
            for (int w = 0; w < workers; w++)
            {
                long s = Volatile.Read(ref started[w]);
                if (!stuck[w] && s != 0 && Stopwatch.GetElapsedTime(s) > options.CaseTimeout)
                {
                    stuck[w] = true;
                    int i = Volatile.Read(ref current[w]);
                    (FuzzSeed seed, Mutation[] mutations, _) = Case(seeds, gen, options.Seed, i);
                    var hang = new FuzzFailure(i, seed.Target, Path.GetFileName(seed.Path), string.Join(", ", mutations.Select(Mutator.Describe)), "hang", $"still running after {options.CaseTimeout.TotalSeconds:G3} s");
                    hangs.Add(hang);
                    fresh.Enqueue(hang);
                }
            }

            if (stuck.All(x => x))
            {
                break;
            }

            while (progress is not null && fresh.TryDequeue(out FuzzFailure? f))
            {
                progress($"  case {f.Index} ({f.Target}, {f.Seed}: {f.Mutations}): {f.Kind}: {f.Detail}");
            }

            if (progress is not null && Stopwatch.GetElapsedTime(lastReport) > TimeSpan.FromSeconds(10))
            {
                lastReport = Stopwatch.GetTimestamp();
                progress($"  {Volatile.Read(ref finished)} of {options.Cases} cases, {crashes.Count} crashes, {hangs.Count} hangs, {Stopwatch.GetElapsedTime(clock).TotalSeconds:F0} s");
            }
        }

        int cases = Math.Min(options.Cases, Volatile.Read(ref finished) + hangs.Count);
        return new FuzzReport(cases, loaded, rejected, [.. crashes.OrderBy(c => c.Index)], [.. hangs.OrderBy(h => h.Index)], Stopwatch.GetElapsedTime(clock), new Dictionary<FuzzTarget, int>(byTarget));
    }
}
