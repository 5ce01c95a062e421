using Candor.Fingerprints;

namespace Candor.Tests.Fingerprints;

public sealed class ModelPathsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("candor-model-paths-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Folders_yield_model_files_in_order_and_named_files_are_kept_whatever_their_extension()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "sub"));
        foreach (var name in new[] { "b.safetensors", "a.ckpt", "notes.txt", Path.Combine("sub", "c.pt") })
            File.WriteAllBytes(Path.Combine(_dir, name), [1]);
        var named = Path.Combine(_dir, "notes.txt");
        var missing = Path.Combine(_dir, "nothing-here");

        var expansion = ModelPaths.Expand([named, _dir, missing]);

        var expected = new[] { named, Path.Combine(_dir, "a.ckpt"), Path.Combine(_dir, "b.safetensors"), Path.Combine(_dir, "sub", "c.pt") };
        Assert.Equal(expected, expansion.Files);
        Assert.Equal([missing], expansion.Missing);
    }
}
