using Candor.Inspection;
using Candor.Provenance;

namespace Candor.Tests.Inspection;

public class InspectorFindingsTests
{
    private static readonly Inspector Inspector = new();

    [SkippableFact]
    public void A_crc_mismatch_is_a_container_anomaly_and_the_file_is_still_explained()
    {
        var report = Inspector.Inspect(Corpus.Path("c2pa/png/gen-png-tampered-signature.png"));
        Assert.Null(report.Error);
        var f = Assert.Single(report.Findings, f => f.Code == "container-anomaly");
        Assert.Equal(FindingSeverity.Warning, f.Severity);
        Assert.Contains("CRC mismatch", f.Message);
        Assert.NotNull(report.Disclosure.C2pa);
    }

    [SkippableFact]
    public void Bytes_after_the_jpeg_end_are_reported_with_their_offset()
    {
        var report = Inspector.Inspect(Corpus.Path("pdq/reg-test-input/exif-rotn/exif-rotn-1.jpg"));
        var f = Assert.Single(report.Findings, f => f.Code == "container-anomaly");
        Assert.Contains("after the EOI marker", f.Message);
        Assert.DoesNotContain(report.Findings, f => f.Severity == FindingSeverity.Error);
    }
}
