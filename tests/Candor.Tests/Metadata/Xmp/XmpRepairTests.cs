using System.Text;
using Candor.Disclose;
using Candor.Inspection;
using Candor.Metadata.Xmp;
using Candor.Provenance;
using Candor.Tests.Disclose;
using Candor.Tests.Formats;

namespace Candor.Tests.Metadata.Xmp;

/// <summary>
/// Packets of the shapes photo tools write and XmpCore refuses (see REALWORLD.md for the real files):
/// built here so that they are always checked, with or without the Debian wallpapers installed.
/// </summary>
public class XmpRepairTests
{
    private static readonly Evidence Source = new("JPEG APP1 XMP", Offset: 20);

    private const string Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

    private static string Packet(string descriptions, char quote = '"') =>
        $"<?xpacket begin={quote}\uFEFF{quote} id={quote}W5M0MpCehiHzreSzNTczkc9d{quote}?>\n" +
        $"<x:xmpmeta xmlns:x={quote}adobe:ns:meta/{quote}>\n<rdf:RDF xmlns:rdf={quote}{Rdf}{quote}>\n{descriptions}\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end={quote}w{quote}?>";

    /// <summary>Capture One's shape: one rdf:Description per namespace, a property repeated in its block and again in another.</summary>
    private static readonly string TwoDescriptions = Packet("""
         <rdf:Description rdf:about="" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/">
          <photoshop:LegacyIPTCDigest>DAE65D55D312A812D66EBE88890FBEB4</photoshop:LegacyIPTCDigest>
          <photoshop:DateCreated>2015-09-06T18:46:57</photoshop:DateCreated>
         </rdf:Description>
         <rdf:Description rdf:about="" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
          <photoshop:LegacyIPTCDigest>DAE65D55D312A812D66EBE88890FBEB4</photoshop:LegacyIPTCDigest>
          <dc:creator><rdf:Seq><rdf:li>Risto</rdf:li></rdf:Seq></dc:creator>
          <dc:rights><rdf:Alt><rdf:li xml:lang="x-default">CC BY-SA</rdf:li></rdf:Alt></dc:rights>
         </rdf:Description>
        """);

    private static XmpReadResult Read(string xml) => XmpReader.Read(Encoding.UTF8.GetBytes(xml), Source);

    private static Dictionary<string, string> Fields(XmpReadResult r) => r.Fields.ToDictionary(f => f.Name, f => f.Value);

    [Fact]
    public void XmpCore_alone_refuses_the_repeated_property()
    {
        var e = Assert.ThrowsAny<Exception>(() => XmpCore.XmpMetaFactory.ParseFromString(TwoDescriptions));
        Assert.Contains("Duplicate property", e.Message);
    }

    [Fact]
    public void A_property_repeated_in_two_descriptions_is_read_once_and_every_other_property_is_kept()
    {
        var r = Read(TwoDescriptions);
        var fields = Fields(r);
        Assert.Equal("DAE65D55D312A812D66EBE88890FBEB4", fields["photoshop:LegacyIPTCDigest"]);
        Assert.Equal("2015-09-06T18:46:57", fields["photoshop:DateCreated"]);
        Assert.Equal("Risto", fields["dc:creator[1]"]);
        Assert.Equal("CC BY-SA", fields["dc:rights"]);
        Assert.Single(r.Fields, f => f.Name == "photoshop:LegacyIPTCDigest");
        Assert.Equal(["photoshop:LegacyIPTCDigest is written twice with the same value; the repeat was dropped"], r.Repairs);
        Assert.Empty(r.Problems);
    }

    [Fact]
    public void A_repeat_with_another_value_keeps_the_first_and_names_both()
    {
        var r = Read(Packet("""
             <rdf:Description rdf:about="" xmlns:exif="http://ns.adobe.com/exif/1.0/">
              <exif:XResolution>300</exif:XResolution>
              <exif:Software>Capture One 8 Windows</exif:Software>
              <exif:XResolution>72</exif:XResolution>
             </rdf:Description>
            """));
        Assert.Equal("300", Fields(r)["exif:XResolution"]);
        Assert.Equal("Capture One 8 Windows", Fields(r)["exif:Software"]);
        var note = Assert.Single(r.Repairs);
        Assert.Contains("\"300\" was kept", note);
        Assert.Contains("\"72\" dropped", note);
    }

    [Fact]
    public void Single_quoted_attributes_are_read()
    {
        var r = Read(Packet("""
             <rdf:Description rdf:about='' xmlns:aux='http://ns.adobe.com/exif/1.0/aux/' xmlns:xmp='http://ns.adobe.com/xap/1.0/' xmp:Rating='5'>
              <aux:Lens>OLYMPUS M.7-14mm F2.8</aux:Lens>
             </rdf:Description>
            """, quote: '\''));
        Assert.Equal("OLYMPUS M.7-14mm F2.8", Fields(r)["aux:Lens"]);
        Assert.Equal("5", Fields(r)["xmp:Rating"]);
        Assert.Empty(r.Repairs);
    }

    [Fact]
    public void Single_quoted_packets_with_a_repeat_are_repaired_too()
    {
        var r = Read(Packet("""
             <rdf:Description rdf:about='' xmlns:xmp='http://ns.adobe.com/xap/1.0/' xmp:Rating='5'>
              <xmp:Rating>4</xmp:Rating>
             </rdf:Description>
            """, quote: '\''));
        Assert.Equal("5", Fields(r)["xmp:Rating"]);
        Assert.Contains("xmp:Rating is written twice; the first value \"5\" was kept and \"4\" dropped", Assert.Single(r.Repairs));
    }

    [Fact]
    public void A_field_repeated_inside_a_struct_is_merged_within_that_struct_only()
    {
        var r = Read(Packet("""
             <rdf:Description rdf:about="" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/" xmlns:stEvt="http://ns.adobe.com/xap/1.0/sType/ResourceEvent#">
              <xmpMM:History><rdf:Seq>
               <rdf:li rdf:parseType="Resource"><stEvt:action>saved</stEvt:action><stEvt:softwareAgent>Lightroom</stEvt:softwareAgent><stEvt:action>derived</stEvt:action></rdf:li>
               <rdf:li rdf:parseType="Resource"><stEvt:action>saved</stEvt:action></rdf:li>
              </rdf:Seq></xmpMM:History>
             </rdf:Description>
            """));
        var fields = Fields(r);
        Assert.Equal("saved", fields["xmpMM:History[1]/stEvt:action"]);
        Assert.Equal("Lightroom", fields["xmpMM:History[1]/stEvt:softwareAgent"]);
        Assert.Equal("saved", fields["xmpMM:History[2]/stEvt:action"]);
        Assert.Contains("stEvt:action", Assert.Single(r.Repairs));
    }

    [Fact]
    public void A_repeated_struct_in_another_description_keeps_the_first_struct()
    {
        var r = Read(Packet("""
             <rdf:Description rdf:about="" xmlns:Iptc4xmpCore="http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/">
              <Iptc4xmpCore:CreatorContactInfo rdf:parseType="Resource"><Iptc4xmpCore:CiEmailWork>a@example.org</Iptc4xmpCore:CiEmailWork></Iptc4xmpCore:CreatorContactInfo>
             </rdf:Description>
             <rdf:Description rdf:about="" xmlns:Iptc4xmpCore="http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/">
              <Iptc4xmpCore:CreatorContactInfo rdf:parseType="Resource"><Iptc4xmpCore:CiEmailWork>b@example.org</Iptc4xmpCore:CiEmailWork></Iptc4xmpCore:CreatorContactInfo>
             </rdf:Description>
            """));
        Assert.Equal("a@example.org", Fields(r)["Iptc4xmpCore:CreatorContactInfo/Iptc4xmpCore:CiEmailWork"]);
        Assert.Contains("b@example.org", Assert.Single(r.Repairs));
    }

    [Fact]
    public void A_packet_that_stays_invalid_after_the_repair_is_still_a_format_error()
    {
        // rdf:li outside an array is refused by XmpCore for another reason than a repeat.
        var bad = Packet("""
             <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
              <xmp:Rating>5</xmp:Rating><xmp:Rating>4</xmp:Rating>
              <rdf:li>stray</rdf:li>
             </rdf:Description>
            """);
        var e = Assert.Throws<CandorFormatException>(() => Read(bad));
        Assert.Contains("could not be parsed", e.Message);
    }

    [Fact]
    public void A_repeated_property_beside_a_dtd_is_still_refused_before_any_parsing()
    {
        var hostile = "<!DOCTYPE x [<!ENTITY a \"aaaa\">]>" + TwoDescriptions[TwoDescriptions.IndexOf("<x:xmpmeta", StringComparison.Ordinal)..];
        Assert.Contains("DOCTYPE", Assert.Throws<CandorFormatException>(() => Read(hostile)).Message);
    }

    [Fact]
    public void Disclose_merges_into_a_repaired_packet_and_reports_what_it_dropped()
    {
        var merged = DisclosurePacket.MergeReporting(Encoding.UTF8.GetBytes(TwoDescriptions), DisclosureSamples.Content);
        Assert.Equal(["photoshop:LegacyIPTCDigest is written twice with the same value; the repeat was dropped"], merged.Repairs);

        // The written packet is one XmpCore reads without any repair, and it keeps the photo's properties.
        XmpCore.XmpMetaFactory.ParseFromBuffer(merged.Packet);
        var back = XmpReader.Read(merged.Packet, Source);
        Assert.Empty(back.Repairs);
        var fields = Fields(back);
        Assert.Equal("DAE65D55D312A812D66EBE88890FBEB4", fields["photoshop:LegacyIPTCDigest"]);
        Assert.Equal("Risto", fields["dc:creator[1]"]);
        Assert.Equal(DisclosureSamples.SourceType, fields["Iptc4xmpExt:DigitalSourceType"]);
        Assert.Equal(merged.Packet, DisclosurePacket.Merge(Encoding.UTF8.GetBytes(TwoDescriptions), DisclosureSamples.Content));
    }

    [Fact]
    public void Disclosing_a_file_reports_the_repair_in_the_outcome_and_its_json()
    {
        var xmp = Encoding.UTF8.GetBytes("http://ns.adobe.com/xap/1.0/\0" + TwoDescriptions);
        var folder = Directory.CreateTempSubdirectory("candor-repair-");
        try
        {
            var file = Path.Combine(folder.FullName, "repeat.jpg");
            File.WriteAllBytes(file, SyntheticImages.Jpeg([1, 2, 3], SyntheticImages.Segment(0xE1, xmp)));
            var outcome = Discloser.Apply(file, new DisclosureRequest { SourceTypeCode = "trainedAlgorithmicMedia" });
            Assert.Equal(DisclosureStatus.Written, outcome.Status);
            Assert.Equal(["photoshop:LegacyIPTCDigest is written twice with the same value; the repeat was dropped"], outcome.XmpRepairs);

            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var w = new System.Text.Json.Utf8JsonWriter(buffer)) Discloser.WriteJson(w, outcome);
            using var json = System.Text.Json.JsonDocument.Parse(buffer.WrittenMemory);
            Assert.Contains("LegacyIPTCDigest", json.RootElement.GetProperty("xmp_repairs")[0].GetString());

            // Written once, the packet is sound: a second disclosure has nothing to repair.
            Assert.Empty(Discloser.Apply(file, new DisclosureRequest { SourceTypeCode = "trainedAlgorithmicMedia" }).XmpRepairs);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Inspect_reports_the_repair_as_a_warning_and_reads_the_packet()
    {
        var xmp = Encoding.UTF8.GetBytes("http://ns.adobe.com/xap/1.0/\0" + TwoDescriptions);
        var jpeg = SyntheticImages.Jpeg([1, 2, 3], SyntheticImages.Segment(0xE1, xmp));
        var report = new Inspector(new InspectOptions { IncludeRaw = true }).Inspect(new MemoryStream(jpeg), "repeat.jpg");

        Assert.DoesNotContain(report.Findings, f => f.Code == "unreadable-block");
        var repaired = Assert.Single(report.Findings, f => f.Code == "xmp-repaired");
        Assert.Equal(FindingSeverity.Warning, repaired.Severity);
        Assert.Contains("photoshop:LegacyIPTCDigest", repaired.Message);
        Assert.Contains(report.Raw!.Fields, f => f.Name == "dc:rights" && f.Value == "CC BY-SA");
    }
}
