using Candor.FileSystem;

namespace Candor.Tests.FileSystem;

public sealed class ExclusiveFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("candor-exclusive-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string In(string name) => Path.Combine(_dir, name);

    [SkippableFact]
    public void A_key_file_is_0600_from_the_moment_its_temporary_file_exists_and_a_failure_leaves_nothing()
    {
        Skip.If(OperatingSystem.IsWindows(), "Unix permissions");
        UnixFileMode? tempMode = null;
        string? tempPath = null;
        var e = Assert.Throws<IOException>(() => ExclusiveFile.Create(In("key.pem"), stream =>
        {
            tempPath = ((FileStream)stream).Name;
            tempMode = OperatingSystem.IsWindows() ? null : File.GetUnixFileMode(tempPath);
            stream.Write("half a key"u8);
            throw new IOException("disk full");
        }, ExclusiveFile.OwnerOnly, overwrite: false));
        Assert.Equal("disk full", e.Message);
        Assert.Equal(ExclusiveFile.OwnerOnly, tempMode);
        Assert.NotEqual(In("key.pem"), tempPath);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_dir));
    }

    [Fact]
    public void Temporary_names_are_not_predictable()
    {
        var names = new List<string>();
        for (var i = 0; i < 2; i++)
            Assert.Throws<InvalidOperationException>(() => ExclusiveFile.Create(In("key.pem"), stream =>
            {
                names.Add(((FileStream)stream).Name);
                throw new InvalidOperationException("stop");
            }, ExclusiveFile.OwnerOnly, overwrite: false));
        Assert.NotEqual(names[0], names[1]);
        Assert.DoesNotContain(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), Path.GetFileName(names[0]));
    }

    [Fact]
    public void An_existing_file_is_refused_unless_overwrite_which_gives_it_the_new_mode()
    {
        File.WriteAllText(In("key.pem"), "old");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(In("key.pem"), ExclusiveFile.Readable);
        var e = Assert.Throws<FileExistsException>(() => ExclusiveFile.WriteAllText(In("key.pem"), "new", ExclusiveFile.OwnerOnly, overwrite: false));
        Assert.Equal(In("key.pem"), e.Path);
        Assert.Equal("old", File.ReadAllText(In("key.pem")));

        ExclusiveFile.WriteAllText(In("key.pem"), "new", ExclusiveFile.OwnerOnly, overwrite: true);
        Assert.Equal("new", File.ReadAllText(In("key.pem")));
        if (!OperatingSystem.IsWindows()) Assert.Equal(ExclusiveFile.OwnerOnly, File.GetUnixFileMode(In("key.pem")));
        Assert.Single(Directory.EnumerateFileSystemEntries(_dir));
    }

    [Fact]
    public void A_missing_folder_is_one_plain_io_error()
    {
        var e = Assert.Throws<IOException>(() => ExclusiveFile.WriteAllText(In("no/such/key.pem"), "k", ExclusiveFile.OwnerOnly, overwrite: false));
        Assert.Contains("does not exist", e.Message);
    }
}
