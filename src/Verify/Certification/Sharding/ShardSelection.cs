using System.Globalization;

namespace Certus.Verify.Certification.Sharding;

/// <summary>Which shard of how many a run proves: from <c>--shard K/N</c>, or <c>--shard auto</c> from the environment of
/// a Slurm job array (SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_COUNT) or a Kubernetes Indexed Job (JOB_COMPLETION_INDEX with
/// the count from <c>--shard-count</c> or CERTUS_SHARD_COUNT).</summary>
/// <param name="Index">K, 0 to N − 1.</param>
/// <param name="Count">N, at least 1.</param>
public sealed record ShardSelection(int Index, int Count)
{
    /// <summary>Parses <c>K/N</c> or <c>auto</c>.</summary>
    /// <param name="text">The option's value.</param>
    /// <param name="count">The value of <c>--shard-count</c>, if given.</param>
    /// <param name="environment">Reads an environment variable (default: the process environment).</param>
    /// <param name="why">What is wrong, when it cannot be parsed.</param>
    /// <returns>The selection, or null with <paramref name="why"/>.</returns>
    public static ShardSelection? TryParse(string text, int? count, Func<string, string?>? environment, out string? why)
    {
        ArgumentNullException.ThrowIfNull(text);
        environment ??= Environment.GetEnvironmentVariable;
        int k, n;
        if (text.Trim() == "auto")
        {
            string? slurmId = environment("SLURM_ARRAY_TASK_ID");
            string? kubeId = environment("JOB_COMPLETION_INDEX");
            string? id = slurmId ?? kubeId;
            string? total = count?.ToString(CultureInfo.InvariantCulture) ?? (slurmId is not null ? environment("SLURM_ARRAY_TASK_COUNT") : null) ?? environment("CERTUS_SHARD_COUNT");
            if (id is null)
            {
                why = "--shard auto: neither SLURM_ARRAY_TASK_ID (Slurm job array) nor JOB_COMPLETION_INDEX (Kubernetes Indexed Job) is set; give --shard K/N.";
                return null;
            }

            if (total is null)
            {
                why = "--shard auto: the number of shards is unknown (SLURM_ARRAY_TASK_COUNT is not set); give --shard-count N or set CERTUS_SHARD_COUNT.";
                return null;
            }

            if (!int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out k) || !int.TryParse(total, NumberStyles.None, CultureInfo.InvariantCulture, out n))
            {
                why = $"--shard auto: the shard index '{id}' or count '{total}' from the environment is not a number.";
                return null;
            }
        }
        else
        {
            string[] parts = text.Split('/');
            if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out k) || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out n))
            {
                why = $"--shard: expected K/N (for example 0/4) or auto, got '{text}'.";
                return null;
            }
        }

        if (n < 1 || k >= n || n > Reach.ClosedLoop.InitialPartition.MaxTopCells)
        {
            why = $"--shard {k}/{n}: need 0 <= K < N and 1 <= N <= {Reach.ClosedLoop.InitialPartition.MaxTopCells}.";
            return null;
        }

        why = null;
        return new ShardSelection(k, n);
    }
}
