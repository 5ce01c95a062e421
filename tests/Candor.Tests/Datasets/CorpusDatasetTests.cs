using System.Security.Cryptography;
using Candor.Datasets;

namespace Candor.Tests.Datasets;

/// <summary>The corpus's data sets (datasets/SOURCES.md) decode to what their sources say; reference values were read with DuckDB.</summary>
public sealed class CorpusDatasetTests
{
    private static (List<DatasetRecord> Records, List<DatasetProblem> Problems) ReadAll(Dataset data)
    {
        var problems = new List<DatasetProblem>();
        var records = data.Shards.SelectMany(s => data.Read(s, problems.Add)).ToList();
        return (records, problems);
    }

    [SkippableFact]
    public void Laion_10000_rows_read_with_url_and_caption_and_no_index_column()
    {
        var data = Dataset.Open(Corpus.Path("datasets/laion-sample/test_10000.parquet"));
        var shard = Assert.Single(data.Shards);
        Assert.Equal(DatasetFormat.Parquet, shard.Format);
        Assert.Equal("test_10000", data.Name);
        Assert.Equal(10000, data.CountRows(shard));
        var (records, problems) = ReadAll(data);
        Assert.Empty(problems);
        Assert.Equal(10000, records.Count);
        Assert.All(records, r => Assert.False(string.IsNullOrEmpty(r.Url)));
        Assert.All(records, r => Assert.NotNull(r.Caption));
        // pandas' index column is not data.
        Assert.All(records, r => Assert.Empty(r.Extra));
        Assert.Equal("http://direct.rhapsody.com/imageserver/v2/albums/Alb.131805200/images/170x170.jpg", records[0].Url);
        Assert.Equal("Classical Masterpieces: Xerses & More, Vol. 8 by Various Artists", records[0].Caption);
        Assert.Equal("Tavern Brawl by velinov", records[1].Caption);
        Assert.Equal("https://ihfiles.com/products/108/16051/p/3/342256.jpeg", records[2].Url);
        Assert.Equal("http://t0.gstatic.com/images?q=tbn:ANd9GcSl5PUyGows_vg1Ny_t8lAmlOfKJb336wO7MHRhGASgOQF-VSlyVw", records[^1].Url);
        Assert.Equal("herb growing chart how to grow herbs simplemost", records[^1].Caption);
        Assert.Equal("test_10000/9999", records[^1].Key);
        Assert.Equal(Enumerable.Range(0, 10000).Select(i => (long)i), records.Select(r => r.RowInShard));
    }

    [SkippableFact]
    public void Laion_1000_rows_read()
    {
        var data = Dataset.Open(Corpus.Path("datasets/laion-sample/test_1000.parquet"));
        var (records, problems) = ReadAll(data);
        Assert.Empty(problems);
        Assert.Equal(1000, records.Count);
        Assert.Equal("http://t03.deviantart.net/3pw5NfZBHaCUyrk6y8e0uiOpm7o=/300x200/filters:fixed_height(100,100):origin()/pre09/d7a5/th/pre/f/2008/243/5/4/548c06b07fa745ec8bbfcf01beee89e0.jpg", records[1].Url);
        Assert.Equal("http://s7d1.scene7.com/is/image/terrain/27001023_000_a?$browse$", records[^1].Url);
        Assert.Equal("Crystal Cube Drop Earrings", records[^1].Caption);
    }

    [SkippableFact]
    public void Sample_image_parquet_maps_txt_and_sha256hash()
    {
        var data = Dataset.Open(Corpus.Path("datasets/laion-sample/sample_image.parquet"));
        var (records, problems) = ReadAll(data);
        Assert.Empty(problems);
        Assert.Equal(2, records.Count);
        Assert.All(records, r =>
        {
            Assert.Equal("https://raw.githubusercontent.com/rom1504/img2dataset/main/tests/blur_test_files/original.png", r.Url);
            Assert.Equal("Lorem Ipsum", r.Caption);
            Assert.Empty(r.Extra);
        });
        Assert.Equal("08dc1f9bc6a55a04882a2cc3ac792feca030362ddd62990c74b708fe1606ef47", records[0].Sha256);
        Assert.Equal("08dc1f9bc6a55a04882a2cc3ac792fec7030362ddd62990c74b708fe1606ef47", records[1].Sha256);
    }

    [SkippableFact]
    public void Laion_folder_lists_its_three_parquet_shards_in_natural_order()
    {
        var data = Dataset.Open(Corpus.Path("datasets/laion-sample"));
        Assert.Equal(["sample_image.parquet", "test_1000.parquet", "test_10000.parquet"], data.Shards.Select(s => Path.GetFileName(s.Path)));
        Assert.Equal([0, 1, 2], data.Shards.Select(s => s.Index));
        Assert.Equal(11002, data.Shards.Sum(s => data.CountRows(s)));
    }

    [SkippableFact]
    public void Webdataset_tars_give_11_samples_byte_identical_to_the_golden_images()
    {
        var data = Dataset.Open(Corpus.Path("datasets/webdataset"));
        Assert.Equal(["image1.tar", "image2.tar", "image3.tar", "image4.tar"], data.Shards.Select(s => Path.GetFileName(s.Path)));
        Assert.All(data.Shards, s => Assert.Equal(DatasetFormat.WebDataset, s.Format));
        var (records, problems) = ReadAll(data);
        Assert.Empty(problems);
        Assert.Equal(11, records.Count);
        Assert.Equal(["123_456", "208_495", "321_421", "389_535"], records.Where(r => r.ShardIndex == 0).Select(r => r.Key));
        Assert.Equal(7, records.Select(r => r.Key).Distinct().Count());
        foreach (var record in records)
        {
            var golden = File.ReadAllBytes(Corpus.Path($"datasets/clip-golden/images/{record.Key}.jpg"));
            Assert.Equal(SHA256.HashData(golden), SHA256.HashData(record.Image.Span));
            Assert.Null(record.Caption);
            Assert.Null(record.ImagePath);
        }
    }

    [SkippableFact]
    public void Clip_golden_embeddings_are_7_by_512_float32_unit_vectors()
    {
        using var array = NpyArray.Open(Corpus.Path("datasets/clip-golden/embeddings.npy"));
        Assert.Equal(7, array.Rows);
        Assert.Equal(512, array.Columns);
        Assert.Equal(NpyElement.Float32, array.Element);
        var row = new float[512];
        var rows = new float[7][];
        for (var r = 0; r < 7; r++)
        {
            array.ReadRow(r, row);
            var norm = Math.Sqrt(row.Sum(v => (double)v * v));
            Assert.InRange(norm, 0.9990, 1.0010);
            // SOURCES.md: the float32 values are float16 values widened, so the float16 round trip is exact.
            Assert.All(row, v => Assert.Equal(v, (float)(Half)v));
            rows[r] = [.. row];
        }
        // Highest pair per SOURCES.md: 123_456 vs 456_123 (rows 0 and 5 of order.txt) at 0.869.
        var order = File.ReadAllLines(Corpus.Path("datasets/clip-golden/order.txt"));
        var a = Array.IndexOf(order, "123_456.jpg");
        var b = Array.IndexOf(order, "456_123.jpg");
        var cosine = rows[a].Zip(rows[b], (x, y) => (double)x * y).Sum();
        Assert.InRange(cosine, 0.864, 0.874);
    }
}
