using System.Diagnostics;

namespace Candor.Tests.Cli;

/// <summary>Runs the real <c>candor</c> command (the built Candor.Cli.dll beside the tests) and captures what it prints.</summary>
internal static class CandorProcess
{
    public sealed record Result(int ExitCode, string Out, string Err);

    public static Result Run(params string[] args)
    {
        using var process = Start(args);
        var err = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return new Result(process.ExitCode, output, err.Result);
    }

    /// <summary>Starts the command with its output redirected, for tests that signal it while it runs.</summary>
    public static Process Start(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Candor.Cli.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["CI"] = "true";
        start.Environment["XDG_CACHE_HOME"] = Path.Combine(Path.GetTempPath(), "candor-test-cache");
        return Process.Start(start)!;
    }
}
