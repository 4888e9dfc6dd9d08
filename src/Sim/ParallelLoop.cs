using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace Certus.Sim;

/// <summary>
/// A parallel loop over an index range in chunks, with per-thread state made once per worker. Results must be
/// written by index, so that they do not depend on the scheduling.
/// </summary>
internal static class ParallelLoop
{
    public static void For<TLocal>(int from, int to, int maxDegreeOfParallelism, int chunkSize, Func<TLocal> createLocal, Action<int, TLocal> body)
    {
        if (to <= from)
        {
            return;
        }

        int dop = maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : Environment.ProcessorCount;
        if (dop == 1 || to - from <= chunkSize)
        {
            TLocal local = createLocal();
            for (int i = from; i < to; i++)
            {
                body(i, local);
            }

            return;
        }

        var options = new ParallelOptions { MaxDegreeOfParallelism = dop };
        try
        {
            Parallel.ForEach(
                Partitioner.Create(from, to, Math.Max(1, chunkSize)),
                options,
                createLocal,
                (range, _, local) =>
                {
                    for (int i = range.Item1; i < range.Item2; i++)
                    {
                        body(i, local);
                    }

                    return local;
                },
                _ => { });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count >= 1)
        {
            // Report the failure itself (say, an IntegrationException), not the wrapper.
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            throw;
        }
    }
}
