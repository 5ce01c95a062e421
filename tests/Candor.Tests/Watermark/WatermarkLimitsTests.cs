using System.Buffers.Binary;
using System.IO.Compression;
using Candor.Imaging;
using Candor.Watermark;
using static Candor.Tests.Formats.SyntheticImages;

namespace Candor.Tests.Watermark;

// Memory is bounded by the working size, not by the image: a 16384² PNG of 1 MB must not cost gigabytes.
public sealed class WatermarkLimitsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("candor-watermark-limits-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A <paramref name="side"/>² all-zero PNG (8-bit grey, so building it inflates a quarter of what RGBA would), written to a file.</summary>
    private string HugeBlankPng(int side)
    {
        var path = Path.Combine(_dir, $"blank-{side}.png");
        var idat = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionLevel.Fastest, leaveOpen: true))
        {
            var row = new byte[side + 1];
            for (var y = 0; y < side; y++) z.Write(row);
        }
        var header = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)side);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), (uint)side);
        header[8] = 8;
        File.WriteAllBytes(path, Join(PngSignature, Chunk("IHDR", header), Chunk("IDAT", idat.ToArray()), Chunk("IEND", [])));
        return path;
    }

    [Fact]
    public void Detect_on_a_16384_square_png_works_on_the_reduced_image()
    {
        var path = HugeBlankPng(16384);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = WatermarkFile.Detect(path, WatermarkKey.PublicDoNotTrain, WatermarkDetectOptions.Default);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Null(result.Error);
        Assert.False(result.Detection!.Found);
        // Held whole, the image alone is 256 MiB as grey bytes, 1 GiB as RGBA and 3 GiB as float planes.
        Assert.True(allocated < 256L << 20, $"{allocated} bytes allocated");
    }

    [Fact]
    public void Embed_refuses_an_image_over_the_pixel_limit_with_a_one_line_reason()
    {
        var path = HugeBlankPng(16384);
        var output = Path.Combine(_dir, "marked.png");
        var report = WatermarkFile.Embed(path, output, WatermarkKey.PublicDoNotTrain, WatermarkPresets.BenchDefault, new WatermarkOptions());
        Assert.False(report.Succeeded);
        Assert.Equal(path, report.ErrorFile);
        Assert.Contains("16384×16384", report.Error);
        Assert.Contains($"at most {WatermarkEmbedder.MaxPixels} pixels", report.Error);
        Assert.DoesNotContain('\n', report.Error!);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Embedder_refuses_an_image_over_the_pixel_limit()
    {
        var image = new FloatImage(8193, 8192, [new float[8193 * 8192]]);
        var e = Assert.Throws<ArgumentException>(() => WatermarkEmbedder.Embed(image, WatermarkKey.PublicDoNotTrain, WatermarkPresets.BenchDefault));
        Assert.Contains("8193×8192", e.Message);
    }

    [Fact]
    public void Reduced_detection_reads_the_same_mark_as_detection_on_the_whole_image()
    {
        var random = new Random(7);
        var plane = new float[2400 * 1500];
        for (var i = 0; i < plane.Length; i++) plane[i] = 60 + random.Next(120);
        var marked = WatermarkEmbedder.Embed(new FloatImage(2400, 1500, [plane, (float[])plane.Clone(), (float[])plane.Clone()]),
            WatermarkKey.PublicDoNotTrain, WatermarkPresets.BenchDefault);
        var path = Path.Combine(_dir, "marked.png");
        ImageCodec.Save(marked, path);

        var whole = WatermarkDetector.Detect(ImageCodec.Load(path), WatermarkKey.PublicDoNotTrain);
        var reduced = ImageCodec.LoadReduced(path, WatermarkDetector.WorkingSize);
        Assert.Equal((3, 800, 500), (reduced.Factor, reduced.Image.Width, reduced.Image.Height));
        var streamed = WatermarkDetector.Detect(reduced, WatermarkKey.PublicDoNotTrain);
        Assert.True(whole.Found);
        Assert.True(streamed.Found);
        Assert.Equal(WatermarkPresets.BenchDefault, streamed.Payload);
        Assert.Equal(whole.Period, streamed.Period);
    }
}
