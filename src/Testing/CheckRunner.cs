using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;

namespace Certus.Testing;

/// <summary>The engine of <see cref="ControllerSuite.Check"/>: numbered runs in fixed batches (parallel inside a batch),
/// failures counted, the lowest-numbered failure shrunk. Results do not depend on the thread count.</summary>
internal static class CheckRunner
{
    private const int BatchSize = 256;

    /// <summary>FsCheck's size parameter for drawing cases (the generators are not sized).</summary>
    private const int Size = 100;

    public static ControllerCheckResult Run(ControllerSuite suite, ControllerCheckOptions options, IProgress<CheckProgress>? progress)
    {
        options.Validate();
        long start = Stopwatch.GetTimestamp();
        int seed = options.Seed ?? Random.Shared.Next(1, int.MaxValue);
        Gen<ClosedLoopCase> gen = ControllerGen.Cases(suite);
        int[] byProperty = new int[suite.Properties.Count];
        int failed = 0, done = 0, firstRun = -1;
        ClosedLoopCase? first = null;
        CaseOutcome? firstOutcome = null;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Jobs };
        for (int batch = 0; batch < options.Runs; batch += BatchSize)
        {
            int size = Math.Min(BatchSize, options.Runs - batch);
            var cases = new ClosedLoopCase[size];
            var outcomes = new CaseOutcome[size];
            Parallel.For(0, size, parallel, i =>
            {
                cases[i] = CaseOf(gen, seed, batch + i);
                outcomes[i] = suite.Evaluate(cases[i]);
            });

            for (int i = 0; i < size; i++)
            {
                if (outcomes[i].Passed)
                {
                    continue;
                }

                failed++;
                foreach (int p in outcomes[i].ViolatedProperties)
                {
                    byProperty[p]++;
                }

                if (first is null)
                {
                    (first, firstOutcome, firstRun) = (cases[i], outcomes[i], batch + i);
                }
            }

            done += size;
            progress?.Report(new CheckProgress(done, options.Runs, failed));
            if (options.StopAtFirstFailure && failed > 0)
            {
                break;
            }
        }

        ShrinkResult? shrunk = first is null ? null : CaseShrinker.Minimize(suite, first, options.ShrinkBudget);
        return new ControllerCheckResult(
            suite, options, seed, done, failed, byProperty, Stopwatch.GetElapsedTime(start),
            first is null ? null : firstRun, first, firstOutcome, shrunk, shrunk is null ? null : suite.Simulate(shrunk.Case));
    }

    /// <summary>The case of one run: FsCheck's generator driven by a random source mixed from the seed and the index.</summary>
    public static ClosedLoopCase CaseOf(Gen<ClosedLoopCase> gen, int seed, int run)
    {
        ulong z = ((ulong)(uint)seed << 32) ^ (uint)run;
        z = Mix(z + 0x9E3779B97F4A7C15UL);
        ulong gamma = Mix(z ^ 0xD1B54A32D192ED03UL) | 1UL;
        return gen.Sample(Size, new Rnd(z, gamma), 1)[0];
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
