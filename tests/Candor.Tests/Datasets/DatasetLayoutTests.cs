using System.Formats.Tar;
using System.Text;
using Candor.Datasets;
using Parquet.Schema;

namespace Candor.Tests.Datasets;

/// <summary>Dataset.Open recognises the layouts LAION, clip-retrieval and img2dataset write, and image folders.</summary>
public sealed class DatasetLayoutTests : IDisposable
{
    private readonly DatasetFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static byte[] Tar(params (string Name, byte[] Data)[] members)
    {
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Ustar, leaveOpen: true))
            foreach (var (name, data) in members)
                writer.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data) });
        return buffer.ToArray();
    }

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public void Laion_layout_attaches_embeddings_by_shard_number()
    {
        foreach (var n in new[] { 0, 1, 10 })
        {
            _folder.Parquet($"metadata/metadata_{n}.parquet", 4, 4, (new DataField<string>("url", true), i => $"u{n}-{i}"));
            NpyArray.Write(Path.Combine(Directory.CreateDirectory(Path.Combine(_folder.Root, "img_emb")).FullName, $"img_emb_{n}.npy"), new float[8], 4, 2);
        }
        NpyArray.Write(Path.Combine(Directory.CreateDirectory(Path.Combine(_folder.Root, "text_emb")).FullName, "text_emb_0000.npy"), new float[8], 4, 2, NpyElement.Float16);
        var data = Dataset.Open(_folder.Root);
        Assert.Equal(["metadata_0.parquet", "metadata_1.parquet", "metadata_10.parquet"], data.Shards.Select(s => Path.GetFileName(s.Path)));
        Assert.Equal(Path.Combine(_folder.Root, "img_emb", "img_emb_10.npy"), data.Shards[2].EmbeddingPaths["image"]);
        Assert.Equal(Path.Combine(_folder.Root, "text_emb", "text_emb_0000.npy"), data.Shards[0].EmbeddingPaths["text"]);
        Assert.False(data.Shards[1].EmbeddingPaths.ContainsKey("text"));
        // Opening the metadata folder itself finds the same embeddings beside it.
        var inner = Dataset.Open(Path.Combine(_folder.Root, "metadata"));
        Assert.Equal(data.Shards.Select(s => s.EmbeddingPaths.Count), inner.Shards.Select(s => s.EmbeddingPaths.Count));
        Assert.Equal("metadata", inner.Name);
    }

    [Fact]
    public void Embeddings_that_do_not_align_with_their_shard_are_reported()
    {
        _folder.Parquet("metadata/metadata_0.parquet", 3, 3, (new DataField<string>("url", true), i => $"u{i}"));
        NpyArray.Write(Path.Combine(Directory.CreateDirectory(Path.Combine(_folder.Root, "img_emb")).FullName, "img_emb_0.npy"), new float[4], 2, 2);
        var data = Dataset.Open(_folder.Root);
        var problems = new List<DatasetProblem>();
        Assert.Equal(3, data.Read(data.Shards[0], problems.Add).Count());
        Assert.Contains("2 rows", Assert.Single(problems).Message);
    }

    [Fact]
    public void Img2dataset_output_reads_the_tars_not_the_parquet_beside_them()
    {
        var json = "{\"url\": \"https://x/a.jpg\", \"caption\": \"from json\", \"key\": \"000000000\", \"width\": 256, \"height\": 128, \"original_width\": 1024, \"sha256\": \"" + new string('b', 64) + "\", \"status\": \"success\"}";
        _folder.Bytes("00000.tar", Tar(
            ("000000000.jpg", [0xFF, 0xD8, 0xFF, 0xD9]), ("000000000.json", Utf8(json)), ("000000000.txt", Utf8("from txt")),
            ("000000001.txt", Utf8("only a caption")), ("000000001.webp", Utf8("RIFF....WEBP"))));
        _folder.Parquet("00000.parquet", 2, 2, (new DataField<string>("url", true), i => "u"));
        _folder.Text("00000_stats.json", "{\"count\": 3, \"successes\": 2, \"failed_to_download\": 1}");
        var data = Dataset.Open(_folder.Root);
        var shard = Assert.Single(data.Shards);
        Assert.Equal(DatasetFormat.WebDataset, shard.Format);
        Assert.Equal(2, data.CountRows(shard));
        var problems = new List<DatasetProblem>();
        var records = data.Read(shard, problems.Add).ToList();
        Assert.Empty(problems);
        Assert.Equal(["000000000", "000000001"], records.Select(r => r.Key));
        var first = records[0];
        Assert.Equal(("https://x/a.jpg", "from txt", 256, 128), (first.Url, first.Caption, first.Width, first.Height));
        Assert.Equal(new string('b', 64), first.Sha256);
        Assert.Equal("1024", first.Extra["original_width"]);
        Assert.Equal("success", first.Extra["status"]);
        Assert.Equal(4, first.Image.Length);
        Assert.Equal("RIFF....WEBP", Encoding.UTF8.GetString(records[1].Image.Span));
    }

    [Fact]
    public void Image_folder_keys_are_relative_paths_and_txt_sidecars_are_captions()
    {
        _folder.Bytes("b/2.png", [1]);
        _folder.Text("b/2.txt", "a red bicycle\n");
        _folder.Bytes("a.jpg", [2]);
        _folder.Bytes(".hidden/x.jpg", [3]);
        _folder.Text("notes.md", "not an image");
        var data = Dataset.Open(_folder.Root);
        var shard = Assert.Single(data.Shards);
        Assert.Equal(DatasetFormat.ImageFolder, shard.Format);
        Assert.Null(data.CountRows(shard));
        var problems = new List<DatasetProblem>();
        var records = data.Read(shard, problems.Add).ToList();
        Assert.Empty(problems);
        Assert.Equal(["a.jpg", "b/2.png"], records.Select(r => r.Key));
        Assert.Null(records[0].Caption);
        Assert.Equal("a red bicycle", records[1].Caption);
        Assert.Equal(Path.Combine(_folder.Root, "b", "2.png"), records[1].ImagePath);
        Assert.True(records[1].Image.IsEmpty);
    }

    [Fact]
    public void Img2dataset_files_output_reads_the_images_with_their_json()
    {
        _folder.Bytes("00000/000000000.jpg", [1]);
        _folder.Text("00000/000000000.json", "{\"url\": \"https://x/0.jpg\", \"key\": \"000000000\"}");
        _folder.Text("00000/000000000.txt", "zero");
        _folder.Parquet("00000.parquet", 1, 1, (new DataField<string>("url", true), i => "https://x/0.jpg"));
        _folder.Text("00000_stats.json", "{}");
        var data = Dataset.Open(_folder.Root);
        Assert.Equal(DatasetFormat.ImageFolder, Assert.Single(data.Shards).Format);
        var record = Assert.Single(data.Read(data.Shards[0], _ => Assert.Fail("no problem expected")));
        Assert.Equal(("00000/000000000.jpg", "https://x/0.jpg", "zero"), (record.Key, record.Url, record.Caption));
    }

    [Fact]
    public void A_folder_with_nothing_readable_is_a_clear_error()
    {
        _folder.Text("readme.md", "nothing here");
        var e = Assert.Throws<CandorFormatException>(() => Dataset.Open(_folder.Root));
        Assert.Equal(FormatErrorKind.Unsupported, e.Kind);
        Assert.Contains("no data set found", e.Message);
        Assert.Throws<FileNotFoundException>(() => Dataset.Open(Path.Combine(_folder.Root, "missing")));
        Assert.Contains("not a data set file", Assert.Throws<CandorFormatException>(() => Dataset.Open(Path.Combine(_folder.Root, "readme.md"))).Message);
    }

    [Fact]
    public void A_folder_of_table_files_lists_each_as_a_shard()
    {
        _folder.Text("b.csv", "url\nu\n");
        _folder.Text("a.jsonl", "{\"url\": \"v\"}\n");
        var data = Dataset.Open(_folder.Root);
        Assert.Equal([DatasetFormat.JsonLines, DatasetFormat.Csv], data.Shards.Select(s => s.Format));
        Assert.Equal(["v", "u"], data.Shards.SelectMany(s => data.Read(s, _ => { })).Select(r => r.Url));
    }
}
