using TorchSharp;

namespace Certus.Training;

/// <summary>
/// Loads TorchSharp's native library once and turns a failure into a message that says how to fix the machine.
/// </summary>
public static class TorchRuntime
{
    private static readonly Lazy<string?> LoadError = new(TryLoad, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The instruction printed when the native library cannot be loaded.</summary>
    public const string FixHint =
        "TorchSharp's native library (libtorch 2.10) could not be loaded. It needs libstdc++ with GLIBCXX_3.4.32 "
        + "(GCC 13 or later). Run scripts/setup.sh --training as root on Debian 12 to install it (./verify train and ./test do), or see that script for the exact commands.";

    /// <summary>Whether libtorch loaded and computes.</summary>
    public static bool IsAvailable => LoadError.Value is null;

    /// <summary>Throws a <see cref="InvalidOperationException"/> with <see cref="FixHint"/> when libtorch cannot be used.</summary>
    /// <exception cref="InvalidOperationException">The native library failed to load; the message says why and what to run.</exception>
    public static void EnsureAvailable()
    {
        if (LoadError.Value is { } error)
        {
            throw new InvalidOperationException(FixHint + " Cause: " + error);
        }
    }

    private static string? TryLoad()
    {
        try
        {
            using torch.Tensor probe = torch.ones(2, dtype: torch.float64);
            double sum = probe.sum().item<double>();
            return sum == 2 ? null : $"a probe computation returned {sum} instead of 2.";
        }
#pragma warning disable CA1031 // Every failure to load a native library is reported the same way.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Exception inner = e;
            while (inner.InnerException is not null)
            {
                inner = inner.InnerException;
            }

            return $"{inner.GetType().Name}: {inner.Message}";
        }
    }
}
