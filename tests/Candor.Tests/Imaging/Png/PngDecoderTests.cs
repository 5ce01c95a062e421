using Candor.Imaging;
using Candor.Imaging.Png;
using FsCheck;
using FsCheck.Fluent;

namespace Candor.Tests.Imaging.Png;

public sealed class PngDecoderTests
{
    // Variant name, source ("rgb" or "alpha"), ImageMagick options, expected colour type and bit depth.
    // The quality digit picks ImageMagick's filter (…1 Sub, …2 Up, …3 Average, …4 Paeth), so each filter
    // is exercised for 1-, 3-, 4- and 8-byte pixels.
    public static readonly TheoryData<string, string, string, int, int> Variants = new()
    {
        { "grey1", "rgb", "-colorspace Gray -depth 1 -define png:color-type=0 -define png:bit-depth=1", 0, 1 },
        { "grey2", "rgb", "-colorspace Gray -depth 2 -define png:color-type=0 -define png:bit-depth=2", 0, 2 },
        { "grey4", "rgb", "-colorspace Gray -depth 4 -define png:color-type=0 -define png:bit-depth=4", 0, 4 },
        { "grey8", "rgb", "-colorspace Gray -define png:color-type=0 -define png:bit-depth=8", 0, 8 },
        { "grey16", "rgb", "-colorspace Gray -depth 16 -define png:color-type=0 -define png:bit-depth=16", 0, 16 },
        { "rgb8", "rgb", "-define png:color-type=2 -define png:bit-depth=8", 2, 8 },
        { "rgb16", "rgb", "-depth 16 -define png:color-type=2 -define png:bit-depth=16", 2, 16 },
        { "palette1", "rgb", "-colors 2 -define png:exclude-chunk=bKGD -define png:color-type=3 -define png:bit-depth=1", 3, 1 },
        { "palette2", "rgb", "-colors 4 -define png:exclude-chunk=bKGD -define png:color-type=3 -define png:bit-depth=2", 3, 2 },
        { "palette4", "rgb", "-colors 16 -define png:exclude-chunk=bKGD -define png:color-type=3 -define png:bit-depth=4", 3, 4 },
        { "palette8", "rgb", "-colors 200 -define png:exclude-chunk=bKGD -define png:color-type=3 -define png:bit-depth=8", 3, 8 },
        { "palette8-trns", "alpha", "-colors 100 -define png:format=png8", 3, 8 },
        { "greyalpha8", "alpha", "-colorspace Gray -define png:color-type=4 -define png:bit-depth=8", 4, 8 },
        { "greyalpha16", "alpha", "-colorspace Gray -depth 16 -define png:color-type=4 -define png:bit-depth=16", 4, 16 },
        { "rgba8", "alpha", "-define png:color-type=6 -define png:bit-depth=8", 6, 8 },
        { "rgba16", "alpha", "-depth 16 -define png:color-type=6 -define png:bit-depth=16", 6, 16 },
        { "grey8-trns", "rgb", "-colorspace Gray -fill black -draw \"point 3,3\" -transparent black -define png:color-type=0 -define png:bit-depth=8", 0, 8 },
        { "rgb8-trns", "rgb", "-fill black -draw \"point 3,3\" -transparent black -define png:color-type=2 -define png:bit-depth=8", 2, 8 },
        { "sub-rgba8", "alpha", "-quality 91 -define png:color-type=6", 6, 8 },
        { "up-rgba8", "alpha", "-quality 92 -define png:color-type=6", 6, 8 },
        { "avg-rgba8", "alpha", "-quality 93 -define png:color-type=6", 6, 8 },
        { "paeth-rgba8", "alpha", "-quality 94 -define png:color-type=6", 6, 8 },
        { "sub-rgb8", "rgb", "-quality 91 -define png:color-type=2", 2, 8 },
        { "avg-rgb8", "rgb", "-quality 93 -define png:color-type=2", 2, 8 },
        { "paeth-rgb8", "rgb", "-quality 94 -define png:color-type=2", 2, 8 },
        { "sub-rgba16", "alpha", "-quality 91 -depth 16 -define png:color-type=6 -define png:bit-depth=16", 6, 16 },
        { "avg-rgba16", "alpha", "-quality 93 -depth 16 -define png:color-type=6 -define png:bit-depth=16", 6, 16 },
        { "paeth-rgba16", "alpha", "-quality 94 -depth 16 -define png:color-type=6 -define png:bit-depth=16", 6, 16 },
        { "paeth-grey1", "rgb", "-quality 94 -colorspace Gray -depth 1 -define png:color-type=0 -define png:bit-depth=1", 0, 1 },
        { "paeth-grey8", "rgb", "-quality 94 -colorspace Gray -define png:color-type=0", 0, 8 },
    };

    private static readonly Lazy<string> Sources = new(MakeSources);

    private static string MakeSources()
    {
        var dir = Directory.CreateTempSubdirectory("candor-png-").FullName;
        var photo = Corpus.Path("photos/kodim23.png");
        ImageMagick.Convert(photo, "-resize", "37x29!", Path.Combine(dir, "rgb.png"));
        ImageMagick.Convert(Path.Combine(dir, "rgb.png"), "(", "+clone", "-colorspace", "gray", ")", "-alpha", "off",
            "-compose", "CopyOpacity", "-composite", Path.Combine(dir, "alpha.png"));
        return dir;
    }

    private static string MakeVariant(string name, string source, string options, bool interlaced)
    {
        var output = Path.Combine(Sources.Value, $"{name}{(interlaced ? "-adam7" : "")}.png");
        var args = new List<string> { Path.Combine(Sources.Value, source + ".png") };
        args.AddRange(SplitOptions(options));
        if (interlaced) args.AddRange(["-interlace", "PNG"]);
        args.Add(output);
        ImageMagick.Convert([.. args]);
        return output;
    }

    private static IEnumerable<string> SplitOptions(string options)
    {
        var parts = options.Split('"');
        for (var i = 0; i < parts.Length; i++)
        {
            if (i % 2 == 1) yield return parts[i];
            else foreach (var p in parts[i].Split(' ', StringSplitOptions.RemoveEmptyEntries)) yield return p;
        }
    }

    private static RgbaImage DecodeFile(string path, PngDecodeOptions? options = null)
    {
        using var s = File.OpenRead(path);
        return PngDecoder.Decode(s, options);
    }

    [SkippableTheory]
    [MemberData(nameof(Variants))]
    public void Every_colour_type_and_depth_decodes_like_ImageMagick(string name, string source, string options, int colourType, int depth)
    {
        Corpus.Require();
        ImageMagick.Require();
        foreach (var interlaced in new[] { false, true })
        {
            var file = MakeVariant(name, source, options, interlaced);
            var bytes = File.ReadAllBytes(file);
            Assert.True(bytes[25] == colourType && bytes[24] == depth && bytes[28] == (interlaced ? 1 : 0),
                $"ImageMagick wrote {name} as colour type {bytes[25]}, depth {bytes[24]}, interlace {bytes[28]}");
            var image = DecodeFile(file);
            Assert.Equal((37, 29), (image.Width, image.Height));
            Assert.Equal(ImageMagick.DecodeRgbaHighBytes(file), image.Pixels);
            Assert.Equal(colourType is 4 or 6 || name.Contains("trns", StringComparison.Ordinal), image.HasAlpha);
        }
    }

    // Full-size photo (768×512) variants whose scanlines span many inflate blocks, plain and Adam7.
    public static readonly TheoryData<string, string> LargeVariants = new()
    {
        { "grey8", "-colorspace Gray -quality 94 -define png:color-type=0" },
        { "palette8", "-colors 200 -define png:exclude-chunk=bKGD -define png:color-type=3 -define png:bit-depth=8" },
        { "rgb8", "-quality 93 -define png:color-type=2" },
        { "rgba16", "-alpha set -depth 16 -quality 94 -define png:color-type=6 -define png:bit-depth=16" },
    };

    [SkippableTheory]
    [MemberData(nameof(LargeVariants))]
    public void Images_spanning_many_inflate_blocks_decode_like_ImageMagick(string name, string options)
    {
        var photo = Corpus.Path("photos/kodim23.png");
        ImageMagick.Require();
        foreach (var interlaced in new[] { false, true })
        {
            var file = Path.Combine(Sources.Value, $"large-{name}{(interlaced ? "-adam7" : "")}.png");
            ImageMagick.Convert([photo, .. SplitOptions(options), "-interlace", interlaced ? "PNG" : "None", file]);
            var image = DecodeFile(file);
            Assert.Equal((768, 512), (image.Width, image.Height));
            Assert.Equal(ImageMagick.DecodeRgbaHighBytes(file), image.Pixels);
        }
    }

    public static readonly TheoryData<string> CorpusPngs = new()
    {
        "photos/kodim01.png",
        "photos/kodim23.png",
        "generators/a1111/automatic1111_stealth.png",
        "generators/novelai/sample-0316.png",
        "generators/novelai/novelai-curated.png",
        "generators/comfyui/img2img_cropped.png",
        "generators/invokeai/invokeai_dream1.png",
    };

    [SkippableTheory]
    [MemberData(nameof(CorpusPngs))]
    public void Corpus_files_decode_like_ImageMagick(string relative)
    {
        var file = Corpus.Path(relative);
        ImageMagick.Require();
        var image = DecodeFile(file);
        Assert.Equal(ImageMagick.DecodeRgbaHighBytes(file), image.Pixels);
    }

    [SkippableFact]
    public void MaxRows_returns_only_the_top_rows()
    {
        var file = Corpus.Path("generators/novelai/novelai-curated.png");
        var full = DecodeFile(file);
        var top = DecodeFile(file, new PngDecodeOptions { MaxRows = 120 });
        Assert.Equal((full.Width, 120), (top.Width, top.Height));
        Assert.Equal(full.Pixels.AsSpan(0, full.Width * 120 * 4).ToArray(), top.Pixels);
        Assert.Equal(full.HasAlpha, top.HasAlpha);
    }

    [SkippableFact]
    public void MaxRows_crops_an_interlaced_image_after_decoding_it()
    {
        Corpus.Require();
        ImageMagick.Require();
        var file = MakeVariant("rgba8", "alpha", "-define png:color-type=6", interlaced: true);
        var full = DecodeFile(file);
        var top = DecodeFile(file, new PngDecodeOptions { MaxRows = 5 });
        Assert.Equal(5, top.Height);
        Assert.Equal(full.Pixels.AsSpan(0, full.Width * 5 * 4).ToArray(), top.Pixels);
    }

    [Fact]
    public void An_image_over_MaxPixels_is_a_format_error_before_allocation()
    {
        // Header claims 100000 × 100000; there is no image data at all.
        var png = PngTestWriter.Build(100_000, 100_000, 6, 8, []);
        var e = Assert.Throws<CandorFormatException>(() => PngDecoder.Decode(new MemoryStream(png)));
        Assert.Contains("over the limit", e.Message);
        Assert.Equal(16, e.Offset);
    }

    [Fact]
    public void Truncated_image_data_is_a_format_error()
    {
        var png = PngTestWriter.Rgba(4, 4, Enumerable.Range(0, 64).Select(i => (byte)(i * 3)).ToArray());
        var e = Assert.Throws<CandorFormatException>(() => PngDecoder.Decode(new MemoryStream(png[..45])));
        Assert.True(e.Offset >= 33, $"offset {e.Offset}");
    }

    [Fact]
    public void A_non_png_is_a_format_error_at_offset_zero()
    {
        var e = Assert.Throws<CandorFormatException>(() => PngDecoder.Decode(new MemoryStream("GIF89a........"u8.ToArray())));
        Assert.Equal(0, e.Offset);
    }

    [Fact]
    public void An_unknown_filter_type_is_a_format_error()
    {
        var png = PngTestWriter.Build(1, 1, 6, 8, [7, 1, 2, 3, 4]);
        var e = Assert.Throws<CandorFormatException>(() => PngDecoder.Decode(new MemoryStream(png)));
        Assert.Contains("filter type 7", e.Message);
    }

    [Fact]
    public void Image_data_split_over_many_IDAT_chunks_and_a_non_seekable_stream_decodes()
    {
        var rgba = Enumerable.Range(0, 3 * 2 * 4).Select(i => (byte)(i * 11)).ToArray();
        var png = PngTestWriter.Rgba(3, 2, rgba, ("tEXt", "k\0v"u8.ToArray()));
        // Re-split the single IDAT into 1-byte IDAT chunks.
        var idatAt = 33;
        var len = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(idatAt));
        var data = png.AsSpan(idatAt + 8, len).ToArray();
        using var split = new MemoryStream();
        split.Write(png.AsSpan(0, idatAt));
        PngTestWriter.Chunk(split, "IDAT", []);
        foreach (var b in data) PngTestWriter.Chunk(split, "IDAT", [b]);
        split.Write(png.AsSpan(idatAt + 12 + len));
        var image = PngDecoder.Decode(new ForwardOnlyStream(split.ToArray()));
        Assert.Equal(rgba, image.Pixels);
        Assert.True(image.HasAlpha);
    }

    [Fact]
    public void Random_mutations_of_a_png_only_raise_format_errors()
    {
        var rgba = Enumerable.Range(0, 16 * 8 * 4).Select(i => (byte)(i * 7 ^ i >> 3)).ToArray();
        var png = PngTestWriter.Rgba(16, 8, rgba, ("tEXt", "Comment\0hello"u8.ToArray()));
        AssertOnlyFormatErrors(png);
    }

    [SkippableFact]
    public void Random_mutations_of_a_corpus_png_only_raise_format_errors()
    {
        AssertOnlyFormatErrors(File.ReadAllBytes(Corpus.Path("generators/a1111/automatic1111_stealth.png")));
    }

    private static void AssertOnlyFormatErrors(byte[] png)
    {
        var mutations = Gen.Choose(0, png.Length - 1).Zip(Gen.Choose(0, 255)).ArrayOf();
        Prop.ForAll(mutations.ToArbitrary(), Gen.Choose(1, png.Length).ToArbitrary(), (changes, keep) =>
        {
            var copy = png[..keep];
            foreach (var (at, value) in changes) if (at < copy.Length) copy[at] = (byte)value;
            try
            {
                var image = PngDecoder.Decode(new MemoryStream(copy), new PngDecodeOptions { MaxPixels = 1 << 20 });
                return image.Pixels.Length == image.Width * image.Height * 4;
            }
            catch (CandorFormatException)
            {
                return true;
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    private static readonly PngDecodeOptions Streamed = new() { WholeBufferInflate = false };

    // The outcome of a decode, for comparing the whole-buffer (libdeflate) and streaming inflate paths.
    private static string Outcome(byte[] png, PngDecodeOptions options)
    {
        try
        {
            var image = PngDecoder.Decode(new MemoryStream(png), options);
            return $"{image.Width}x{image.Height} {image.HasAlpha} {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(image.Pixels))}";
        }
        catch (CandorFormatException e)
        {
            return $"error at {e.Offset} ({e.Kind}): {e.Message}";
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Variants))]
    public void Whole_buffer_and_streaming_inflate_give_the_same_pixels(string name, string source, string options, int colourType, int depth)
    {
        _ = (colourType, depth);
        foreach (var interlaced in new[] { false, true })
        {
            var png = File.ReadAllBytes(MakeVariant(name, source, options, interlaced));
            Assert.Equal(Outcome(png, Streamed), Outcome(png, PngDecodeOptions.Default));
        }
    }

    [Theory]
    [InlineData(8)]
    [InlineData(300)]
    public void A_wrong_zlib_checksum_gives_what_the_streaming_inflate_gives(int size)
    {
        // libdeflate checks the Adler-32, which the streaming path reads only when it happens to be in the input it has
        // buffered before the last row: the decode falls back to the streaming path, so both give the same outcome.
        var rgba = Enumerable.Range(0, size * size * 4).Select(i => (byte)(i * 5 ^ i >> 7)).ToArray();
        var png = PngTestWriter.Rgba(size, size, rgba);
        var idatLength = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(33));
        png[33 + 8 + idatLength - 1] ^= 0xFF;
        Assert.Equal(Outcome(png, Streamed), Outcome(png, PngDecodeOptions.Default));
    }

    [Fact]
    public void Whole_buffer_and_streaming_inflate_agree_on_random_mutations()
    {
        var rgba = Enumerable.Range(0, 16 * 8 * 4).Select(i => (byte)(i * 7 ^ i >> 3)).ToArray();
        var png = PngTestWriter.Rgba(16, 8, rgba, ("tEXt", "Comment\0hello"u8.ToArray()));
        var mutations = Gen.Choose(0, png.Length - 1).Zip(Gen.Choose(0, 255)).ArrayOf();
        Prop.ForAll(mutations.ToArbitrary(), Gen.Choose(1, png.Length).ToArbitrary(), (changes, keep) =>
        {
            var copy = png[..keep];
            foreach (var (at, value) in changes) if (at < copy.Length) copy[at] = (byte)value;
            return Outcome(copy, Streamed with { MaxPixels = 1 << 20 }) == Outcome(copy, new PngDecodeOptions { MaxPixels = 1 << 20 });
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    /// <summary>A stream that cannot seek and returns at most 5 bytes per read.</summary>
    private sealed class ForwardOnlyStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(5, buffer.Length)]);
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(5, count));
    }
}
