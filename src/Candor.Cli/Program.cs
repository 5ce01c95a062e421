using System.CommandLine;
using Candor.Cli;

// The command tree only: every command parses its options, calls the library and renders.
var root = new RootCommand("Candor: the truth about images — what made them, with which models and inputs, and whether AI was used.");
root.Subcommands.Add(InspectCommand.Create());
root.Subcommands.Add(HashCommand.Create());
root.Subcommands.Add(VerifyCommand.Create());
root.Subcommands.Add(C2paCommand.Create());
root.Subcommands.Add(DiscloseCommand.Create());
root.Subcommands.Add(WatermarkCommand.Create());
root.Subcommands.Add(IndexCommand.Create());
root.Subcommands.Add(SearchCommand.Create());
root.Subcommands.Add(AttributeCommand.Create());
root.Subcommands.Add(ServeCommand.Create());
root.Subcommands.Add(RegistryCommand.Create());

var parse = root.Parse(WatermarkCommand.NormalizeArguments(DiscloseCommand.NormalizeArguments(args)));
if (parse.Errors.Count > 0 && !args.Any(a => a is "-h" or "--help" or "-?"))
{
    foreach (var error in parse.Errors) Terminal.Error(error.Message);
    Console.Error.WriteLine("Try 'candor --help'.");
    return ExitCodes.Usage;
}
// Signals are ours, not System.CommandLine's: its handler only cancels the token while a synchronous
// command runs on, and turns the cancellation into exit code 1 with no word.
using var interruption = new Interruption();
var configuration = new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false };
try
{
    return await parse.InvokeAsync(configuration, interruption.Token);
}
catch (OperationCanceledException) when (interruption.Requested)
{
    Console.Out.Flush();
    Console.Error.WriteLine("candor: interrupted");
    return interruption.ExitCode;
}
catch (Exception e) when (e is not OperationCanceledException)
{
    // What System.CommandLine's own handler printed for a bug, kept now that cancellation is handled here.
    Console.Error.WriteLine($"Unhandled exception: {e}");
    return ExitCodes.SomeFailed;
}
