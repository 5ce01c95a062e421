using Candor.Index;

namespace Candor.Tests.Index;

public sealed class ItemCatalogueTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("candor-catalogue-").FullName;

    private string FilePath => Path.Combine(_dir, "catalogue.sqlite");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static CatalogueItem Item(long row, string caption, string? url = null) => new() { Row = row, Key = $"k{row}", Caption = caption, Url = url ?? $"https://example.org/{row}.jpg" };

    [Fact]
    public void A_completed_shard_keeps_its_items_with_consecutive_ids_and_a_record()
    {
        using var catalogue = ItemCatalogue.OpenOrCreate(FilePath);
        using (var writer = catalogue.BeginShard(0))
        {
            Assert.Equal(0, writer.Add(Item(0, "a red bicycle")));
            Assert.Equal(1, writer.Add(Item(1, "a blue car") with { Pdq = new string('a', 64), PdqQuality = 90, Width = 10, Height = 20 }));
            writer.AddProblem(2, "bad row");
            var record = writer.Complete("/data/shard0.parquet", "parquet");
            Assert.Equal(2, record.Items);
            Assert.Equal(1, record.Problems);
        }
        using (var writer = catalogue.BeginShard(1))
        {
            Assert.Equal(2, writer.Add(Item(0, "a green bicycle")));
            writer.Complete("/data/shard1.parquet", "parquet");
        }
        Assert.Equal(3, catalogue.Count);
        var item = catalogue.Get(1)!;
        Assert.Equal("a blue car", item.Caption);
        Assert.Equal(new string('a', 64), item.Pdq);
        Assert.Equal(90, item.PdqQuality);
        Assert.Equal((10, 20), (item.Width, item.Height));
        Assert.Equal(0, item.Shard);
        Assert.Equal(1, catalogue.Get(2)!.Shard);
        Assert.Equal(["/data/shard0.parquet", "/data/shard1.parquet"], catalogue.Shards().Select(s => s.Path));
        Assert.Equal(1, catalogue.ProblemCount);
        Assert.Equal(1, catalogue.PdqCount);
        Assert.Empty(catalogue.CheckIntegrity());
    }

    [Fact]
    public void A_shard_not_completed_leaves_nothing_behind()
    {
        using var catalogue = ItemCatalogue.OpenOrCreate(FilePath);
        using (var writer = catalogue.BeginShard(0))
        {
            writer.Add(Item(0, "lost"));
            writer.AddProblem(1, "lost too");
        }
        Assert.Equal(0, catalogue.Count);
        Assert.Empty(catalogue.Shards());
        Assert.Equal(0, catalogue.ProblemCount);
        Assert.Empty(catalogue.SearchWords("lost", 10));
        using (var writer = catalogue.BeginShard(0))
        {
            Assert.Equal(0, writer.Add(Item(0, "kept")));
            writer.Complete("s", "csv");
        }
        Assert.Single(catalogue.SearchWords("kept", 10));
    }

    [Fact]
    public void Word_search_wants_every_word_then_any_and_never_reads_query_syntax()
    {
        using var catalogue = ItemCatalogue.OpenOrCreate(FilePath);
        using (var writer = catalogue.BeginShard(0))
        {
            writer.Add(Item(0, "A red bicycle leaning on a wall"));
            writer.Add(Item(1, "red wine in a glass"));
            writer.Add(Item(2, "Café au lait"));
            writer.Complete("s", "csv");
        }
        Assert.Equal([0L], catalogue.SearchWords("red bicycle", 10).Select(m => m.Id));
        Assert.Equal([0L, 1L], catalogue.SearchWords("bicycle wine", 10).Select(m => m.Id).Order());
        Assert.Equal([2L], catalogue.SearchWords("cafe", 10).Select(m => m.Id));
        Assert.Empty(catalogue.SearchWords("\"*) OR NEAR(", 10));
        Assert.Equal([0L, 1L], catalogue.SearchWords("wine\" OR \"bicycle", 10).Select(m => m.Id).Order());
        Assert.Empty(catalogue.SearchWords("   ", 10));
        // No caption has every word: the fallback takes any word but the little ones, so "a" does not match everything.
        Assert.Equal([0L], catalogue.SearchWords("a bicycle on a skateboard", 10).Select(m => m.Id));
        Assert.Empty(catalogue.SearchWords("a skateboard", 10));
    }

    [Fact]
    public void A_foreign_sqlite_file_is_refused_with_a_clear_message()
    {
        using (var other = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={FilePath}"))
        {
            other.Open();
            using var command = other.CreateCommand();
            command.CommandText = "CREATE TABLE t(x)";
            command.ExecuteNonQuery();
        }
        var e = Assert.Throws<CandorFormatException>(() => ItemCatalogue.OpenOrCreate(FilePath));
        Assert.Contains("not a Candor catalogue", e.Message);
    }

    [Fact]
    public void A_file_that_is_not_sqlite_is_refused_with_a_clear_message()
    {
        File.WriteAllText(FilePath, "this is not a database, it is a text file that is long enough to have a header");
        var e = Assert.Throws<CandorFormatException>(() => ItemCatalogue.Open(FilePath));
        Assert.Contains("not a readable catalogue", e.Message);
    }

    [Fact]
    public void Thumbnails_and_urls_are_found_again()
    {
        using var catalogue = ItemCatalogue.OpenOrCreate(FilePath);
        using (var writer = catalogue.BeginShard(0))
        {
            var id = writer.Add(Item(0, "x", "https://a.example/1.jpg"));
            writer.AddThumbnail(id, "image/jpeg", [1, 2, 3]);
            writer.Complete("s", "csv");
        }
        Assert.Equal([1, 2, 3], catalogue.Thumbnail(0)!.Value.Bytes);
        Assert.Null(catalogue.Thumbnail(1));
        Assert.True(catalogue.HasThumbnail(0));
        Assert.False(catalogue.HasThumbnail(1));
        Assert.Single(catalogue.FindByUrl("https://a.example/1.jpg"));
    }
}
