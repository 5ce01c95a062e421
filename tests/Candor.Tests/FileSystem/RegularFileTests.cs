using System.Diagnostics;
using Candor.FileSystem;
using Candor.Inspection;

namespace Candor.Tests.FileSystem;

public sealed class RegularFileTests : IDisposable
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2);
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("candor-regular-");

    public void Dispose() => _root.Delete(true);

    private static T Guarded<T>(Func<T> open)
    {
        var task = Task.Run(open);
        Assert.True(task.Wait(HangGuard), "opening did not return");
        return task.Result;
    }

    [SkippableFact]
    public void A_fifo_is_refused_without_waiting_for_a_writer()
    {
        Skip.If(OperatingSystem.IsWindows(), "no FIFOs on Windows");
        var fifo = Path.Combine(_root.FullName, "a.png");
        using (var mk = Process.Start("mkfifo", [fifo])) mk.WaitForExit();
        var e = Guarded(() => Record.Exception(() => RegularFile.OpenRead(fifo).Dispose()));
        Assert.Equal("not a regular file (FIFO)", Assert.IsType<IOException>(e).Message);
        // The inspector, like every command, opens through it: one line, no hang.
        Assert.Equal("not a regular file (FIFO)", Guarded(() => new Inspector().Inspect(fifo)).Error);
    }

    [SkippableFact]
    public void A_character_device_is_refused_instead_of_read_forever()
    {
        Skip.IfNot(File.Exists("/dev/zero"), "no /dev/zero");
        var e = Assert.Throws<IOException>(() => RegularFile.ReadAllBytes("/dev/zero"));
        Assert.Equal("not a regular file (character device)", e.Message);
    }

    [Fact]
    public void A_regular_file_and_a_link_to_one_are_read()
    {
        var file = Path.Combine(_root.FullName, "f.bin");
        File.WriteAllBytes(file, [1, 2, 3]);
        Assert.Equal([1, 2, 3], RegularFile.ReadAllBytes(file));
        if (OperatingSystem.IsWindows()) return;
        var link = Path.Combine(_root.FullName, "l.bin");
        File.CreateSymbolicLink(link, file);
        using var stream = RegularFile.OpenRead(link);
        Assert.Equal(3, stream.Length);
    }
}
