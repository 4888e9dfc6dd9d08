using System.CommandLine;
using Certus.Verify.Cli;

namespace Certus.Verify;

/// <summary>The <c>certus</c> command-line tool (run through <c>./verify</c> at the repository root).</summary>
public static class Program
{
    /// <summary>Builds the command tree.</summary>
    /// <returns>The root command with every verb.</returns>
    public static RootCommand CreateRootCommand()
    {
        var root = new RootCommand(
            "Certus: certify neural-network controllers in closed loop, learn multi-agent controllers, and test them in CI.\n\n"
            + "Examples:\n  ./verify certify specs/acc.yaml\n  ./verify bounds specs/networks/tora/TORA_ReLU_controller.polar --input \"[0.6,0.7] [-0.7,-0.6] [-0.4,-0.3] [0.5,0.6]\"\n  ./verify interval exp \"[0.1, 0.2]\"")
        {
            CertifyCommand.Create(),
            BoundsCommand.Create(),
            BenchCommand.Create(),
            IntervalCommand.Create(),
            TestCommand.Create(),
            SimulateCommand.Create(),
            TrainCommand.Create(),
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
            // Our own handler below turns any exception into a message and exit code 3.
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
#pragma warning disable CA1031 // The last line of defence: an internal error becomes a message and exit code 3, never a stack trace.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Console.Error.WriteLine($"internal error: {e.GetType().Name}: {e.Message}");
            Console.Error.WriteLine("This is a bug in certus; please report it with the command line that caused it.");
            return ExitCodes.BadInput;
        }
    }
}
