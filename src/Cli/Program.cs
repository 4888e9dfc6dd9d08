using System.CommandLine;
using Certus.Verify;

namespace Certus.Cli;

/// <summary>The <c>certus</c> command-line tool (run through <c>./verify</c> at the repository root).</summary>
public static class Program
{
    /// <summary>Builds the command tree.</summary>
    /// <returns>The root command with every verb.</returns>
    public static RootCommand CreateRootCommand()
    {
        var root = new RootCommand(
            "Certus: certify neural-network controllers in closed loop, learn multi-agent controllers, and test them in CI.\n\n"
            + "Examples:\n  ./verify certify specs/acc.yaml\n  ./verify bounds specs/networks/tora/TORA_ReLU_controller.polar --input \"[0.6,0.7] [-0.7,-0.6] [-0.4,-0.3] [0.5,0.6]\"\n  ./verify interval exp \"[0.1, 0.2]\"\n\n" + ExitCodes.Summary)
        {
            CertifyCommand.Create(),
            CertifyPolicyCommand.Create(),
            PipelineCommand.Create(),
            BoundsCommand.Create(),
            BenchCommand.Create(),
            IntervalCommand.Create(),
            TestCommand.Create(),
            SimulateCommand.Create(),
            TrainCommand.Create(),
            VnnlibCommand.Create(),
        };
        return root;
    }

    /// <summary>Entry point.</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <returns>An exit code from <see cref="ExitCodes"/>.</returns>
    public static int Main(string[] args)
    {
        ParseResult parse = CreateRootCommand().Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors)
            {
                Console.Error.WriteLine($"error: {e.Message}");
            }

            Console.Error.WriteLine("Run './verify --help' for the verbs and their options.");
            return ExitCodes.BadInput;
        }

        try
        {
            // Our own handler below turns any exception into a short message and exit code 4.
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
#pragma warning disable CA1031 // The last line of defence: an internal error becomes a message and exit code 4, never a stack trace.
        catch (Exception e)
#pragma warning restore CA1031
        {
            ReportInternalError(e, Console.Error);
            return ExitCodes.InternalError;
        }
    }

    /// <summary>
    /// Writes the short message of an internal error: its type and message, and where the stack trace went (a file in
    /// the temporary folder; on stderr instead when the environment variable <c>CERTUS_DEBUG</c> is <c>1</c>).
    /// </summary>
    /// <param name="error">The exception.</param>
    /// <param name="output">Where the message goes (stderr).</param>
    public static void ReportInternalError(Exception error, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine($"internal error: {error.GetType().Name}: {error.Message}");
        if (Environment.GetEnvironmentVariable("CERTUS_DEBUG") == "1")
        {
            output.WriteLine(error.ToString());
            output.WriteLine("This is a bug in certus; please report it with the command line and the trace above.");
            return;
        }

        string? traceFile = null;
        try
        {
            traceFile = Path.Combine(Path.GetTempPath(), $"certus-internal-error-{Environment.ProcessId}.txt");
            File.WriteAllText(traceFile, $"{string.Join(' ', Environment.GetCommandLineArgs())}{Environment.NewLine}{error}{Environment.NewLine}");
        }
#pragma warning disable CA1031 // The trace file is a courtesy: failing to write it must not hide the message.
        catch (Exception)
#pragma warning restore CA1031
        {
            traceFile = null;
        }

        output.WriteLine(traceFile is null
            ? "This is a bug in certus; please report it with the command line that caused it (CERTUS_DEBUG=1 shows the stack trace)."
            : $"This is a bug in certus; please report it with the command line that caused it and the stack trace in {traceFile} (CERTUS_DEBUG=1 prints it here).");
    }
}
