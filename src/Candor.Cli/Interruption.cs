using System.Runtime.InteropServices;

namespace Candor.Cli;

/// <summary>
/// Turns SIGINT (Ctrl-C) and SIGTERM into a cancelled <see cref="Token"/>, so that a command stops between
/// files, says "candor: interrupted" and exits 130 or 143 instead of being killed halfway or ignoring the
/// signal. A second signal ends the process at once.
/// </summary>
internal sealed class Interruption : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly PosixSignalRegistration[] _registrations;
    private int _exitCode;

    public Interruption() =>
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal), PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal)];

    /// <summary>Cancelled by the first signal.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>True once a signal came.</summary>
    public bool Requested => _source.IsCancellationRequested;

    /// <summary>The shell's code for the signal that came: 130 for SIGINT, 143 for SIGTERM.</summary>
    public int ExitCode => _exitCode;

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        var code = context.Signal == PosixSignal.SIGTERM ? ExitCodes.Terminated : ExitCodes.Interrupted;
        if (Interlocked.CompareExchange(ref _exitCode, code, 0) != 0)
        {
            Console.Error.WriteLine("candor: interrupted");
            Environment.Exit(code);
        }
        _source.Cancel();
    }

    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
        _source.Dispose();
    }
}
