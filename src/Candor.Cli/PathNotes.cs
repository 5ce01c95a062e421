using System.CommandLine;
using Candor.FileSystem;

namespace Candor.Cli;

/// <summary>The <c>--follow-links</c> option of the commands that search folders, and the lines they print about what the search skipped.</summary>
internal static class PathNotes
{
    public static Option<bool> FollowLinksOption() =>
        new("--follow-links") { Description = "Follow symbolic links found in folders, also to outside them (each folder is still searched once)." };

    /// <summary>Prints the inputs that matched nothing and what the folder searches skipped; returns how many count as failures.</summary>
    public static int Print(Expansion expansion, string missing = "no such file, folder or matching image")
    {
        foreach (var m in expansion.Missing) Terminal.Error($"{m}: {missing}");
        foreach (var p in expansion.Problems) Terminal.Error($"{(p.Failed ? "" : "note: ")}{p.Path}: {p.Message}");
        return expansion.Missing.Count + expansion.Problems.Count(p => p.Failed);
    }
}
