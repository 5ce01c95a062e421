using Candor.FileSystem;

namespace Candor.Tests.FileSystem;

public sealed class ImagePathsTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("candor-paths-");

    public ImagePathsTests()
    {
        foreach (var f in new[] { "a.png", "b.JPG", "notes.txt", "sub/c.webp", "sub/deep/d.png", "sub/deep/e.gif", ".hidden/f.png" })
        {
            var path = Path.Combine(_root.FullName, f);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, [0]);
        }
    }

    public void Dispose() => _root.Delete(true);

    private string P(string relative) => Path.Combine(_root.FullName, relative);

    private IEnumerable<string> Names(Expansion e) => e.Files.Select(f => Path.GetRelativePath(_root.FullName, f).Replace('\\', '/'));

    [Fact]
    public void A_folder_is_searched_recursively_for_images_only_in_sorted_order_skipping_hidden_folders()
    {
        var e = ImagePaths.Expand([_root.FullName]);
        Assert.Equal(["a.png", "b.JPG", "sub/c.webp", "sub/deep/d.png", "sub/deep/e.gif"], Names(e));
        Assert.Empty(e.Missing);
    }

    [Fact]
    public void Globs_match_one_level_with_star_and_any_depth_with_double_star()
    {
        Assert.Equal(["a.png"], Names(ImagePaths.Expand([P("*.png")])));
        Assert.Equal(["sub/deep/d.png"], Names(ImagePaths.Expand([P("sub/*/d.png")])));
        Assert.Equal(["a.png", "sub/deep/d.png"], Names(ImagePaths.Expand([P("**/[ad].png")])).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_named_file_is_kept_whatever_its_extension_and_duplicates_are_dropped()
    {
        var e = ImagePaths.Expand([P("notes.txt"), P("a.png"), P("./a.png"), _root.FullName]);
        Assert.Equal("notes.txt", Names(e).First());
        Assert.Single(Names(e), n => n == "a.png");
    }

    [Fact]
    public void Inputs_that_match_nothing_are_reported_missing()
    {
        var e = ImagePaths.Expand([P("nope.png"), P("*.tiff")]);
        Assert.Empty(e.Files);
        Assert.Equal(2, e.Missing.Count);
    }
}
