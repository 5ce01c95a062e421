using Candor.Provenance;
using Spectre.Console;

namespace Candor.Cli;

/// <summary>
/// Consoles for output (stdout) and for progress and errors (stderr), and the one way untrusted text
/// reaches them: anything read from a file or named by one (values, keys, file names, messages that
/// quote them) goes through <see cref="Esc"/> (markup) or <see cref="WriteLine"/>/<see cref="Error"/>
/// (plain), which make terminal control characters visible (<see cref="TerminalText"/>).
/// Markup.Escape alone only escapes [ and ]: an ESC in a prompt would still reach the terminal.
/// </summary>
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

    /// <summary>Untrusted text for a markup string: one line, controls visible, [ and ] escaped.</summary>
    public static string Esc(string? text) => Markup.Escape(TerminalText.Visible(text));

    /// <summary>Like <see cref="Esc"/> for multi-line values (prompts, raw fields): line feeds are kept.</summary>
    public static string EscLines(string? text) => Markup.Escape(TerminalText.VisibleLines(text));

    /// <summary>A plain line on stdout (no markup) that quotes untrusted text.</summary>
    public static void WriteLine(string line) => Console.Out.WriteLine(TerminalText.Visible(line));

    /// <summary>"candor: MESSAGE" on stderr, the message quoting untrusted text (file names, errors).</summary>
    public static void Error(string message) => Console.Error.WriteLine($"candor: {TerminalText.Visible(message)}");
}
