namespace Certus.Verify.Tests;

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
}
