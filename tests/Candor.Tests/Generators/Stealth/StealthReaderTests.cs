using System.IO.Compression;
using System.Text;
using Candor.Generators.Stealth;
using Candor.Imaging;
using Candor.Imaging.Png;
using FsCheck;
using FsCheck.Fluent;

namespace Candor.Tests.Generators.Stealth;

public sealed class StealthReaderTests
{
    private static RgbaImage Decode(string relative, int? maxRows = null)
    {
        using var s = File.OpenRead(Corpus.Path(relative));
        return PngDecoder.Decode(s, new PngDecodeOptions { MaxRows = maxRows });
    }

    /// <summary>Writes <paramref name="magic"/> + bit length + payload into the LSBs the way the extension does.</summary>
    internal static RgbaImage Embed(int width, int height, string magic, byte[] payload, bool hasAlpha = true, long? claimedBits = null)
    {
        var pixels = new byte[width * height * 4];
        new Random(7).NextBytes(pixels);
        if (!hasAlpha) for (var i = 3; i < pixels.Length; i += 4) pixels[i] = 255;
        var bits = new List<int>();
        void Add(ulong value, int count) { for (var i = count - 1; i >= 0; i--) bits.Add((int)(value >> i) & 1); }
        foreach (var c in magic) Add(c, 8);
        Add((ulong)(claimedBits ?? payload.Length * 8L), 32);
        foreach (var b in payload) Add(b, 8);
        var rgb = magic.Contains("rgb", StringComparison.Ordinal);
        var perPixel = rgb ? 3 : 1;
        for (var i = 0; i < bits.Count; i++)
        {
            var p = i / perPixel;
            int x = p / height, y = p % height;
            var channel = rgb ? i % 3 : 3;
            var at = (y * width + x) * 4 + channel;
            pixels[at] = (byte)(pixels[at] & ~1 | bits[i]);
        }
        return new RgbaImage(width, height, pixels, hasAlpha);
    }

    private static byte[] Gzip(string text)
    {
        using var o = new MemoryStream();
        using (var z = new GZipStream(o, CompressionLevel.Fastest)) z.Write(Encoding.UTF8.GetBytes(text));
        return o.ToArray();
    }

    [SkippableFact]
    public void A1111_stealth_png_holds_compressed_infotext_in_alpha()
    {
        var payload = StealthReader.Read(Decode("generators/a1111/automatic1111_stealth.png"));
        Assert.NotNull(payload);
        Assert.Equal((StealthMode.Alpha, true, "stealth_pngcomp"), (payload.Mode, payload.Compressed, payload.Magic));
        Assert.StartsWith("a circle", payload.Text);
        Assert.Contains("Negative prompt: a square", payload.Text);
        Assert.Contains("Seed: 2015833630", payload.Text);
        Assert.Contains("Version: v1.9.4-169-ga30b19dd", payload.Text);
    }

    [SkippableFact]
    public void Novelai_alpha_copy_is_a_json_text_dictionary()
    {
        var payload = StealthReader.Read(Decode("generators/novelai/sample-0316.png"));
        Assert.NotNull(payload);
        Assert.Equal(StealthMode.Alpha, payload.Mode);
        Assert.StartsWith("{", payload.Text);
        Assert.Contains("\"Comment\"", payload.Text);
        Assert.Contains("signed_hash", payload.Text);
    }

    [SkippableTheory]
    [InlineData("generators/novelai/novelai-curated.png", true)]
    [InlineData("generators/a1111/automatic1111_stealth.png", true)]
    [InlineData("generators/forge/forge.png", true)]
    [InlineData("generators/a1111/sd-webui.png", false)]
    [InlineData("photos/kodim05.png", false)]
    public void Quick_check_on_eight_rows_agrees_with_the_full_magic_check(string file, bool hasStealth)
    {
        var first = Decode(file, StealthReader.RowsForQuickCheck);
        Assert.Equal(hasStealth, StealthReader.MightStartWithMagic(first));
        Assert.Equal(hasStealth, StealthReader.Read(Decode(file)) is not null);
    }

    [Theory]
    [InlineData("stealth_pnginfo", true)]
    [InlineData("stealth_pngcomp", true)]
    [InlineData("stealth_rgbinfo", false)]
    [InlineData("stealth_rgbcomp", false)]
    public void Quick_check_passes_every_magic_in_both_modes(string magic, bool alpha)
    {
        var image = Embed(16, 200, magic, [1, 2, 3], hasAlpha: alpha);
        var top = new RgbaImage(16, StealthReader.RowsForQuickCheck, image.Pixels[..(16 * StealthReader.RowsForQuickCheck * 4)], image.HasAlpha);
        Assert.True(StealthReader.MightStartWithMagic(top));
    }

    [Fact]
    public void Rgb_mode_reads_a_continuous_bit_stream_after_the_32_bit_length()
    {
        // The payload's first bit shares a pixel with the last bit of the length (the "33rd bit" of the webui reader).
        var image = Embed(50, 13, "stealth_rgbinfo", Encoding.UTF8.GetBytes("rgb text, Steps: 20"), hasAlpha: false);
        var payload = StealthReader.Read(image);
        Assert.NotNull(payload);
        Assert.Equal((StealthMode.Rgb, false, "rgb text, Steps: 20", 19 * 8L), (payload.Mode, payload.Compressed, payload.Text, payload.BitLength));
    }

    [Fact]
    public void Rgb_compressed_copy_inflates()
    {
        var image = Embed(64, 64, "stealth_rgbcomp", Gzip("ünïcode prompt\nSteps: 5"));
        Assert.Equal("ünïcode prompt\nSteps: 5", StealthReader.Read(image)?.Text);
    }

    [Fact]
    public void A_bit_length_beyond_the_image_is_a_format_error()
    {
        var image = Embed(20, 20, "stealth_pnginfo", "hi"u8.ToArray(), claimedBits: 10_000);
        var e = Assert.Throws<CandorFormatException>(() => StealthReader.Read(image));
        Assert.Contains("10000 bits", e.Message);
    }

    [Fact]
    public void Corrupt_gzip_is_a_format_error()
    {
        var image = Embed(40, 40, "stealth_pngcomp", [0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7]);
        Assert.Throws<CandorFormatException>(() => StealthReader.Read(image));
    }

    [Fact]
    public void An_image_without_alpha_is_not_read_in_alpha_mode()
    {
        var image = Embed(40, 40, "stealth_pnginfo", "x"u8.ToArray());
        var opaque = new RgbaImage(40, 40, image.Pixels, hasAlpha: false);
        Assert.NotNull(StealthReader.Read(image));
        Assert.Null(StealthReader.Read(opaque));
    }

    [Fact]
    public void Random_images_have_no_stealth_copy_and_never_throw()
    {
        var images = Gen.Choose(1, 40).Two().SelectMany(size => Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf(size.Item1 * size.Item2 * 4)
            .Zip(Gen.Elements(true, false)).Select(p => new RgbaImage(size.Item1, size.Item2, p.Item1, p.Item2)));
        Prop.ForAll(images.ToArbitrary(), image => StealthReader.Read(image) is null)
            .Check(Config.QuickThrowOnFailure.WithMaxTest(200));
    }

    [Fact]
    public void Damaged_stealth_copies_only_raise_format_errors()
    {
        var original = Embed(24, 24, "stealth_pngcomp", Gzip("prompt, Steps: 20, Seed: 1"));
        var flips = Gen.Choose(0, original.Pixels.Length - 1).ArrayOf();
        Prop.ForAll(flips.ToArbitrary(), at =>
        {
            var pixels = (byte[])original.Pixels.Clone();
            foreach (var i in at) pixels[i] ^= 1;
            try
            {
                StealthReader.Read(new RgbaImage(24, 24, pixels, true));
            }
            catch (CandorFormatException)
            {
            }
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }
}
