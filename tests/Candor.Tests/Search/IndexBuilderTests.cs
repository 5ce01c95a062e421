using System.Formats.Tar;
using Candor.Imaging;
using Candor.Search;

namespace Candor.Tests.Search;

/// <summary>
/// Builds index folders from the corpus's real data sets (the 4 img2dataset-style tars of clip-retrieval, LAION rows)
/// and checks what search and attribution find, how a build resumes and appends, and that damage is reported.
/// </summary>
public sealed class IndexBuilderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("candor-index-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Tars(params string[] names)
    {
        var folder = Path.Combine(_dir, "tars");
        Directory.CreateDirectory(folder);
        foreach (var name in names) File.Copy(Corpus.Path($"datasets/webdataset/{name}"), Path.Combine(folder, name), overwrite: true);
        return folder;
    }

    private static byte[] Golden(string key) => File.ReadAllBytes(Corpus.Path($"datasets/clip-golden/images/{key}.jpg"));

    [SkippableFact]
    public void Webdataset_shards_give_every_sample_hashed_and_embedded_and_the_same_picture_is_found_at_distance_0()
    {
        var output = Path.Combine(_dir, "index");
        var report = IndexBuilder.Build(Tars("image1.tar", "image2.tar", "image3.tar", "image4.tar"), output, new IndexBuildOptions { EmbedImages = true });
        Assert.Equal(4, report.ShardsIngested);
        Assert.Equal(11, report.Manifest.Items);
        Assert.Equal(11, report.Manifest.PdqItems);
        Assert.Equal(11, report.Manifest.Image!.Count);
        Assert.Equal(512, report.Manifest.Image.Dimension);
        Assert.Empty(IndexMaintenance.Verify(output));

        using var index = SearchIndex.Open(output);
        var result = index.SearchImage(Golden("321_421"));
        // 321_421 is in image1.tar and again in image4.tar: both copies, byte-identical, at distance 0.
        Assert.Equal(2, result.NearDuplicates.Count(h => h.Score == 0));
        Assert.All(result.NearDuplicates.Where(h => h.Score == 0), h => Assert.Equal("321_421", h.Item.Key));
        Assert.True(result.NearDuplicates[0].HasThumbnail);
        Assert.Equal("321_421", result.Similar[0].Item.Key);
        Assert.True(result.Similar[0].Score > 0.99);
        var thumbnail = index.Thumbnail(result.NearDuplicates[0].Item.Id)!.Value;
        var preview = ImageCodec.Decode(thumbnail.Bytes);
        Assert.Equal(128, Math.Max(preview.Width, preview.Height));
    }

    [SkippableFact]
    public void A_flipped_resized_reencoded_copy_is_found_by_pdq_and_ranked_first_by_embedding()
    {
        var output = Path.Combine(_dir, "index");
        IndexBuilder.Build(Tars("image1.tar", "image2.tar"), output, new IndexBuildOptions { EmbedImages = true });
        var original = ImageCodec.Decode(Golden("524_316"));
        var copy = Transforms.JpegRoundTrip(Transforms.Resize(Transforms.FlipHorizontal(original), original.Width / 2, original.Height / 2), 60);
        using var index = SearchIndex.Open(output);
        var result = index.SearchImage(copy);
        var hit = Assert.Single(result.NearDuplicates);
        Assert.Equal("524_316", hit.Item.Key);
        Assert.Equal("flipy", hit.Variant);
        Assert.InRange(hit.Score, 0, 31);
        Assert.Equal("524_316", result.Similar[0].Item.Key);

        var noDihedral = index.SearchImage(copy, new SearchOptions { Dihedral = false });
        Assert.DoesNotContain(noDihedral.NearDuplicates, h => h.Item.Key == "524_316");

        var attribution = index.Attribute(copy, new SearchOptions { K = 3 });
        Assert.Equal("524_316", attribution.Nearest[0].Item.Key);
        Assert.Equal(3, attribution.Nearest.Count);
        Assert.Contains("similar", attribution.Statement);
        Assert.Contains("does not show", attribution.Statement);
        Assert.DoesNotContain("source", attribution.Statement, StringComparison.OrdinalIgnoreCase);
    }

    [SkippableFact]
    public void A_cropped_and_a_turned_copy_are_found_by_the_centre_crop_codes_and_missed_without_them()
    {
        var withCrops = Path.Combine(_dir, "crops");
        var report = IndexBuilder.Build(Tars("image1.tar", "image2.tar"), withCrops, new IndexBuildOptions { Thumbnails = false });
        Assert.True(report.Manifest.PdqVariants);
        Assert.Equal(3 * report.Manifest.PdqItems, report.Manifest.PdqCodes);
        Assert.Empty(IndexMaintenance.Verify(withCrops));
        var plain = Path.Combine(_dir, "plain");
        IndexBuilder.Build(Tars("image1.tar", "image2.tar"), plain, new IndexBuildOptions { Thumbnails = false, PdqVariants = false });

        var original = ImageCodec.Decode(Golden("524_316"));
        int w = original.Width, h = original.Height;
        var cropped = Transforms.Crop(original, w / 20, h / 20, w - 2 * (w / 20), h - 2 * (h / 20));
        var turned = Transforms.Rotate(original, 5);
        using (var index = SearchIndex.Open(withCrops))
        using (var plainIndex = SearchIndex.Open(plain))
            foreach (var copy in new[] { cropped, turned })
            {
                var hit = Assert.Single(index.SearchImage(copy).NearDuplicates);
                Assert.Equal("524_316", hit.Item.Key);
                Assert.InRange(hit.Score, 0, 31);
                Assert.EndsWith("~ indexed centre crop", hit.Variant);
                Assert.Empty(plainIndex.SearchImage(copy).NearDuplicates);
            }

        // Appending while a server holds the folder open stops with a plain reason at the end (was: a raw SQLite "database is locked").
        using (SearchIndex.Open(withCrops))
        {
            var busy = Assert.Throws<InvalidOperationException>(() => IndexBuilder.Append(withCrops, Tars("image1.tar", "image2.tar")));
            Assert.Contains("open elsewhere", busy.Message);
        }

        // Resuming or appending keeps the choice; asking for the other is refused.
        Assert.Throws<InvalidOperationException>(() => IndexBuilder.Build(Tars("image1.tar", "image2.tar", "image3.tar"), withCrops, new IndexBuildOptions { Thumbnails = false, PdqVariants = false }));
        var appended = IndexBuilder.Append(withCrops, Tars("image1.tar", "image2.tar", "image3.tar"));
        Assert.True(appended.Manifest.PdqVariants);
        Assert.Equal(3 * appended.Manifest.PdqItems, appended.Manifest.PdqCodes);
        Assert.Empty(IndexMaintenance.Verify(withCrops));
    }

    [SkippableFact]
    public void An_interrupted_build_resumes_without_reading_finished_shards_again_and_append_adds_only_new_shards()
    {
        var dataset = Tars("image1.tar", "image2.tar");
        var output = Path.Combine(_dir, "index");
        using (var cts = new CancellationTokenSource())
        {
            var progress = new Inline(p => { if (p.Stage == "ingest" && p.ShardsDone == 1) cts.Cancel(); });
            Assert.ThrowsAny<OperationCanceledException>(() => IndexBuilder.Build(dataset, output, new IndexBuildOptions(), progress, cts.Token));
        }
        Assert.False(IndexManifest.Exists(output));
        var resumed = IndexBuilder.Build(dataset, output, new IndexBuildOptions());
        Assert.Equal(1, resumed.ShardsSkipped);
        Assert.Equal(1, resumed.ShardsIngested);
        Assert.Equal(7, resumed.Manifest.Items);
        Assert.Empty(IndexMaintenance.Verify(output));

        File.Copy(Corpus.Path("datasets/webdataset/image3.tar"), Path.Combine(dataset, "image3.tar"));
        var appended = IndexBuilder.Append(output);
        Assert.Equal(2, appended.ShardsSkipped);
        Assert.Equal(1, appended.ShardsIngested);
        Assert.Equal(2, appended.ItemsAdded);
        Assert.Equal(9, appended.Manifest.Items);
        Assert.Equal(9, appended.Manifest.PdqItems);
        Assert.Empty(IndexMaintenance.Verify(output));
        using var index = SearchIndex.Open(output);
        Assert.Equal(2, index.SearchImage(Golden("123_456")).NearDuplicates.Count(h => h.Score == 0));
    }

    [SkippableFact]
    public void Other_options_on_an_existing_folder_are_refused()
    {
        var dataset = Tars("image3.tar");
        var output = Path.Combine(_dir, "index");
        IndexBuilder.Build(dataset, output, new IndexBuildOptions());
        var e = Assert.Throws<InvalidOperationException>(() => IndexBuilder.Build(dataset, output, new IndexBuildOptions { Pdq = false }));
        Assert.Contains("other options", e.Message);
    }

    [SkippableFact]
    public void A_truncated_shard_and_an_undecodable_image_are_recorded_and_the_rest_is_indexed()
    {
        var dataset = Tars("image1.tar");
        var broken = File.ReadAllBytes(Corpus.Path("datasets/webdataset/image2.tar"));
        File.WriteAllBytes(Path.Combine(dataset, "image2.tar"), broken[..(broken.Length / 2)]);
        using (var tar = new TarWriter(File.Create(Path.Combine(dataset, "image5.tar")), TarEntryFormat.Ustar, leaveOpen: false))
        {
            var entry = new UstarTarEntry(TarEntryType.RegularFile, "999_999.jpg") { DataStream = new MemoryStream([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]) };
            tar.WriteEntry(entry);
        }
        var output = Path.Combine(_dir, "index");
        var report = IndexBuilder.Build(dataset, output, new IndexBuildOptions());
        Assert.Equal(3, report.ShardsIngested);
        Assert.Contains(report.Manifest.Items, new long[] { 5, 6, 7 });
        Assert.True(report.Manifest.Problems >= 2);
        var stats = IndexMaintenance.Stats(output);
        Assert.Contains(stats.ProblemSample, p => p.Message.Contains("999_999", StringComparison.Ordinal) && p.Message.Contains("not decodable", StringComparison.Ordinal));
        Assert.Equal(report.Manifest.Items - 1, report.Manifest.PdqItems);
        Assert.Empty(IndexMaintenance.Verify(output));
    }

    [SkippableFact]
    public void Laion_rows_are_searchable_by_caption_words_and_meaning()
    {
        var output = Path.Combine(_dir, "index");
        var csv = Path.Combine(_dir, "rows.csv");
        File.WriteAllLines(csv,
        [
            "url,caption",
            "https://example.org/1.jpg,A red bicycle leaning against a brick wall",
            "https://example.org/2.jpg,\"Quarterly tax report, 2019\"",
            "https://example.org/3.jpg,A kitten sleeping on a sofa",
            "https://example.org/4.jpg,Mountain lake at sunrise",
        ]);
        var report = IndexBuilder.Build(csv, output, new IndexBuildOptions { EmbedCaptions = true });
        Assert.Equal(4, report.Manifest.Items);
        Assert.Equal(0, report.Manifest.PdqItems);
        Assert.Null(report.Manifest.Image);
        using var index = SearchIndex.Open(output);
        var words = index.SearchText("bicycle wall");
        Assert.Equal("https://example.org/1.jpg", Assert.Single(words.Words).Item.Url);
        var meaning = index.SearchText("a little cat napping");
        Assert.Equal("https://example.org/3.jpg", meaning.Semantic[0].Item.Url);
        var image = index.SearchImage(Golden("123_456"));
        Assert.Empty(image.NearDuplicates);
        Assert.Contains(image.Notes, n => n.Contains("no PDQ", StringComparison.Ordinal));
        Assert.Empty(IndexMaintenance.Verify(output));
    }

    [SkippableFact]
    public void Verify_reports_a_missing_vector_shard_and_a_damaged_pdq_index()
    {
        var output = Path.Combine(_dir, "index");
        IndexBuilder.Build(Tars("image1.tar", "image2.tar"), output, new IndexBuildOptions { EmbedImages = true });
        File.Delete(Directory.GetFiles(Path.Combine(output, "vectors"), "image-*.cvec")[0]);
        var pdq = Path.Combine(output, "pdq.hmi");
        var bytes = File.ReadAllBytes(pdq);
        bytes[^5] ^= 0xFF;
        File.WriteAllBytes(pdq, bytes);
        var problems = IndexMaintenance.Verify(output);
        Assert.Contains(problems, p => p.StartsWith("image index", StringComparison.Ordinal) && p.Contains("shard files", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("PDQ index", StringComparison.Ordinal));
    }

    [Fact]
    public void A_folder_without_a_manifest_is_named_plainly()
    {
        var e = Assert.Throws<DirectoryNotFoundException>(() => SearchIndex.Open(_dir));
        Assert.Contains("not a Candor index folder", e.Message);
        Assert.Contains("candor index build", e.Message);
    }

    private sealed class Inline(Action<IndexBuildProgress> report) : IProgress<IndexBuildProgress>
    {
        public void Report(IndexBuildProgress value) => report(value);
    }
}
