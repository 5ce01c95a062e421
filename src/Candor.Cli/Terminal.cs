using Spectre.Console;

namespace Candor.Cli;

/// <summary>Consoles for output (stdout) and for progress and errors (stderr).</summary>
internal static class Terminal
{
    public static readonly IAnsiConsole Out = CreateOut();

    // Piped output has no terminal width; wrap at 160 columns rather than 80 so that tables of
    // model names and hashes stay readable in files and pagers.
    private static IAnsiConsole CreateOut()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Out),
            Ansi = Console.IsOutputRedirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = Console.IsOutputRedirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
        });
        if (Console.IsOutputRedirected) console.Profile.Width = 160;
        return console;
    }

    public static readonly IAnsiConsole Err = AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(Console.Error),
        Ansi = Console.IsErrorRedirected ? AnsiSupport.No : AnsiSupport.Detect,
    });

    /// <summary>True when a progress bar on stderr would be seen by a person and not mix with the output.</summary>
    public static bool CanShowProgress(bool outputIsMachineReadable) =>
        !Console.IsErrorRedirected && (outputIsMachineReadable || Console.IsOutputRedirected) && Environment.GetEnvironmentVariable("CI") is null;
}
