using Candor.Imaging.Webp;
using FsCheck;
using FsCheck.Fluent;

namespace Candor.Tests.Imaging.Webp;

public sealed class WebpDecoderTests
{
    public static readonly TheoryData<string, bool> StillImages = new()
    {
        { "generators/novelai/novelai-curated.webp", true },
        { "generators/a1111/sd-webui.webp", false },
        { "generators/none/gimp.webp", false },
    };

    [SkippableTheory]
    [MemberData(nameof(StillImages))]
    public void Still_webp_decodes_like_ImageMagick(string relative, bool hasAlpha)
    {
        var file = Corpus.Path(relative);
        ImageMagick.Require();
        var image = WebpDecoder.Decode(File.ReadAllBytes(file));
        Assert.Equal(hasAlpha, image.HasAlpha);
        Assert.Equal(ImageMagick.DecodeRgbaHighBytes(file), image.Pixels);
    }

    [SkippableFact]
    public void Animated_webp_is_not_supported()
    {
        var bytes = File.ReadAllBytes(Corpus.Path("generators/comfyui/mochi_simple_checkpoint.webp"));
        var e = Assert.Throws<NotSupportedException>(() => WebpDecoder.Decode(bytes));
        Assert.Contains("Animated WebP", e.Message);
    }

    [Fact]
    public void A_non_webp_is_a_format_error()
    {
        var e = Assert.Throws<CandorFormatException>(() => WebpDecoder.Decode("RIFF\0\0\0\0WAVEfmt xxxxxxxxxx"u8));
        Assert.Equal(0, e.Offset);
    }

    [Fact]
    public void A_chunk_running_past_the_end_is_a_format_error()
    {
        var e = Assert.Throws<CandorFormatException>(() => WebpDecoder.Decode("RIFF\x20\0\0\0WEBPVP8 \xff\0\0\0abcd"u8));
        Assert.Equal(12, e.Offset);
    }

    [SkippableFact]
    public void Random_mutations_only_raise_format_errors()
    {
        var webp = File.ReadAllBytes(Corpus.Path("generators/a1111/sd-webui.webp"))[..4096];
        var changes = Gen.Choose(0, webp.Length - 1).Zip(Gen.Choose(0, 255)).ArrayOf();
        Prop.ForAll(changes.ToArbitrary(), Gen.Choose(1, webp.Length).ToArbitrary(), (edits, keep) =>
        {
            var copy = webp[..keep];
            foreach (var (at, value) in edits) if (at < copy.Length) copy[at] = (byte)value;
            try
            {
                WebpDecoder.Decode(copy, maxPixels: 4 << 20);
            }
            catch (CandorFormatException)
            {
            }
            catch (NotSupportedException e) when (e.Message.StartsWith("Animated WebP", StringComparison.Ordinal))
            {
            }
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));
    }

    // Two lossless (VP8L) files and a lossy (VP8) one.
    public static readonly TheoryData<string, int> TopRows = new()
    {
        { "generators/novelai/novelai-curated.webp", 1 },
        { "generators/novelai/novelai-curated.webp", 37 },
        { "generators/swarmui/swarmui.webp", 8 },
        { "generators/a1111/sd-webui.webp", 5 },
    };

    [SkippableTheory]
    [MemberData(nameof(TopRows))]
    public void DecodeTop_returns_the_first_rows_of_the_full_decode(string relative, int rows)
    {
        var bytes = File.ReadAllBytes(Corpus.Path(relative));
        var full = WebpDecoder.Decode(bytes);
        var top = WebpDecoder.DecodeTop(bytes, rows);
        Assert.Equal((full.Width, rows, full.HasAlpha), (top.Width, top.Height, top.HasAlpha));
        Assert.Equal(full.Pixels.AsSpan(0, full.Width * 4 * rows).ToArray(), top.Pixels);
    }

    [SkippableFact]
    public void DecodeTop_with_more_rows_than_the_image_returns_the_whole_image()
    {
        var bytes = File.ReadAllBytes(Corpus.Path("generators/a1111/sd-webui.webp"));
        var full = WebpDecoder.Decode(bytes);
        var top = WebpDecoder.DecodeTop(bytes, full.Height + 100);
        Assert.Equal(full.Height, top.Height);
        Assert.Equal(full.Pixels, top.Pixels);
    }

    [SkippableFact]
    public void DecodeTop_of_a_file_cut_before_the_wanted_rows_is_a_format_error()
    {
        var bytes = File.ReadAllBytes(Corpus.Path("generators/swarmui/swarmui.webp"));
        var e = Assert.Throws<CandorFormatException>(() => WebpDecoder.DecodeTop(bytes[..(bytes.Length / 2)], int.MaxValue));
        Assert.Equal("WebP", e.Block);
    }

    [SkippableFact]
    public void DecodeTop_of_random_mutations_only_raises_format_errors()
    {
        var webp = File.ReadAllBytes(Corpus.Path("generators/novelai/novelai-curated.webp"))[..8192];
        var changes = Gen.Choose(0, webp.Length - 1).Zip(Gen.Choose(0, 255)).ArrayOf();
        Prop.ForAll(changes.ToArbitrary(), Gen.Choose(1, webp.Length).ToArbitrary(), Gen.Choose(1, 64).ToArbitrary(), (edits, keep, rows) =>
        {
            var copy = webp[..keep];
            foreach (var (at, value) in edits) if (at < copy.Length) copy[at] = (byte)value;
            try
            {
                WebpDecoder.DecodeTop(copy, rows, maxPixels: 4 << 20);
            }
            catch (CandorFormatException)
            {
            }
            catch (NotSupportedException e) when (e.Message.StartsWith("Animated WebP", StringComparison.Ordinal))
            {
            }
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));
    }
}
