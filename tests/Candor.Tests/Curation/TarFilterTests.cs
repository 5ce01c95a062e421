using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using Candor.Consent;
using Candor.Curation;

namespace Candor.Tests.Curation;

public sealed class TarFilterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("candor-filter-tar-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static List<(string Name, byte[] Data)> Members(string tar)
    {
        using var stream = File.OpenRead(tar);
        using var reader = new TarReader(stream);
        var members = new List<(string, byte[])>();
        while (reader.GetNextEntry(copyData: true) is { } e)
        {
            var data = new byte[e.Length];
            e.DataStream?.ReadExactly(data);
            members.Add((e.Name, data));
        }
        return members;
    }

    [SkippableFact]
    public async Task CorpusShards_KeepEveryMemberOfKeptSamples_InOrder()
    {
        var data = Directory.CreateDirectory(Path.Combine(_dir, "in")).FullName;
        foreach (var n in new[] { "image1.tar", "image2.tar" }) File.Copy(Corpus.Path($"datasets/webdataset/{n}"), Path.Combine(data, n));
        // The corpus tars have images only: the filter asks by the SHA-256 it computes from the image bytes.
        var forbidden = Members(Path.Combine(data, "image1.tar")).Where(m => m.Name.StartsWith("208_495", StringComparison.Ordinal) || m.Name.StartsWith("389_535", StringComparison.Ordinal))
            .Select(m => Convert.ToHexStringLower(SHA256.HashData(m.Data))).ToList();
        var lookup = new SetLookup(sha256: forbidden);

        var report = await new ConsentFilter([lookup]).RunAsync(data, Path.Combine(_dir, "out"));

        Assert.Equal((7, 5, 2), (report.Items, report.Kept, report.Dropped));
        var before = Members(Path.Combine(data, "image1.tar"));
        var after = Members(Path.Combine(_dir, "out", "image1.tar"));
        Assert.Equal(before.Where(m => !m.Name.StartsWith("208_495", StringComparison.Ordinal) && !m.Name.StartsWith("389_535", StringComparison.Ordinal)).Select(m => (m.Name, Convert.ToHexString(m.Data))),
            after.Select(m => (m.Name, Convert.ToHexString(m.Data))));
        // A shard with nothing forbidden: the same members, same bytes (the archive's end padding may differ).
        Assert.Equal(Members(Path.Combine(data, "image2.tar")).Select(m => (m.Name, Convert.ToHexString(m.Data))), Members(Path.Combine(_dir, "out", "image2.tar")).Select(m => (m.Name, Convert.ToHexString(m.Data))));
    }

    [SkippableFact]
    public async Task SamplesWithJson_AreCheckedByUrl_AndEmbeddedSignalsDecideTheRest()
    {
        var tar = Path.Combine(_dir, "00000.tar");
        var iptc = File.ReadAllBytes(Corpus.Path("generators/iptc/iptc-photometadata-ref-2023.2.jpg"));
        var plain = File.ReadAllBytes(Corpus.Path("datasets/clip-golden/images/123_456.jpg"));
        await using (var stream = File.Create(tar))
        await using (var writer = new TarWriter(stream, TarEntryFormat.Pax))
        {
            void Add(string name, byte[] bytes) => writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(bytes) });
            foreach (var (key, image, url) in new[] { ("000000000", plain, "https://a.example/0.jpg"), ("000000001", iptc, "https://a.example/1.jpg"), ("000000002", plain, "https://a.example/2.jpg") })
            {
                Add($"{key}.jpg", image);
                Add($"{key}.json", Encoding.UTF8.GetBytes($"{{\"url\":\"{url}\",\"key\":\"{key}\",\"status\":\"success\"}}"));
                Add($"{key}.txt", Encoding.UTF8.GetBytes("a caption"));
            }
        }
        var lookup = new SetLookup(["https://a.example/2.jpg"]);

        // The IPTC image refuses generative AI training (DMI-PROHIBITED-GENAIMLTRAINING), not AI training in general.
        var genai = await new ConsentFilter([lookup], new ConsentFilterOptions { Use = ConsentUse.GenAiTraining }).RunAsync(tar, Path.Combine(_dir, "genai"));
        var ai = await new ConsentFilter([lookup], new ConsentFilterOptions { Use = ConsentUse.AiTraining }).RunAsync(tar, Path.Combine(_dir, "ai"));

        Assert.Equal(["000000000.jpg", "000000000.json", "000000000.txt"], Members(Path.Combine(_dir, "genai", "00000.tar")).Select(m => m.Name));
        Assert.Contains(genai.Reasons, r => r.Dropped && r.Signal == "iptc" && r.Detail.Contains("DMI-PROHIBITED-GENAIMLTRAINING") && r.Samples[0].Key == "000000001");
        Assert.Equal(["000000000.jpg", "000000000.json", "000000000.txt", "000000001.jpg", "000000001.json", "000000001.txt"],
            Members(Path.Combine(_dir, "ai", "00000.tar")).Select(m => m.Name));
        Assert.Contains("https://a.example/0.jpg", lookup.Asked.Select(q => q.Url));
        Assert.All(lookup.Asked, q => Assert.Equal(64, q.Sha256!.Length));
    }

    [SkippableFact]
    public void C2paTrainingMining_IsReadFromTheImage()
    {
        var png = File.ReadAllBytes(Corpus.Path("c2pa/png/gen-png-trainingmining-es256.png"));
        var evidence = new EmbeddedSignalReader().Read(png, "x.png", ConsentUse.AiTraining);
        Assert.NotEmpty(evidence);
        Assert.All(evidence, e => Assert.Equal("c2pa", e.Signal));
        Assert.Contains(evidence, e => e.Verdict == ConsentVerdict.Forbidden);
        Assert.Empty(new EmbeddedSignalReader().Read(File.ReadAllBytes(Corpus.Path("datasets/clip-golden/images/123_456.jpg")), "y.jpg", ConsentUse.AiTraining));
        Assert.Empty(new EmbeddedSignalReader().Read(new byte[] { 1, 2, 3 }, "z", ConsentUse.AiTraining));
    }

    [SkippableFact]
    public async Task TruncatedTar_IsReportedAndSkipped()
    {
        var data = Directory.CreateDirectory(Path.Combine(_dir, "in")).FullName;
        File.Copy(Corpus.Path("datasets/webdataset/image2.tar"), Path.Combine(data, "00000.tar"));
        var bytes = File.ReadAllBytes(Corpus.Path("datasets/webdataset/image1.tar"));
        File.WriteAllBytes(Path.Combine(data, "00001.tar"), bytes[..30000]);

        var report = await new ConsentFilter([new SetLookup()]).RunAsync(data, Path.Combine(_dir, "out"));

        Assert.True(report.Shards[0].Written);
        Assert.False(report.Shards[1].Written);
        Assert.Contains("tar", report.Shards[1].Problem);
        Assert.False(File.Exists(Path.Combine(_dir, "out", "00001.tar")));
        Assert.Equal(3, report.Kept);
    }
}
