using System.Text.Json;
using Candor.Fingerprints;
using Candor.Imaging;
using Candor.Imaging.Jpeg;
using Candor.Imaging.Png;

namespace Candor.Tests.Cli;

public sealed class HashPdqCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("candor-pdq-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static FloatImage Picture(int width, int height, int seed)
    {
        var random = new Random(seed);
        var image = new FloatImage(width, height, 3);
        for (var c = 0; c < 3; c++)
            for (var i = 0; i < image.PixelCount; i++)
                image.Planes[c][i] = (float)Math.Clamp(128 + 90 * Math.Sin((i % width) / (9.0 + seed) + (i / width) / (13.0 + c)) + random.Next(-10, 11), 0, 255);
        return image;
    }

    /// <summary>a.jpg and b.png, good, and c.jpg, a JPEG cut in half.</summary>
    private (string A, string B, string Broken) Files()
    {
        var a = Path.Combine(_dir, "a.jpg");
        var b = Path.Combine(_dir, "b.png");
        var broken = Path.Combine(_dir, "c.jpg");
        File.WriteAllBytes(a, JpegCodec.Encode(Picture(700, 500, 1), 90));
        File.WriteAllBytes(b, PngEncoder.Encode(Picture(300, 200, 2)));
        var jpeg = JpegCodec.Encode(Picture(200, 200, 3), 90);
        File.WriteAllBytes(broken, jpeg[..(jpeg.Length / 2)]);
        return (a, b, broken);
    }

    [Fact]
    public void Pdq_prints_hash_quality_and_path_per_image_and_goes_on_after_a_bad_file()
    {
        var (a, b, broken) = Files();
        var r = CandorProcess.Run("hash", "--pdq", _dir);
        Assert.Equal(1, r.ExitCode);
        var lines = r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        var ra = PdqHasher.HashFile(a);
        var rb = PdqHasher.HashFile(b);
        Assert.Equal($"{ra.Hash}  q={ra.Quality}  {a}", lines[0]);
        Assert.Equal($"{rb.Hash}  q={rb.Quality}  {b}", lines[1]);
        var errors = r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(errors);
        Assert.Contains(broken, errors[0]);
    }

    [Fact]
    public void Pdq_exits_0_when_every_image_hashes()
    {
        var (a, b, _) = Files();
        var r = CandorProcess.Run("hash", "--pdq", a, b);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Equal(2, r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal("", r.Err);
    }

    [Fact]
    public void Pdq_json_dihedral_gives_one_object_per_image_with_the_eight_hashes()
    {
        var (a, b, _) = Files();
        var r = CandorProcess.Run("hash", "--pdq", "--json", "--dihedral", a, b);
        Assert.True(r.ExitCode == 0, r.Err);
        var lines = r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        foreach (var (line, file) in lines.Zip([a, b]))
        {
            var o = JsonDocument.Parse(line).RootElement;
            var expected = PdqHasher.HashFileDihedral(file);
            Assert.Equal("candor.pdq/1", o.GetProperty("schema").GetString());
            Assert.Equal(file, o.GetProperty("path").GetString());
            Assert.Equal(expected.Original.ToString(), o.GetProperty("pdq").GetString());
            Assert.Equal(expected.Quality, o.GetProperty("quality").GetInt32());
            var dihedral = o.GetProperty("dihedral");
            Assert.Equal(PdqDihedral.Names, dihedral.EnumerateObject().Select(p => p.Name));
            for (var v = 0; v < 8; v++) Assert.Equal(expected.All[v].ToString(), dihedral.GetProperty(PdqDihedral.Names[v]).GetString());
        }
    }

    [Fact]
    public void Pdq_json_without_dihedral_has_no_dihedral_member()
    {
        var (a, _, _) = Files();
        var r = CandorProcess.Run("hash", "--pdq", "--json", a);
        Assert.True(r.ExitCode == 0, r.Err);
        var o = JsonDocument.Parse(r.Out).RootElement;
        Assert.False(o.TryGetProperty("dihedral", out _));
        Assert.Equal(PdqHasher.HashFile(a).Hash, PdqHash.Parse(o.GetProperty("pdq").GetString()!));
    }

    [Fact]
    public void Pdq_dihedral_text_prints_eight_named_lines_per_image()
    {
        var (a, _, _) = Files();
        var r = CandorProcess.Run("hash", "--pdq", "--dihedral", a);
        Assert.True(r.ExitCode == 0, r.Err);
        var lines = r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var expected = PdqHasher.HashFileDihedral(a);
        Assert.Equal(8, lines.Length);
        for (var v = 0; v < 8; v++) Assert.Equal($"{expected.All[v]}  q={expected.Quality}  {a}  {PdqDihedral.Names[v]}", lines[v]);
    }

    [Fact]
    public void Dihedral_without_pdq_is_a_usage_error()
    {
        var r = CandorProcess.Run("hash", "--dihedral", _dir);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--pdq", r.Err);
    }

    [SkippableFact]
    public void Pdq_of_a_corpus_file_is_the_references()
    {
        var r = CandorProcess.Run("hash", "--pdq", Corpus.Path("pdq/misc-images/wee.jpg"));
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.StartsWith("6227401f601ff4ccafcc9fad4b0d95d371a2eb7265a3285234d228ca94deeb2d  q=100  ", r.Out);
    }
}
