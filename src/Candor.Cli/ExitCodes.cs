namespace Candor.Cli;

/// <summary>Process exit codes shared by every command.</summary>
internal static class ExitCodes
{
    /// <summary>Everything was read.</summary>
    public const int Ok = 0;
    /// <summary>At least one file could not be read; the others were.</summary>
    public const int SomeFailed = 1;
    /// <summary>The command line was wrong.</summary>
    public const int Usage = 2;
    /// <summary>Stopped by SIGINT (Ctrl-C) between files, as a shell reports it (128 + 2); files finished before it are reported.</summary>
    public const int Interrupted = 130;
    /// <summary>Stopped by SIGTERM between files (128 + 15); files finished before it are reported.</summary>
    public const int Terminated = 143;
}
