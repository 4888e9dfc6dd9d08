namespace ControllerTests;

/// <summary>Finds a file of the repository from the test output folder (tests run from bin/...).</summary>
internal static class SpecFiles
{
    public static string Find(string relative)
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            string candidate = Path.Combine(d.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"Cannot find {relative} above {AppContext.BaseDirectory}.");
    }
}
