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
    /// <summary>Stopped by Ctrl-C (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;
}
