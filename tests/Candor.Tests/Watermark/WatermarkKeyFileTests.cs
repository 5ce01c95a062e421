using Candor.FileSystem;
using Candor.Watermark;

namespace Candor.Tests.Watermark;

public sealed class WatermarkKeyFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("candor-wm-key-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_saved_key_reads_back_and_replacing_a_readable_file_makes_it_owner_only()
    {
        var path = Path.Combine(_dir, "mark.key");
        File.WriteAllText(path, "old");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, ExclusiveFile.Readable);
        var key = WatermarkKey.Generate();

        Assert.Throws<FileExistsException>(() => key.Save(path));
        Assert.Equal("old", File.ReadAllText(path));

        key.Save(path, overwrite: true);
        Assert.Equal(key.Id, WatermarkKey.Load(path).Id);
        if (!OperatingSystem.IsWindows()) Assert.Equal(ExclusiveFile.OwnerOnly, File.GetUnixFileMode(path));
        Assert.Single(Directory.EnumerateFileSystemEntries(_dir));
    }

    [Fact]
    public void Saving_into_a_missing_folder_leaves_no_empty_file()
    {
        var path = Path.Combine(_dir, "missing", "mark.key");
        Assert.Throws<IOException>(() => WatermarkKey.Generate().Save(path));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir));
    }
}
