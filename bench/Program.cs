using BenchmarkDotNet.Running;

namespace Certus.Bench;

/// <summary>Runs the BenchmarkDotNet suites; pass <c>--filter '*Interval*'</c> and other BenchmarkDotNet options.</summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    /// <param name="args">BenchmarkDotNet command-line options.</param>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
