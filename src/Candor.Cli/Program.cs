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

var parse = root.Parse(WatermarkCommand.NormalizeArguments(DiscloseCommand.NormalizeArguments(args)));
if (parse.Errors.Count > 0 && !args.Any(a => a is "-h" or "--help" or "-?"))
{
    foreach (var error in parse.Errors) Console.Error.WriteLine($"candor: {error.Message}");
    Console.Error.WriteLine("Try 'candor --help'.");
    return ExitCodes.Usage;
}
return await parse.InvokeAsync();
