using System.Text.Json;
using Candor.Datasets;

namespace Candor.Tests.Cli;

/// <summary><c>candor index build|stats|verify</c>, <c>candor search</c> and <c>candor attribute</c> as a user runs them.</summary>
public sealed class SearchCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("candor-search-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Index()
    {
        var tars = Path.Combine(_dir, "tars");
        Directory.CreateDirectory(tars);
        foreach (var name in new[] { "image1.tar", "image2.tar" }) File.Copy(Corpus.Path($"datasets/webdataset/{name}"), Path.Combine(tars, name));
        var index = Path.Combine(_dir, "index");
        var r = CandorProcess.Run("index", "build", tars, "--out", index, "--embed", "image");
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("7 items of 'tars' from 2 shards", r.Out);
        Assert.Contains("PDQ: 7 images hashed", r.Out);
        Assert.Contains("image embeddings: 7 by resnet18", r.Out);
        return index;
    }

    [SkippableFact]
    public void Build_search_attribute_stats_and_verify_work_from_the_command_line()
    {
        var index = Index();
        var query = Corpus.Path("datasets/clip-golden/images/416_264.jpg");

        var text = CandorProcess.Run("search", index, "--image", query, "-k", "3");
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("near-duplicates by PDQ within 31 bits", text.Out);
        Assert.Contains("  0 bits  #", text.Out);
        Assert.Contains("similar pictures by resnet18 embeddings", text.Out);
        Assert.DoesNotContain("source", text.Out, StringComparison.OrdinalIgnoreCase);

        var json = CandorProcess.Run("search", index, "--image", query, "--json");
        Assert.Equal(0, json.ExitCode);
        var doc = JsonDocument.Parse(json.Out).RootElement;
        Assert.Equal("candor.search/1", doc.GetProperty("schema").GetString());
        var first = doc.GetProperty("nearDuplicates")[0];
        Assert.Equal("416_264", first.GetProperty("key").GetString());
        Assert.Equal("hamming-distance", first.GetProperty("measure").GetString());
        Assert.Equal(0, first.GetProperty("score").GetInt32());
        Assert.Equal("cosine-similarity", doc.GetProperty("similar")[0].GetProperty("measure").GetString());

        var attribute = CandorProcess.Run("attribute", index, query, "-k", "2", "--json");
        Assert.Equal(0, attribute.ExitCode);
        var a = JsonDocument.Parse(attribute.Out).RootElement;
        Assert.Equal("candor.attribute/1", a.GetProperty("schema").GetString());
        Assert.Equal("resnet18", a.GetProperty("encoder").GetProperty("name").GetString());
        Assert.Equal(2, a.GetProperty("nearest").GetArrayLength());
        Assert.Contains("does not show", a.GetProperty("statement").GetString());

        var stats = CandorProcess.Run("index", "stats", index, "--json");
        Assert.Equal(0, stats.ExitCode);
        Assert.Equal(7, JsonDocument.Parse(stats.Out).RootElement.GetProperty("manifest").GetProperty("items").GetInt64());

        var verify = CandorProcess.Run("index", "verify", index);
        Assert.Equal(0, verify.ExitCode);
        Assert.Contains("consistent", verify.Out);
    }

    [SkippableFact]
    public void A_query_embedding_from_an_npy_file_finds_its_image()
    {
        var index = Index();
        // The index's own vector of 456_123, written as a .npy query: its nearest item must be itself.
        var r = CandorProcess.Run("search", index, "--image", Corpus.Path("datasets/clip-golden/images/456_123.jpg"), "--json", "-k", "1");
        Assert.Equal(0, r.ExitCode);
        using var encoder = Candor.Embeddings.Encoders.DefaultImage();
        var vector = encoder.Encode(Candor.Imaging.ImageCodec.Load(Corpus.Path("datasets/clip-golden/images/456_123.jpg")));
        var npy = Path.Combine(_dir, "query.npy");
        NpyArray.Write(npy, vector, 1, vector.Length);
        var search = CandorProcess.Run("search", index, "--embedding", npy, "--json", "-k", "1");
        Assert.True(search.ExitCode == 0, search.Err);
        var hit = JsonDocument.Parse(search.Out).RootElement.GetProperty("similar")[0];
        Assert.Equal("456_123", hit.GetProperty("key").GetString());
        Assert.True(hit.GetProperty("score").GetDouble() > 0.99);
    }

    [Fact]
    public void Bad_arguments_get_plain_messages_and_exit_codes()
    {
        var none = CandorProcess.Run("search", _dir, "--text", "cat");
        Assert.Equal(1, none.ExitCode);
        Assert.Contains("not a Candor index folder", none.Err);
        var two = CandorProcess.Run("search", _dir, "--text", "cat", "--image", "x.png");
        Assert.Equal(2, two.ExitCode);
        Assert.Contains("exactly one of", two.Err);
        var radius = CandorProcess.Run("search", _dir, "--text", "cat", "--radius", "99");
        Assert.Equal(2, radius.ExitCode);
        Assert.Contains("0–64", radius.Err);
    }
}
