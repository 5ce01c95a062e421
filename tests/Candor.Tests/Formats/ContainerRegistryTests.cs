using Candor.Formats;
using Candor.Metadata;
using FsCheck;
using FsCheck.Fluent;
using static Candor.Tests.Formats.SyntheticImages;

namespace Candor.Tests.Formats;

public class ContainerRegistryTests
{
    [Fact]
    public void Unknown_format_is_a_format_error_naming_the_first_bytes()
    {
        var ex = Assert.Throws<CandorFormatException>(() => ContainerRegistry.Scan(new MemoryStream([0x4D, 0x5A, 0x90, 0x00, 3, 0, 0, 0])));
        Assert.Equal("not a supported image format (starts with 4D 5A 90 00 …)", ex.Message);
    }

    [Theory]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, "PNG")]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, "JPEG")]
    [InlineData(new byte[] { 0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50 }, "WebP")]
    [InlineData(new byte[] { 0x49, 0x49, 0x2A, 0x00 }, "TIFF")]
    [InlineData(new byte[] { 0x4D, 0x4D, 0x00, 0x2A }, "TIFF")]
    [InlineData(new byte[] { 0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x61, 0x76, 0x69, 0x66, 0, 0, 0, 0 }, "HEIF")]
    [InlineData(new byte[] { 0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x6D, 0x70, 0x34, 0x32, 0, 0, 0, 0, 0x68, 0x65, 0x69, 0x63 }, "HEIF")]
    [InlineData(new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61 }, "GIF")]
    public void Detect_recognises_each_signature(byte[] head, string name) =>
        Assert.Equal(name, ContainerRegistry.Detect(head)?.Name);

    [Fact]
    public void Mp4_without_a_heif_brand_is_not_detected() =>
        Assert.Null(ContainerRegistry.Detect([0, 0, 0, 0x14, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6F, 0x6D, 0, 0, 0, 0, 0x6D, 0x70, 0x34, 0x31]));

    [Fact]
    public void Gif_comment_extension_becomes_a_gif_comment_field()
    {
        byte[] gif = [.. "GIF89a"u8, 7, 0, 5, 0, 0, 0, 0, 0x21, 0xFE, 5, .. "hello"u8, 0, 0x3B];
        var scan = ContainerRegistry.Scan(new MemoryStream(gif));
        Assert.Equal("GIF", scan.Format);
        var comment = Assert.Single(scan.Fields, f => f.Group == FieldGroups.GifComment);
        Assert.Equal("hello", comment.Value);
        Assert.Contains(scan.Fields, f => f.Group.StartsWith(FieldGroups.ExtractorPrefix, StringComparison.Ordinal));
        Assert.Equal(7, scan.Width);
        Assert.Equal(5, scan.Height);
    }

    [Fact]
    public void Tiff_tags_become_extractor_fields_and_give_the_size()
    {
        byte[] tiff =
        [
            .. "II*\0"u8, 8, 0, 0, 0, 3, 0,
            0x00, 0x01, 3, 0, 1, 0, 0, 0, 10, 0, 0, 0,
            0x01, 0x01, 3, 0, 1, 0, 0, 0, 20, 0, 0, 0,
            0x31, 0x01, 2, 0, 4, 0, 0, 0, (byte)'A', (byte)'B', (byte)'C', 0,
            0, 0, 0, 0,
        ];
        var scan = ContainerRegistry.Scan(new MemoryStream(tiff));
        Assert.Equal("TIFF", scan.Format);
        Assert.Equal(10, scan.Width);
        Assert.Equal(20, scan.Height);
        Assert.Contains(scan.Fields, f => f.Group == FieldGroups.ExtractorPrefix + "Exif IFD0" && f.Name == "Software" && f.Value == "ABC");
    }

    [Fact]
    public void Broken_tiff_is_only_ever_a_format_error_or_a_result()
    {
        byte[] tiff = [.. "MM\0*"u8, 0xFF, 0xFF, 0xFF, 0x00, 1, 2];
        var ex = Record.Exception(() => ContainerRegistry.Scan(new MemoryStream(tiff)));
        Assert.True(ex is null or CandorFormatException, ex?.GetType().Name);
    }

    public static TheoryData<string> SmallCorpusFiles => new()
    {
        "generators/a1111/automatic1111_cropped.png",
        "generators/novelai/novelai1_cropped.png",
        "generators/a1111/automatic1111_cropped.jpg",
        "generators/sdnext/DeepFloyd--IF-I-M-v1.0.jpg",
        "generators/comfyui/img2img_cropped.png",
    };

    [SkippableTheory]
    [MemberData(nameof(SmallCorpusFiles))]
    public void Truncation_at_every_97th_byte_gives_a_result_or_a_format_error(string relative)
    {
        var bytes = File.ReadAllBytes(Corpus.Path(relative));
        var results = 0;
        var errors = 0;
        for (var cut = 0; cut < bytes.Length; cut += 97)
        {
            try
            {
                ContainerRegistry.Scan(new MemoryStream(bytes, 0, cut));
                results++;
            }
            catch (CandorFormatException)
            {
                errors++;
            }
        }
        Assert.True(errors > 0, "cutting a file short should be noticed at least once");
        Assert.Equal((bytes.Length + 96) / 97, results + errors);
    }

    [SkippableFact]
    public void Truncated_webp_gives_a_result_or_a_format_error()
    {
        var bytes = File.ReadAllBytes(Corpus.Path("generators/a1111/sd-webui.webp"));
        var errors = 0;
        for (var cut = 0; cut < bytes.Length; cut += 97 * 41)
        {
            try { ContainerRegistry.Scan(new MemoryStream(bytes, 0, cut)); }
            catch (CandorFormatException) { errors++; }
        }
        Assert.True(errors > 0);
    }

    /// <summary>One random edit of a file: flip a bit, insert or delete bytes, or cut the end off.</summary>
    public sealed record Mutation(int Kind, int Position, byte Value, int Count)
    {
        public byte[] Apply(byte[] source)
        {
            var pos = Position % Math.Max(1, source.Length);
            return Kind switch
            {
                0 => Flip(source, pos),
                1 => [.. source[..pos], .. Enumerable.Repeat(Value, Count), .. source[pos..]],
                2 => [.. source[..pos], .. source[Math.Min(source.Length, pos + Count)..]],
                _ => source[..pos],
            };
        }

        private byte[] Flip(byte[] source, int pos)
        {
            var copy = (byte[])source.Clone();
            if (copy.Length > 0) copy[pos] ^= (byte)(1 << (Value & 7));
            return copy;
        }
    }

    private static readonly Gen<Mutation> Mutations =
        from kind in Gen.Choose(0, 3)
        from position in Gen.Choose(0, int.MaxValue - 1)
        from value in Gen.Choose(0, 255)
        from count in Gen.Choose(1, 64)
        select new Mutation(kind, position, (byte)value, count);

    [SkippableFact]
    public void Random_mutations_of_small_corpus_files_raise_only_format_errors()
    {
        string[] files =
        [
            "generators/a1111/automatic1111_cropped.png",
            "generators/novelai/novelai1_cropped.png",
            "generators/a1111/automatic1111_cropped.jpg",
            "generators/sdnext/DeepFloyd--IF-I-M-v1.0.jpg",
            "generators/invokeai/invokeai_imeta1.png",
        ];
        var sources = files.Select(f => File.ReadAllBytes(Corpus.Path(f))).ToArray();
        var webp = Webp(0, Vp8l(3, 3, true), RiffChunk("EXIF", "Exif\0\0MM\0*"u8), RiffChunk("XMP ", "<x/>"u8));
        byte[] gif = [.. "GIF89a"u8, 7, 0, 5, 0, 0, 0, 0, 0x21, 0xFE, 5, .. "hello"u8, 0, 0x3B];
        byte[] tiff = [.. "II*\0"u8, 8, 0, 0, 0, 1, 0, 0x31, 0x01, 2, 0, 4, 0, 0, 0, (byte)'A', (byte)'B', (byte)'C', 0, 0, 0, 0, 0];
        sources = [.. sources, webp, gif, tiff];
        var gen = from index in Gen.Choose(0, sources.Length - 1)
                  from edits in Gen.ListOf(Mutations).Select(l => l.Take(4).ToArray())
                  select (index, edits);
        Prop.ForAll(Arb.From(gen), input =>
        {
            var bytes = sources[input.index];
            foreach (var edit in input.edits) bytes = edit.Apply(bytes);
            try
            {
                ContainerRegistry.Scan(new MemoryStream(bytes));
            }
            catch (CandorFormatException)
            {
            }
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(400));
    }
}
