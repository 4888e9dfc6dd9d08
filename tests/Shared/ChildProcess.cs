using System.Diagnostics;

namespace Certus.Tests;

/// <summary>Runs a command as a child process for the end-to-end tests: output captured, a time limit, the exit code.</summary>
internal static class ChildProcess
{
    /// <summary>Runs <paramref name="file"/> with <paramref name="args"/>; fails the test if it does not finish in 5 minutes,
    /// or (with <paramref name="check"/>) if it exits non-zero.</summary>
    /// <param name="file">The program.</param>
    /// <param name="args">Its arguments.</param>
    /// <param name="folder">The working folder (null: the current one).</param>
    /// <param name="environment">Variables to set; a null value removes the variable.</param>
    /// <param name="check">Whether a non-zero exit fails the test.</param>
    /// <returns>The exit code and stdout followed by stderr.</returns>
    public static (int Code, string Output) Run(string file, IEnumerable<string> args, string? folder = null, IReadOnlyDictionary<string, string?>? environment = null, bool check = true)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (folder is not null)
        {
            start.WorkingDirectory = folder;
        }

        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach ((string name, string? value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{file} {string.Join(' ', args)} did not finish in 5 minutes.");
        }

        string output = stdout.Result + stderr.Result;
        if (check)
        {
            Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)} exited with {process.ExitCode}:\n{output}");
        }

        return (process.ExitCode, output);
    }
}
