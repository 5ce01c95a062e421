using Candor.C2pa.Signing;
using Candor.C2pa.Trust;
using Candor.FileSystem;

namespace Candor.Tests.C2pa.Trust;

public sealed class TestCertificateFilesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("candor-keygen-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Writes_a_loadable_credential_with_the_key_readable_by_its_owner_only()
    {
        var folder = Path.Combine(_dir, "keys");
        var files = TestCertificateFiles.Write(folder, "ES256", overwrite: false);
        Assert.Equal(Path.Combine(folder, "candor-test-es256.key.pem"), files.KeyPath);
        using var credentials = C2paSigningCredentials.Load(files.ChainPath, files.KeyPath);
        Assert.Null(credentials.FindProblem(credentials.Key.DefaultAlgorithm, DateTimeOffset.UtcNow));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(ExclusiveFile.OwnerOnly, File.GetUnixFileMode(files.KeyPath));
            Assert.Equal(ExclusiveFile.Readable, File.GetUnixFileMode(files.CaPath) | ExclusiveFile.Readable);
        }
        Assert.Equal(3, Directory.EnumerateFileSystemEntries(folder).Count());
    }

    [Fact]
    public void An_existing_file_is_refused_before_anything_is_written_unless_overwrite()
    {
        var files = TestCertificateFiles.In(_dir, "es256");
        File.WriteAllText(files.ChainPath, "mine");
        var e = Assert.Throws<FileExistsException>(() => TestCertificateFiles.Write(_dir, "es256", overwrite: false));
        Assert.Equal(files.ChainPath, e.Path);
        Assert.Equal("mine", File.ReadAllText(files.ChainPath));
        Assert.Single(Directory.EnumerateFileSystemEntries(_dir));

        TestCertificateFiles.Write(_dir, "es256", overwrite: true);
        Assert.Contains("BEGIN CERTIFICATE", File.ReadAllText(files.ChainPath));
        Assert.Equal(3, Directory.EnumerateFileSystemEntries(_dir).Count());
    }

    [Fact]
    public void A_failed_write_leaves_no_key_and_no_temporary_file()
    {
        // The chain's name is taken by a folder, so the second write fails after the key was written.
        var files = TestCertificateFiles.In(_dir, "es256");
        Directory.CreateDirectory(files.ChainPath);
        Assert.ThrowsAny<IOException>(() => TestCertificateFiles.Write(_dir, "es256", overwrite: true));
        Assert.Equal([files.ChainPath], Directory.EnumerateFileSystemEntries(_dir));
    }
}
