using System.Security.Cryptography;
using Candor.Fingerprints;
using Candor.Provenance;

namespace Candor.Tests.Fingerprints;

public class ModelLibraryTests : IDisposable
{
    private static readonly Evidence Here = new("test");
    private readonly string _root = ModelFiles.TempFolder();
    private string CachePath => Path.Combine(_root, "cache", "model-hashes.json");
    private string Models => Path.Combine(_root, "models");

    public ModelLibraryTests()
    {
        Directory.CreateDirectory(Path.Combine(Models, "Lora"));
        File.WriteAllBytes(Path.Combine(Models, "base.safetensors"), ModelFiles.Safetensors("{}", ModelFiles.RandomBytes(4000, 1)));
        File.WriteAllBytes(Path.Combine(Models, "Lora", "style.safetensors"), ModelFiles.Safetensors("""{"__metadata__":{}}""", ModelFiles.RandomBytes(2000, 2)));
        File.WriteAllBytes(Path.Combine(Models, "other.ckpt"), ModelFiles.RandomBytes(3000, 3));
        File.WriteAllText(Path.Combine(Models, "notes.txt"), "not a model");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static string Sha(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private static ModelReference Reference(string name, params (HashKind Kind, string Value)[] hashes)
    {
        var reference = new ModelReference { Role = ModelRole.Checkpoint, Name = name, Evidence = Here };
        foreach (var (kind, value) in hashes) reference.Hashes.Add(new ClaimedHash(kind, value, Here));
        return reference;
    }

    [Fact]
    public void Indexes_model_files_recursively_and_only_model_extensions()
    {
        var library = ModelLibrary.Index(Models, new HashCache(CachePath));
        Assert.Equal(3, library.Models.Count);
        Assert.Contains(library.Models, m => m.Path.EndsWith(Path.Combine("Lora", "style.safetensors")));
        Assert.DoesNotContain(library.Models, m => m.Path.EndsWith("notes.txt"));
        Assert.Equal(3, library.HashesComputed);
        Assert.True(File.Exists(CachePath));
    }

    [Fact]
    public void Second_run_takes_hashes_from_the_cache()
    {
        ModelLibrary.Index(Models, new HashCache(CachePath));
        var again = ModelLibrary.Index(Models, new HashCache(CachePath));
        Assert.Equal(0, again.HashesComputed);
        Assert.Equal(3, again.Models.Count);
    }

    [Fact]
    public void Cached_hashes_round_trip_every_value()
    {
        var first = ModelLibrary.Index(Models, new HashCache(CachePath)).Models.Single(m => m.Path.EndsWith("style.safetensors")).Hashes;
        var cached = ModelLibrary.Index(Models, new HashCache(CachePath)).Models.Single(m => m.Path.EndsWith("style.safetensors")).Hashes;
        Assert.Equal(
            (first.Size, first.Sha256, first.AutoV1, first.Blake3, first.Crc32, first.IsSafetensors, first.TensorSha256, first.HeaderProblem),
            (cached.Size, cached.Sha256, cached.AutoV1, cached.Blake3, cached.Crc32, cached.IsSafetensors, cached.TensorSha256, cached.HeaderProblem));
        Assert.True(cached.IsSafetensors);
        Assert.NotNull(cached.TensorSha256);
    }

    [Fact]
    public void Cached_value_is_used_while_size_and_mtime_are_unchanged_and_dropped_when_mtime_changes()
    {
        var path = Path.Combine(Models, "other.ckpt");
        var before = Sha(path);
        ModelLibrary.Index(Models, new HashCache(CachePath));
        var mtime = File.GetLastWriteTimeUtc(path);
        File.WriteAllBytes(path, ModelFiles.RandomBytes(3000, 99));
        File.SetLastWriteTimeUtc(path, mtime);

        var cached = ModelLibrary.Index(Models, new HashCache(CachePath));
        Assert.Equal(before, cached.Models.Single(m => m.Path == path).Hashes.Sha256);

        File.SetLastWriteTimeUtc(path, mtime.AddSeconds(5));
        var fresh = ModelLibrary.Index(Models, new HashCache(CachePath));
        Assert.Equal(1, fresh.HashesComputed);
        Assert.Equal(Sha(path), fresh.Models.Single(m => m.Path == path).Hashes.Sha256);
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("""{"version":1,"files":{"x":{"size":"big"}}}""")]
    [InlineData("""{"version":99,"files":{}}""")]
    [InlineData("")]
    public void Corrupt_cache_is_ignored_with_a_warning_and_rebuilt(string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(CachePath)!);
        File.WriteAllText(CachePath, content);
        var cache = new HashCache(CachePath);
        Assert.NotEmpty(cache.Warnings);
        var library = ModelLibrary.Index(Models, cache);
        Assert.Equal(3, library.HashesComputed);
        var reread = new HashCache(CachePath);
        Assert.Empty(reread.Warnings);
        Assert.Equal(3, reread.Count);
    }

    [Fact]
    public void Save_leaves_no_temporary_files()
    {
        ModelLibrary.Index(Models, new HashCache(CachePath));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(CachePath)!));
    }

    [Fact]
    public void Default_cache_path_follows_xdg_cache_home()
    {
        Assert.EndsWith(Path.Combine("candor", "model-hashes.json"), HashCache.DefaultPath);
    }

    [Fact]
    public void Claimed_hash_of_a_local_file_is_a_match()
    {
        var library = ModelLibrary.Index(Models, new HashCache(CachePath));
        var sha = Sha(Path.Combine(Models, "base.safetensors"));
        var result = library.Match(Reference("base [" + sha[..10] + "]", (HashKind.AutoV2, sha[..10].ToUpperInvariant())));
        var check = Assert.Single(result.Checks);
        Assert.Equal(HashVerdict.Match, check.Verdict);
        Assert.EndsWith("base.safetensors", check.MatchedFile!.Path);
    }

    [Fact]
    public void Lora_hash_matches_through_the_tensor_data()
    {
        var library = ModelLibrary.Index(Models, new HashCache(CachePath));
        var addnet = library.Models.Single(m => m.Path.EndsWith("style.safetensors")).Hashes.Addnet!;
        var result = library.Match(Reference("somethingElse", (HashKind.Addnet, addnet)));
        Assert.Equal(HashVerdict.Match, result.Checks[0].Verdict);
    }

    [Fact]
    public void Same_name_with_another_hash_is_a_mismatch_naming_both_files()
    {
        var library = ModelLibrary.Index(Models, new HashCache(CachePath));
        var otherSha = Sha(Path.Combine(Models, "other.ckpt"));
        var result = library.Match(Reference("models/BASE.safetensors", (HashKind.AutoV2, otherSha[..10])));
        var check = result.Checks[0];
        Assert.Equal(HashVerdict.Mismatch, check.Verdict);
        Assert.EndsWith("base.safetensors", check.SameNameFile!.Path);
        Assert.EndsWith("other.ckpt", check.MatchedFile!.Path);
        Assert.Contains(Sha(Path.Combine(Models, "base.safetensors"))[..10], check.Message);
        Assert.Contains("other.ckpt", check.Message);
    }

    [Fact]
    public void Unheard_of_hash_and_name_is_unknown()
    {
        var library = ModelLibrary.Index(Models, new HashCache(CachePath));
        var result = library.Match(Reference("nowhere", (HashKind.AutoV2, "0123456789")));
        Assert.Equal(HashVerdict.Unknown, result.Checks[0].Verdict);
        Assert.Empty(result.SameName);
    }

    [Theory]
    [InlineData("sd_xl_base_1.0 [31e35c80fc]", "sd_xl_base_1.0")]
    [InlineData("Lora/style(801f5d2c1395)", "style")]
    [InlineData("C:\\models\\base.safetensors", "base")]
    [InlineData("v1-5-pruned-emaonly.ckpt [6ce0161689]", "v1-5-pruned-emaonly")]
    [InlineData("model.v2", "model.v2")]
    public void Name_stem_drops_folders_extension_and_trailing_hash(string name, string stem)
    {
        Assert.Equal(stem, ModelLibrary.NameStem(name));
    }
}
