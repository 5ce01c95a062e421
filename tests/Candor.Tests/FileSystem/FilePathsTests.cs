using Candor.FileSystem;

namespace Candor.Tests.FileSystem;

public sealed class FilePathsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("candor-paths-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_same_file_is_found_by_path_by_symbolic_link_and_by_hard_link_and_another_file_is_not()
    {
        var file = Path.Combine(_dir, "a.png");
        File.WriteAllText(file, "a");
        var other = Path.Combine(_dir, "b.png");
        File.WriteAllText(other, "b");
        var link = Path.Combine(_dir, "link.png");
        File.CreateSymbolicLink(link, file);

        Assert.True(FilePaths.IsSameFile(file, Path.Combine(_dir, ".", "a.png")));
        Assert.True(FilePaths.IsSameFile(link, file));
        Assert.False(FilePaths.IsSameFile(file, other));
        Assert.False(FilePaths.IsSameFile(file, Path.Combine(_dir, "missing.png")));
    }
}
