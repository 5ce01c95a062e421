using System.Buffers.Binary;
using Candor.Metadata;
using Candor.Provenance;

namespace Candor.Formats.Jpeg;

/// <summary>
/// The JPEG handler. Reading (this part) goes marker by marker: every segment (and every stretch of entropy-coded data)
/// becomes a <see cref="ContainerBlock"/>; EXIF, XMP (extended XMP merged), IPTC, C2PA JUMBF
/// and ICC payloads are lifted out; COM segments become <see cref="FieldGroups.JpegComment"/> fields.
/// The C2PA store (<c>JpegFormat.C2pa.cs</c>) and the XMP (<c>JpegFormat.Xmp.cs</c>) are written by
/// the other parts.
/// </summary>
/// <remarks>
/// <code>
/// file     = SOI (FF D8) | segment* | EOI (FF D9)
/// segment  = FF [FF fill]* marker u8 | length u16 BE (counts itself, not the marker) | data[length-2]
///            SOI, EOI, TEM and RST0-7 stand alone, without a length
/// SOS      = segment, then entropy-coded data: any bytes, FF written as FF 00, RST0-7 markers between
///            restart intervals; it ends at the next FF xx with xx not 00 and not D0-D7
/// SOFn     = precision u8 | height u16 BE | width u16 BE | components...
/// APP1     = "Exif\0\0" TIFF  |  "http://ns.adobe.com/xap/1.0/\0" XMP  |  extended XMP (see JpegPayloadAssembly)
/// APP2 "ICC_PROFILE\0" · APP11 "JP" JUMBF · APP13 "Photoshop 3.0\0" · COM text
/// </code>
/// Blocks: "ECS" blocks hold entropy-coded data; "Junk" blocks hold bytes between segments that are
/// not a marker. Damage before the first SOS (where the metadata lives) raises
/// <see cref="CandorFormatException"/>; damage after it — truncated scan data, a missing EOI, a cut
/// segment — is recorded in <see cref="ContainerScan.Problems"/> and what was read is returned.
/// Bytes after EOI (e.g. MPF secondary images) are reported as a problem and not walked.
/// </remarks>
public sealed partial class JpegFormat : IContainerFormat
{
    /// <summary>APPn signatures: marker, identifying prefix, block label, and what to do with the bytes after the prefix.</summary>
    private static readonly (byte Marker, byte[] Prefix, string Label, Action<Segment>? Read)[] AppSignatures =
    [
        (0xE1, "Exif\0\0"u8.ToArray(), "EXIF", s => AddPayload(s, PayloadKind.Exif, "JPEG APP1 EXIF")),
        (0xE1, "http://ns.adobe.com/xap/1.0/\0"u8.ToArray(), "XMP", ReadXmp),
        (0xE1, "http://ns.adobe.com/xmp/extension/\0"u8.ToArray(), "ExtendedXMP", s => s.Assembly.ExtendedXmpPart(s.Body, s.Offset, s.Problems)),
        (0xE2, "ICC_PROFILE\0"u8.ToArray(), "ICC", s => s.Assembly.IccPart(s.Body, s.Offset, s.Problems)),
        (0xE2, "MPF\0"u8.ToArray(), "MPF", null),
        (0xEB, "JP"u8.ToArray(), "JUMBF", s => s.Assembly.JumbfPart(s.Body, s.Offset, s.Problems)),
        (0xED, "Photoshop 3.0\0"u8.ToArray(), "IPTC", s => s.Assembly.PhotoshopPart(s.Body, s.Offset)),
        (0xE0, "JFIF\0"u8.ToArray(), "JFIF", null),
        (0xE0, "JFXX\0"u8.ToArray(), "JFXX", null),
        (0xEE, "Adobe"u8.ToArray(), "Adobe", null),
    ];

    private const int EntropyBufferSize = 64 * 1024;

    /// <inheritdoc />
    public ImageFormat ImageFormat => ImageFormat.Jpeg;

    /// <inheritdoc />
    public string Name => "JPEG";

    /// <inheritdoc />
    public string MimeType => "image/jpeg";

    /// <inheritdoc />
    public bool CanWrite => true;

    /// <inheritdoc />
    public bool Matches(ReadOnlySpan<byte> head) => head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF;

    /// <inheritdoc />
    public ContainerScan Scan(Stream stream, ScanOptions options)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(options);
        stream.Position = 0;
        var fileLength = stream.Length;
        Span<byte> two = stackalloc byte[2];
        if (StreamReading.ReadAtMost(stream, two) < 2 || two[0] != 0xFF || two[1] != JpegMarkers.Soi)
            throw new CandorFormatException("not a JPEG file (no SOI marker FF D8)", 0);

        var scan = new ContainerScan { ImageFormat = ImageFormat, Format = Name, MimeType = MimeType, Budget = new ScanBudget(options.MaxTotalBytes) };
        var assembly = new JpegPayloadAssembly(scan, options);
        scan.Blocks.Add(new ContainerBlock { Type = "SOI", Offset = 0, Length = 2, DataOffset = 2, DataLength = 0 });
        var walker = new Walker(stream, fileLength, scan, assembly);
        walker.Run();
        assembly.Finish();
        return scan;
    }

    /// <summary>A JPEG is written only when it has image data (SOS) and ends with EOI.</summary>
    public void CheckWritable(ContainerScan scan, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(stream);
        if (!scan.Blocks.Any(b => b.Type == "EOI"))
            throw new CandorFormatException("the JPEG has no EOI marker: it is truncated", stream.Length, "JPEG", kind: FormatErrorKind.Truncated);
        if (!scan.Blocks.Any(b => b.Type == "SOS"))
            throw new CandorFormatException("the JPEG has no image data (SOS)", stream.Length, "JPEG");
    }

    private static void ReadXmp(Segment s)
    {
        s.Assembly.MainXmp(s.Body);
        AddPayload(s, PayloadKind.Xmp, "JPEG APP1 XMP");
    }

    private static void AddPayload(Segment s, PayloadKind kind, string block) =>
        s.Scan.AddPayload(new RawPayload(kind, s.Body.ToArray(), new Evidence(block, null, null, s.Offset)), $"{block} segment");

    /// <summary>The part of an APPn segment after its signature, handed to the signature's reader.</summary>
    private readonly ref struct Segment(ContainerScan scan, JpegPayloadAssembly assembly, long offset, ReadOnlySpan<byte> body, List<string> problems)
    {
        public ContainerScan Scan { get; } = scan;
        public JpegPayloadAssembly Assembly { get; } = assembly;
        public long Offset { get; } = offset;
        public ReadOnlySpan<byte> Body { get; } = body;
        public List<string> Problems { get; } = problems;
    }

    /// <summary>Walks the segments of one file; holds the walk's position and buffers.</summary>
    private sealed class Walker(Stream stream, long fileLength, ContainerScan scan, JpegPayloadAssembly assembly)
    {
        private readonly byte[] _buffer = new byte[EntropyBufferSize];
        private bool _seenScan;
        private long _pos = 2;

        public void Run()
        {
            Span<byte> header = stackalloc byte[4];
            while (true)
            {
                if (_pos >= fileLength)
                {
                    Damaged("file ends without an EOI marker", _pos);
                    return;
                }
                stream.Position = _pos;
                var first = stream.ReadByte();
                if (first != 0xFF)
                {
                    if (!SkipJunk()) return;
                    continue;
                }
                // fill bytes: FF FF ... marker
                var markerAt = _pos + 1;
                int marker;
                while ((marker = stream.ReadByte()) == 0xFF) markerAt++;
                if (marker < 0)
                {
                    Damaged("file ends inside a marker", _pos);
                    return;
                }
                if (marker == 0)
                {
                    if (!SkipJunk()) return;
                    continue;
                }
                var m = (byte)marker;
                var name = JpegMarkers.Name(m);
                var afterMarker = markerAt + 1;
                if (JpegMarkers.IsStandalone(m))
                {
                    AddBlock(name, _pos, afterMarker - _pos, afterMarker, 0, null, []);
                    _pos = afterMarker;
                    if (m == JpegMarkers.Eoi)
                    {
                        if (_pos < fileLength) scan.Problems.Add($"{fileLength - _pos} bytes after the EOI marker at offset {_pos - 2}");
                        return;
                    }
                    if (m == JpegMarkers.Soi) scan.Problems.Add($"second SOI marker at offset {_pos - 2}");
                    continue;
                }
                if (fileLength - afterMarker < 2)
                {
                    Damaged($"file ends inside the length of {name}", afterMarker);
                    return;
                }
                StreamReading.ReadExactly(stream, header[..2], $"the length of {name}");
                var length = BinaryPrimitives.ReadUInt16BigEndian(header);
                if (length < 2)
                {
                    Damaged($"{name} declares length {length}, less than its own 2 bytes", afterMarker, FormatErrorKind.Malformed);
                    return;
                }
                var dataAt = afterMarker + 2;
                var dataLength = length - 2;
                if (dataLength > fileLength - dataAt)
                {
                    Damaged($"{name} declares {dataLength} bytes but only {fileLength - dataAt} remain", _pos);
                    return;
                }
                var problems = new List<string>();
                var label = ReadSegment(m, name, _pos, dataAt, dataLength, problems);
                AddBlock(name, _pos, dataAt + dataLength - _pos, dataAt, dataLength, label, problems);
                _pos = dataAt + dataLength;
                if (m == JpegMarkers.Sos)
                {
                    _seenScan = true;
                    if (!WalkEntropyData()) return;
                }
            }
        }

        private void AddBlock(string type, long offset, long length, long dataOffset, long dataLength, string? label, List<string> problems)
        {
            foreach (var p in problems) scan.Problems.Add($"JPEG {type} at offset {offset}: {p}");
            scan.Blocks.Add(new ContainerBlock
            {
                Type = type,
                Offset = offset,
                Length = length,
                DataOffset = dataOffset,
                DataLength = dataLength,
                Label = label,
                Problems = problems,
            });
        }

        /// <summary>Raises for damage before the first scan; records it as a problem after.</summary>
        private void Damaged(string message, long offset, FormatErrorKind kind = FormatErrorKind.Truncated)
        {
            if (!_seenScan) throw new CandorFormatException(message, offset, kind: kind);
            scan.Problems.Add($"at offset {offset}: {message}");
        }

        private string? ReadSegment(byte marker, string name, long offset, long dataAt, int dataLength, List<string> problems)
        {
            var isApp = marker is >= 0xE0 and <= 0xEF;
            var wanted = isApp || marker == JpegMarkers.Com || JpegMarkers.IsStartOfFrame(marker);
            if (!wanted)
            {
                stream.Position = dataAt + dataLength;
                return null;
            }
            var data = dataLength <= _buffer.Length ? _buffer.AsSpan(0, dataLength) : new byte[dataLength];
            stream.Position = dataAt;
            StreamReading.ReadExactly(stream, data, name);
            if (marker == JpegMarkers.Com)
            {
                if (!scan.Budget.TryKeep(data.Length, "JPEG COM segment")) return "Comment";
                var text = TextDecoding.Utf8OrLatin1(data, out _);
                scan.Fields.Add(new MetadataField(FieldGroups.JpegComment, "Comment", text, new Evidence("JPEG COM", "Comment", null, offset)));
                return "Comment";
            }
            if (JpegMarkers.IsStartOfFrame(marker))
            {
                if (data.Length < 5)
                {
                    problems.Add($"{name} is too short for a frame header");
                    return null;
                }
                var height = BinaryPrimitives.ReadUInt16BigEndian(data[1..]);
                var width = BinaryPrimitives.ReadUInt16BigEndian(data[3..]);
                if (scan.Width is null)
                {
                    scan.Width = width == 0 ? null : width;
                    scan.Height = height == 0 ? null : height;
                }
                return $"{width}x{height}";
            }
            foreach (var (m, prefix, label, read) in AppSignatures)
            {
                if (m != marker || !data.StartsWith(prefix)) continue;
                read?.Invoke(new Segment(scan, assembly, offset, data[prefix.Length..], problems));
                return label;
            }
            return null;
        }

        /// <summary>Bytes that are not a marker where one should be: skipped up to the next marker, as a "Junk" block.</summary>
        private bool SkipJunk()
        {
            var start = _pos;
            var next = FindMarker(start, restarts: false, out _);
            var end = next < 0 ? fileLength : next;
            var problem = $"{end - start} bytes that are not a JPEG marker";
            AddBlock("Junk", start, end - start, start, end - start, null, [problem]);
            _pos = end;
            if (next < 0)
            {
                Damaged("file ends without an EOI marker", end);
                return false;
            }
            return true;
        }

        /// <summary>Entropy-coded data after SOS: an "ECS" block per restart interval and a block per RST marker.</summary>
        private bool WalkEntropyData()
        {
            var next = FindMarker(_pos, restarts: true, out var tail);
            if (next < 0)
            {
                if (fileLength > tail) AddEntropy(tail, fileLength);
                _pos = fileLength;
                scan.Problems.Add($"at offset {fileLength}: file ends inside entropy-coded data, without an EOI marker");
                return false;
            }
            if (next > tail) AddEntropy(tail, next);
            _pos = next;
            return true;
        }

        private void AddEntropy(long start, long end) =>
            scan.Blocks.Add(new ContainerBlock { Type = "ECS", Offset = start, Length = end - start, DataOffset = start, DataLength = end - start, Label = "entropy-coded data" });

        /// <summary>
        /// Offset of the next real marker at or after <paramref name="from"/> (an FF followed by a byte
        /// that is not 00, not FF and, when <paramref name="restarts"/>, not RST0-7), or -1 at end of file.
        /// Restart markers met on the way are added as blocks, splitting the entropy-coded data;
        /// <paramref name="tailStart"/> is where the data after the last of them begins.
        /// </summary>
        private long FindMarker(long from, bool restarts, out long tailStart)
        {
            var segmentStart = from;
            tailStart = from;
            var bufferStart = from;
            while (bufferStart < fileLength)
            {
                stream.Position = bufferStart;
                var n = StreamReading.ReadAtMost(stream, _buffer);
                if (n == 0) break;
                var span = _buffer.AsSpan(0, n);
                var i = 0;
                var refill = false;
                while (i < n)
                {
                    var j = span[i..].IndexOf((byte)0xFF);
                    if (j < 0) { i = n; break; }
                    var k = i + j;
                    if (k + 1 >= n)
                    {
                        if (bufferStart + k + 1 >= fileLength) { tailStart = segmentStart; return -1; }
                        bufferStart += k;
                        refill = true;
                        break;
                    }
                    var b = span[k + 1];
                    if (b == 0x00 || b == 0xFF) { i = k + 1 + (b == 0 ? 1 : 0); continue; }
                    if (restarts && JpegMarkers.IsRestart(b))
                    {
                        var at = bufferStart + k;
                        if (at > segmentStart) AddEntropy(segmentStart, at);
                        scan.Blocks.Add(new ContainerBlock { Type = JpegMarkers.Name(b), Offset = at, Length = 2, DataOffset = at + 2, DataLength = 0 });
                        segmentStart = at + 2;
                        tailStart = segmentStart;
                        i = k + 2;
                        continue;
                    }
                    return bufferStart + k;
                }
                if (!refill) bufferStart += n;
            }
            return -1;
        }
    }
}
