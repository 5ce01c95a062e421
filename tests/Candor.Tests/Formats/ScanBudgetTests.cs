using Candor.Formats;
using Candor.Inspection;
using Candor.Metadata;
using static Candor.Tests.Formats.SyntheticImages;

namespace Candor.Tests.Formats;

public class ScanBudgetTests
{
    private const int ChunkText = 7 << 20;

    /// <summary>
    /// The file of the hardening issue: 200 zTXt chunks that each inflate to 7 MiB, just under the 8 MiB per-chunk cap,
    /// in about 1.4 MB. One compressed body is shared by every chunk, so building it costs one 7 MiB deflate.
    /// </summary>
    private static byte[] ZtxtFlood(int chunks, params byte[][] after)
    {
        var body = Zlib(new byte[ChunkText]);
        var parts = Enumerable.Range(0, chunks).Select(i => Chunk("zTXt", Join(Latin1($"Comment{i}\0\0"), body)));
        return Png([.. parts, .. after]);
    }

    [Fact]
    public void Many_ztxt_chunks_under_the_per_chunk_cap_stop_at_the_scan_budget()
    {
        var file = ZtxtFlood(200);
        var scan = ContainerRegistry.Scan(new MemoryStream(file));
        // 64 MiB holds nine 7 MiB texts; the tenth runs out of budget mid-inflate and, like the 190 after it, is skipped.
        Assert.Equal(9, scan.Fields.Count(f => f.Group == FieldGroups.PngZText));
        Assert.InRange(scan.Budget.Used, 9L * ChunkText, scan.Budget.Limit);
        Assert.Equal(191, scan.Budget.Skipped["PNG zTXt chunk"]);
        Assert.Contains("decompression budget of 64 MiB reached: 191 PNG zTXt chunks not decoded", scan.Problems);
        Assert.Equal("IEND", scan.Blocks[^1].Type);
    }

    [Fact]
    public void Inspect_completes_with_a_finding_that_names_what_the_budget_left_out()
    {
        var report = new Inspector().Inspect(new MemoryStream(ZtxtFlood(200)), "flood.png");
        Assert.Null(report.Error);
        Assert.Contains(report.Findings, f => f.Code == "container-anomaly" && f.Message.Contains("decompression budget of 64 MiB reached: 191 PNG zTXt chunks"));
    }

    [Fact]
    public void Budget_counts_kept_text_too_and_a_smaller_budget_is_honoured()
    {
        var file = Png(Chunk("tEXt", Latin1("a\0" + new string('x', 600))), Chunk("tEXt", Latin1("b\0" + new string('y', 600))));
        var scan = new Candor.Formats.Png.PngFormat().Scan(new MemoryStream(file), new ScanOptions { MaxTotalBytes = 1000 });
        Assert.Equal("a", Assert.Single(scan.Fields).Name);
        Assert.Equal(600, scan.Budget.Used);
        Assert.Equal("decompression budget of 1000 bytes reached: 1 PNG tEXt chunk not decoded", scan.Budget.Summary);
    }

    [Fact]
    public void Files_within_the_budget_report_no_budget_problem()
    {
        var scan = ContainerRegistry.Scan(new MemoryStream(ZtxtFlood(2)));
        Assert.Equal(2, scan.Fields.Count);
        Assert.Equal(2L * ChunkText, scan.Budget.Used);
        Assert.Null(scan.Budget.Summary);
        Assert.DoesNotContain(scan.Problems, p => p.Contains("budget"));
    }
}
