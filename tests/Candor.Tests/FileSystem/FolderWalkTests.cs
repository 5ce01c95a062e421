using System.Diagnostics;
using Candor.FileSystem;
using Candor.Fingerprints;

namespace Candor.Tests.FileSystem;

/// <summary>Folder searches over symbolic links, special files, unreadable folders and names .NET cannot decode.</summary>
public sealed class FolderWalkTests : IDisposable
{
    // Only a guard against a hang (the loop below once ran for minutes and grew to gigabytes); never a measure.
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2);
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("candor-walk-");

    public void Dispose() => _root.Delete(true);

    private string P(string relative) => Path.Combine(_root.FullName, relative);

    private string Image(string relative)
    {
        var path = P(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, [0]);
        return path;
    }

    private static T Guarded<T>(Func<T> search)
    {
        var task = Task.Run(search);
        Assert.True(task.Wait(HangGuard), "the search did not end");
        return task.Result;
    }

    private static void Shell(string script)
    {
        using var sh = Process.Start(new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", script }, UseShellExecute = false })!;
        sh.WaitForExit();
        Assert.Equal(0, sh.ExitCode);
    }

    /// <summary>The issue's tree: L/a/x.png, L/a/up → .., L/a/self → ../L (broken), L/abs → L by absolute path.</summary>
    private string LoopingTree()
    {
        var x = Image("L/a/x.png");
        File.CreateSymbolicLink(P("L/a/up"), "..");
        File.CreateSymbolicLink(P("L/a/self"), "../L");
        File.CreateSymbolicLink(P("L/abs"), P("L"));
        return P("L");
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void Symbolic_links_that_loop_end_the_search_and_every_file_is_listed_once(bool followLinks)
    {
        Skip.If(OperatingSystem.IsWindows(), "symbolic links need privileges on Windows");
        var tree = LoopingTree();
        var e = Guarded(() => ImagePaths.Expand([tree], followLinks));
        Assert.Equal([P("L/a/x.png")], e.Files);
        Assert.Empty(e.Missing);
        Assert.DoesNotContain(e.Problems, p => p.Failed);
    }

    [SkippableFact]
    public void A_double_star_glob_over_looping_links_ends()
    {
        Skip.If(OperatingSystem.IsWindows(), "symbolic links need privileges on Windows");
        var tree = LoopingTree();
        var e = Guarded(() => ImagePaths.Expand([Path.Combine(tree, "**/*.png")], followLinks: true));
        Assert.Equal([P("L/a/x.png")], e.Files);
    }

    [SkippableFact]
    public void Model_folders_with_looping_links_end_too()
    {
        Skip.If(OperatingSystem.IsWindows(), "symbolic links need privileges on Windows");
        File.WriteAllBytes(P("m.safetensors"), [0]);
        File.CreateSymbolicLink(P("again"), _root.FullName);
        var e = Guarded(() => ModelPaths.Expand([_root.FullName], followLinks: true));
        Assert.Equal([P("m.safetensors")], e.Files);
    }

    [SkippableFact]
    public void A_link_out_of_the_tree_is_noted_once_and_followed_only_when_asked()
    {
        Skip.If(OperatingSystem.IsWindows(), "symbolic links need privileges on Windows");
        var outside = Image("outside/o.png");
        Image("tree/t.png");
        File.CreateSymbolicLink(P("tree/linked"), P("outside"));
        File.CreateSymbolicLink(P("tree/also.png"), outside);

        var plain = ImagePaths.Expand([P("tree")]);
        Assert.Equal([P("tree/t.png")], plain.Files);
        Assert.Equal([P("tree/also.png"), P("tree/linked")], plain.Problems.Select(p => p.Path).Order(StringComparer.Ordinal));
        Assert.All(plain.Problems, p => Assert.Contains("--follow-links", p.Message, StringComparison.Ordinal));
        Assert.All(plain.Problems, p => Assert.False(p.Failed));

        var followed = ImagePaths.Expand([P("tree")], followLinks: true);
        // The same file reached by two links is listed once.
        Assert.Equal(2, followed.Files.Count);
        Assert.Contains(P("tree/t.png"), followed.Files);
        Assert.Empty(followed.Problems);
    }

    [SkippableFact]
    public void A_fifo_in_a_folder_is_skipped_with_a_note_and_the_other_files_are_listed()
    {
        Skip.If(OperatingSystem.IsWindows(), "no FIFOs on Windows");
        Image("d/b.png");
        Shell($"mkfifo '{P("d/a.png")}'");
        var e = Guarded(() => ImagePaths.Expand([P("d")]));
        Assert.Equal([P("d/b.png")], e.Files);
        var note = Assert.Single(e.Problems);
        Assert.Equal((P("d/a.png"), "not a regular file (FIFO)", false), (note.Path, note.Message, note.Failed));
    }

    [Fact]
    public void A_folder_whose_only_subfolder_cannot_be_read_says_so_instead_of_no_such_file()
    {
        // Tests run as root, whom permissions do not stop: the listing error is injected instead.
        Directory.CreateDirectory(P("top/locked"));
        var walk = new FolderWalk(followLinks: false, skipHidden: true, CancellationToken.None,
            folder => folder.EndsWith("locked", StringComparison.Ordinal) ? throw new UnauthorizedAccessException("denied") : Directory.EnumerateFileSystemEntries(folder));
        var e = ImagePaths.Expand([P("top")], walk);
        Assert.Empty(e.Missing);
        var problem = Assert.Single(e.Problems);
        Assert.Equal((P("top/locked"), "cannot be read: permission denied", true), (problem.Path, problem.Message, problem.Failed));
    }

    [SkippableFact]
    public void A_name_that_is_not_utf8_is_reported_plainly_found_in_a_folder_or_named()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "Linux file names are bytes; other systems refuse such names");
        Directory.CreateDirectory(P("names"));
        Shell($"touch \"{P("names")}/$(printf 'caf\\351.png')\"");
        try
        {
            var found = ImagePaths.Expand([P("names")]);
            Assert.Empty(found.Files);
            var problem = Assert.Single(found.Problems);
            Assert.True(problem.Failed);
            Assert.Contains("not valid UTF-8", problem.Message, StringComparison.Ordinal);

            var named = ImagePaths.Expand([problem.Path]);
            Assert.Empty(named.Missing);
            Assert.Contains("not valid UTF-8", Assert.Single(named.Problems).Message, StringComparison.Ordinal);
        }
        finally
        {
            // .NET cannot delete what it cannot name.
            Shell($"rm -rf '{P("names")}'");
        }
    }

    [Fact]
    public void A_cancelled_search_stops()
    {
        Image("c/x.png");
        Assert.Throws<OperationCanceledException>(() => ImagePaths.Expand([P("c")], ct: new CancellationToken(canceled: true)));
    }
}
