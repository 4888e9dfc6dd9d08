namespace Certus.Tests;

/// <summary>Finds files of the repository (specs, networks) from the test output folder.</summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Verify.sln")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException($"Cannot find Verify.sln above {AppContext.BaseDirectory}.");
    });

    public static string Root => RootPath.Value;

    public static string Spec(params string[] parts) => Path.Combine([Root, "specs", .. parts]);

    /// <summary>
    /// Writes a spec variant to specs/.test-tmp/ (not beside the shipped specs, which other tests enumerate), with its
    /// network path made relative to that folder; returns the path, to delete after use.
    /// </summary>
    public static string WriteTemporarySpec(string yaml, string prefix)
    {
        string folder = Spec(".test-tmp");
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, $"{prefix}-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml.Replace("network: networks/", "network: ../networks/", StringComparison.Ordinal));
        return path;
    }
}
