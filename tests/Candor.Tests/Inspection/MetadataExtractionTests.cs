using Candor.Formats;
using Candor.Inspection;
using Candor.Metadata;
using Candor.Provenance;
using Candor.Tests.Metadata;

namespace Candor.Tests.Inspection;

public class MetadataExtractionTests
{
    [Fact]
    public void Payload_fields_and_container_fields_come_in_file_order_and_bad_payloads_become_problems()
    {
        var b = new TiffBuilder(true);
        var exif = b.Build(new TiffBuilder.Ifd().Ascii(0x0131, "Candor"));
        var scan = new ContainerScan { ImageFormat = ImageFormat.Jpeg, Format = "JPEG", MimeType = "image/jpeg" };
        scan.Fields.Add(new MetadataField(FieldGroups.JpegComment, "Comment", "late comment", new Evidence("JPEG COM", Offset: 5000)));
        scan.Fields.Add(new MetadataField(FieldGroups.JpegComment, "Comment", "early comment", new Evidence("JPEG COM", Offset: 2)));
        scan.Payloads.Add(new RawPayload(PayloadKind.Exif, exif, new Evidence("APP1", Offset: 30)));
        scan.Payloads.Add(new RawPayload(PayloadKind.Xmp, "<not xmp"u8.ToArray(), new Evidence("APP1", Offset: 1234)));
        scan.Payloads.Add(new RawPayload(PayloadKind.Iptc, [0x1C, 2, 5, 0, 1, (byte)'T'], new Evidence("APP13", Offset: 3000)));
        scan.Payloads.Add(new RawPayload(PayloadKind.C2pa, [1, 2, 3], new Evidence("APP11", Offset: 4000)));

        var m = MetadataExtraction.Extract(scan);

        Assert.Equal(["early comment", "Candor", "T", "late comment"], m.Fields.Select(f => f.Value));
        Assert.Equal(30 + 10, m.Fields[1].Evidence.Offset);
        var problem = Assert.Single(m.Problems);
        Assert.StartsWith("XMP in APP1 @ 1234: ", problem);
    }
}
