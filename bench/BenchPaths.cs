namespace Certus.Bench;

/// <summary>Finds the repository's spec files from the benchmark's output folder.</summary>
internal static class BenchPaths
{
    public static string Spec(params string[] parts)
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Verify.sln")))
            {
                return Path.Combine([d.FullName, "specs", .. parts]);
            }
        }

        // BenchmarkDotNet runs from a generated folder under bench/bin; fall back to the working directory.
        return Path.Combine([Directory.GetCurrentDirectory(), "specs", .. parts]);
    }
}
