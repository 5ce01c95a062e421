using System.Text;
using Candor.Formats;
using Candor.Metadata.Exif;
using Candor.Metadata.Iptc;
using Candor.Metadata.Xmp;
using Candor.Provenance;
using FsCheck;
using FsCheck.Fluent;

namespace Candor.Tests.Metadata;

public class MetadataPropertyTests
{
    private static readonly Evidence Source = new("property", Offset: 0);

    public sealed record Edit(int Kind, int Position, byte Value, int Count)
    {
        public byte[] Apply(byte[] input)
        {
            if (input.Length == 0) return [Value];
            var at = Position % input.Length;
            var copy = input.ToArray();
            switch (Kind)
            {
                case 0: copy[at] = Value; return copy;
                case 1: return copy[..at];
                case 2:
                    for (var i = at; i < Math.Min(copy.Length, at + 4); i++) copy[i] = Value;
                    return copy;
                default: return [.. copy[..at], .. Enumerable.Repeat(Value, Count), .. copy[at..]];
            }
        }
    }

    private static readonly Gen<Edit> Edits =
        from kind in Gen.Choose(0, 3)
        from position in Gen.Choose(0, int.MaxValue - 1)
        from value in Gen.Elements<byte>(0, 1, 0x1C, 0x2A, 0x3C, 0x7F, 0x80, 0xFF, 0x49, 0x4D)
        from count in Gen.Choose(1, 32)
        select new Edit(kind, position, value, count);

    private static void MutationsOnlyRaiseFormatErrors(byte[][] seeds, Action<byte[]> read, int tests)
    {
        var gen = from index in Gen.Choose(0, seeds.Length - 1)
                  from edits in Gen.ListOf(Edits).Select(l => l.Take(6).ToArray())
                  select (index, edits);
        Prop.ForAll(Arb.From(gen), input =>
        {
            var bytes = seeds[input.index];
            foreach (var edit in input.edits) bytes = edit.Apply(bytes);
            try { read(bytes); }
            catch (CandorFormatException) { }
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(tests));
    }

    private static byte[] SyntheticExif(bool little)
    {
        var b = new TiffBuilder(little);
        var gps = new TiffBuilder.Ifd().Ascii(0x0001, "N").Raw(0x0002, 5, 3, [.. b.Rational(1, 1), .. b.Rational(2, 1), .. b.Rational(3, 0)]);
        var exif = new TiffBuilder.Ifd().Raw(0x9286, 7, 18, [.. "UNICODE\0"u8.ToArray(), .. Encoding.BigEndianUnicode.GetBytes("Steps")])
            .Raw(0x829A, 5, 1, b.Rational(1, 60));
        exif.Children[0xA005] = new TiffBuilder.Ifd().Ascii(0x0001, "R98");
        var ifd0 = new TiffBuilder.Ifd { Next = new TiffBuilder.Ifd().Raw(0x0201, 4, 1, b.U32(0)) }.Ascii(0x010F, "Make").Raw(0x9C9B, 1, 4, [65, 0, 66, 0]);
        ifd0.Children[0x8769] = exif;
        ifd0.Children[0x8825] = gps;
        return b.Build(ifd0);
    }

    [Fact]
    public void Exif_reader_on_mutated_blocks_only_raises_format_errors()
    {
        byte[][] seeds = [SyntheticExif(true), SyntheticExif(false)];
        var corpus = Corpus.RootOrNull is null ? null : CorpusFiles.Payload(Corpus.Path("generators/civitai/civitai-generator_usercomment.jpg"), PayloadKind.Exif);
        if (corpus is not null) seeds = [.. seeds, corpus.Data];
        MutationsOnlyRaiseFormatErrors(seeds, b => ExifReader.Read(b, Source), 500);
    }

    [Fact]
    public void Exif_reader_on_random_bytes_after_a_header_only_raises_format_errors() =>
        Prop.ForAll(Arb.From(Gen.ArrayOf(Gen.Choose(0, 255).Select(i => (byte)i))), Arb.From(Gen.Elements(true, false)), (tail, little) =>
        {
            byte[] block = [.. (little ? "II*\0"u8.ToArray() : "MM\0*"u8.ToArray()), .. tail];
            try { ExifReader.Read(block, Source); }
            catch (CandorFormatException) { }
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(500));

    [Fact]
    public void Xmp_reader_on_mutated_packets_only_raises_format_errors()
    {
        var packet = Encoding.UTF8.GetBytes("""
            <?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
            <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" Iptc4xmpExt:DigitalSourceType="http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture">
            <dc:title><rdf:Alt><rdf:li xml:lang="x-default">T</rdf:li></rdf:Alt></dc:title><dc:subject><rdf:Bag><rdf:li>a</rdf:li></rdf:Bag></dc:subject>
            </rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>
            """);
        MutationsOnlyRaiseFormatErrors([packet], b => XmpReader.Read(b, Source), 300);
    }

    [Fact]
    public void Iptc_reader_on_mutated_and_random_datasets_only_raises_format_errors()
    {
        byte[] iim = [0x1C, 1, 90, 0, 3, 0x1B, 0x25, 0x47, 0x1C, 2, 0, 0, 2, 0, 4, 0x1C, 2, 5, 0, 3, (byte)'a', (byte)'b', (byte)'c', 0x1C, 2, 120, 0x80, 2, 0, 1, (byte)'z'];
        MutationsOnlyRaiseFormatErrors([iim], b => IptcReader.Read(b, Source), 500);
        Prop.ForAll(Arb.From(Gen.ArrayOf(Gen.Elements<byte>(0x1C, 0x80, 0xFF, 0, 2, 5, 0x7F))), bytes =>
        {
            try { IptcReader.Read(bytes, Source); }
            catch (CandorFormatException) { }
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(500));
    }
}
