using Candor.C2pa.Validation;
using Candor.Disclose;
using Candor.Formats;
using Candor.Imaging.Webp;
using Xunit.Abstractions;

namespace Candor.Tests.Disclose;

public class XmpWriterCorpusTests(ITestOutputHelper output)
{
    /// <summary>Blocks the writer may change: the XMP itself, and for WebP the RIFF header and VP8X.</summary>
    private static bool IsXmpOrHeader(string format, ContainerBlock b) => format switch
    {
        "JPEG" => b.Type == "APP1" && b.Label is "XMP" or "ExtendedXMP",
        "PNG" => b.Type == "iTXt" && b.Label == "XMP",
        "WebP" => b.Type is "XMP " or "VP8X" or "RIFF",
        _ => false,
    };

    [SkippableFact]
    public void Every_corpus_image_keeps_all_other_blocks_byte_identical_and_reads_back_the_disclosure()
    {
        var files = DisclosureSamples.CorpusImages();
        Assert.NotEmpty(files);
        var written = 0;
        foreach (var file in files)
        {
            var input = File.ReadAllBytes(file);
            byte[] result;
            try
            {
                result = XmpWriter.Apply(input, DisclosureSamples.Content);
            }
            catch (CandorFormatException e)
            {
                // Only damaged files may be refused: the reader must see the same damage.
                output.WriteLine($"refused {Path.GetRelativePath(Corpus.RootOrNull!, file)}: {e.Describe()}");
                var scan = TryScan(input);
                Assert.True(scan is null || scan.Problems.Count > 0 || e.Message.Contains("XMP", StringComparison.Ordinal),
                    $"{file}: refused a file the reader finds intact: {e.Describe()}");
                continue;
            }
            written++;
            var before = ContainerRegistry.Scan(new MemoryStream(input, writable: false));
            var after = ContainerRegistry.Scan(new MemoryStream(result, writable: false));
            var kept = before.Blocks.Where(b => !IsXmpOrHeader(before.Format, b)).ToList();
            var keptAfter = after.Blocks.Where(b => !IsXmpOrHeader(after.Format, b)).ToList();
            Assert.Equal(kept.Select(b => (b.Type, b.Length)), keptAfter.Select(b => (b.Type, b.Length)));
            for (var i = 0; i < kept.Count; i++)
                Assert.True(input.AsSpan((int)kept[i].Offset, (int)kept[i].Length).SequenceEqual(result.AsSpan((int)keptAfter[i].Offset, (int)keptAfter[i].Length)),
                    $"{file}: block {kept[i].Type} at {kept[i].Offset} changed");
            var endBefore = before.Blocks[^1].Offset + before.Blocks[^1].Length;
            var endAfter = after.Blocks[^1].Offset + after.Blocks[^1].Length;
            Assert.True(input.AsSpan((int)endBefore).SequenceEqual(result.AsSpan((int)endAfter)), $"{file}: bytes after the last block changed");
            Assert.True(after.Problems.Count <= before.Problems.Count, $"{file}: new problems: {string.Join("; ", after.Problems.Except(before.Problems))}");
            if (after.Format == "WebP") AssertWebpHeader(input, before, result, after, file);

            DisclosureSamples.AssertCarriesContent(result, file);
            Assert.True(result.AsSpan().SequenceEqual(XmpWriter.Apply(result, DisclosureSamples.Content)), $"{file}: a second application changed the bytes");
        }
        output.WriteLine($"{written} of {files.Count} corpus images written");
        Assert.True(written >= files.Count * 9 / 10, $"only {written} of {files.Count} corpus images could be written");
    }

    [SkippableFact]
    public void Still_webp_outputs_decode_to_the_same_pixels()
    {
        var decoded = 0;
        foreach (var file in DisclosureSamples.CorpusImages().Where(f => f.EndsWith(".webp", StringComparison.OrdinalIgnoreCase)))
        {
            var input = File.ReadAllBytes(file);
            if (ContainerRegistry.Scan(new MemoryStream(input, writable: false)).Blocks.Any(b => b.Type == "ANMF")) continue;
            decoded++;
            var result = XmpWriter.Apply(input, DisclosureSamples.Content);
            var a = WebpDecoder.Decode(input);
            var b = WebpDecoder.Decode(result);
            Assert.Equal((a.Width, a.Height), (b.Width, b.Height));
            Assert.True(a.Pixels.AsSpan().SequenceEqual(b.Pixels), $"{file}: pixels differ after the rewrite");
        }
        Assert.True(decoded > 0, "no still WebP in the corpus");
    }

    [SkippableFact]
    public void C2pa_hashed_uris_still_validate_while_the_data_hash_breaks()
    {
        var files = DisclosureSamples.CorpusImages().Where(f => f.Contains($"{Path.DirectorySeparatorChar}c2pa{Path.DirectorySeparatorChar}", StringComparison.Ordinal)).ToList();
        var checkedStores = 0;
        var brokenBindings = 0;
        foreach (var file in files)
        {
            var input = File.ReadAllBytes(file);
            var scan = TryScan(input);
            if (scan is null || !scan.Payloads.Any(p => p.Kind == PayloadKind.C2pa)) continue;
            byte[] result;
            try { result = XmpWriter.Apply(input, DisclosureSamples.Content); }
            catch (CandorFormatException) { continue; }
            var before = C2paValidator.Validate(new MemoryStream(input, writable: false));
            var after = C2paValidator.Validate(new MemoryStream(result, writable: false));
            if (before.Store is null) continue;
            checkedStores++;
            static IEnumerable<string> HashedUris(C2paValidationResult r) => r.Statuses
                .Where(s => s.Code.Contains("hashedURI", StringComparison.Ordinal)).Select(s => $"{s.Code} {s.Url}").Order(StringComparer.Ordinal);
            Assert.Equal(HashedUris(before), HashedUris(after));
            Assert.NotNull(after.Store);
            if (after.Statuses.Any(s => s.Code == C2paStatusCodes.DataHashMismatch) && !before.Statuses.Any(s => s.Code == C2paStatusCodes.DataHashMismatch))
                brokenBindings++;
        }
        output.WriteLine($"{checkedStores} C2PA files checked; the data hash broke in {brokenBindings}");
        Assert.True(checkedStores > 0, "no C2PA file in the corpus could be checked");
    }

    private static ContainerScan? TryScan(byte[] bytes)
    {
        try { return ContainerRegistry.Scan(new MemoryStream(bytes, writable: false)); }
        catch (CandorFormatException) { return null; }
    }

    private static void AssertWebpHeader(byte[] input, ContainerScan before, byte[] result, ContainerScan after, string file)
    {
        Assert.Equal((uint)(result.Length - 8), BitConverter.ToUInt32(result, 4));
        var vp8x = after.Blocks.Single(b => b.Type == "VP8X");
        Assert.True((result[vp8x.DataOffset] & 0x04) != 0, $"{file}: VP8X XMP flag not set");
        Assert.Equal((before.Width, before.Height), (after.Width, after.Height));
        var old = before.Blocks.FirstOrDefault(b => b.Type == "VP8X");
        if (old is not null)
        {
            Assert.Equal(input[old.DataOffset] | 0x04, result[vp8x.DataOffset]);
            Assert.True(input.AsSpan((int)old.DataOffset + 1, 9).SequenceEqual(result.AsSpan((int)vp8x.DataOffset + 1, 9)), $"{file}: VP8X canvas changed");
        }
    }
}
