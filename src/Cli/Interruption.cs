using System.Runtime.InteropServices;

namespace Certus.Cli;

/// <summary>
/// SIGINT (Ctrl-C) and SIGTERM (what <c>timeout</c>, Slurm and CI runners send) cancel the run instead of killing the
/// process: the undecided properties end UNKNOWN ("cancelled") and the verdicts, JSON and report are still written. A
/// second signal ends the process at once.
/// </summary>
internal sealed class Interruption : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly PosixSignalRegistration[] _registrations;
    private readonly TextWriter _error;

    public Interruption(TextWriter error)
    {
        _error = error;
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];
    }

    /// <summary>Cancelled by the first signal.</summary>
    public CancellationToken Token => _source.Token;

    public void Dispose()
    {
        foreach (PosixSignalRegistration r in _registrations)
        {
            r.Dispose();
        }

        _source.Dispose();
    }

    private void Handle(PosixSignalContext context)
    {
        if (_source.IsCancellationRequested)
        {
            return; // the second signal: the default action (the process ends)
        }

        context.Cancel = true;
        _error.WriteLine($"certus: {context.Signal} received: stopping; the verdicts so far are written (a second signal ends the process at once).");
        _source.Cancel();
    }
}
