using System.Runtime.Versioning;
using Candor.FileSystem;

namespace Candor.Tests.FileSystem;

public sealed class AtomicFileTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("candor-atomicfile-");

    public void Dispose() => _folder.Delete(recursive: true);

    private string P(string name) => Path.Combine(_folder.FullName, name);

    [Fact]
    public void Temporary_files_carry_our_name_and_the_writing_process()
    {
        var name = AtomicFile.TemporaryName("photo.jpg", 4242);
        Assert.Matches(@"^\.photo\.jpg\.candor-4242-[0-9a-f]{12}\.tmp$", name);
    }

    [Fact]
    public void The_next_write_removes_a_temporary_file_whose_process_is_gone_and_keeps_a_live_ones()
    {
        // No process has this id (above any kernel's pid_max); the test process is alive.
        var dead = P(AtomicFile.TemporaryName("a.png", int.MaxValue - 1));
        var live = P(AtomicFile.TemporaryName("b.png", Environment.ProcessId));
        var foreign = P(".c.png.1234.tmp");
        foreach (var f in new[] { dead, live, foreign }) File.WriteAllBytes(f, new byte[4096]);

        AtomicFile.WriteAllBytes(P("new.png"), new byte[] { 1 });

        Assert.False(File.Exists(dead));
        Assert.True(File.Exists(live));
        Assert.True(File.Exists(foreign), "a file of another naming is not ours to delete");
    }

    [SkippableFact]
    public void A_temporary_file_still_locked_by_its_writer_is_kept_even_when_its_pid_looks_dead()
    {
        Skip.If(OperatingSystem.IsWindows(), "the sweep is for Unix");
        var held = P(AtomicFile.TemporaryName("a.png", int.MaxValue - 1));
        using var writer = new FileStream(held, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        AtomicFile.RemoveStaleTemporaries(_folder.FullName);
        Assert.True(File.Exists(held));
    }

    [SkippableFact]
    [UnsupportedOSPlatform("windows")]
    public void Writing_to_a_symbolic_link_replaces_its_target_and_the_link_stays_a_link()
    {
        Skip.If(OperatingSystem.IsWindows(), "symbolic links need privileges on Windows");
        Directory.CreateDirectory(P("real"));
        var target = P("real/image.png");
        File.WriteAllBytes(target, [0]);
        File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        var link = P("link.png");
        File.CreateSymbolicLink(link, "real/image.png");

        AtomicFile.WriteAllBytes(link, new byte[] { 7, 7 });

        Assert.Equal("real/image.png", new FileInfo(link).LinkTarget);
        Assert.Equal([7, 7], File.ReadAllBytes(target));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(target));
        Assert.Empty(Directory.EnumerateFiles(_folder.FullName, "*.tmp", SearchOption.AllDirectories));
    }
}
