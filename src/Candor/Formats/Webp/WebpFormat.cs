using System.Buffers.Binary;
using System.Text;
using Candor.Provenance;

namespace Candor.Formats.Webp;

/// <summary>
/// The WebP handler. Reading (this part) goes chunk by chunk: every RIFF chunk becomes a <see cref="ContainerBlock"/>, and
/// EXIF, XMP, C2PA and ICC chunks become payloads. Bitstream chunks are not read beyond their headers.
/// The C2PA store (<c>WebpFormat.C2pa.cs</c>) and the XMP (<c>WebpFormat.Xmp.cs</c>) are written by
/// the other parts.
/// </summary>
/// <remarks>
/// <code>
/// file  = "RIFF" | size u32 LE (bytes after this field) | "WEBP" | chunk*
/// chunk = FourCC | size u32 LE | data[size] | 00 pad when size is odd
/// VP8X  = flags u8 (0x20 ICC, 0x10 alpha, 0x08 EXIF, 0x04 XMP, 0x02 animation) | 3 reserved
///         | canvas width-1 u24 LE | canvas height-1 u24 LE
/// VP8   = frame tag 3 bytes | start code 9D 01 2A | width u16 LE (low 14 bits) | height u16 LE (low 14 bits)
/// VP8L  = signature 2F | 32 bits LE: width-1 (14) | height-1 (14) | alpha is used (1) | version (3)
/// ANMF  = frame header 16 bytes | frame chunks (ALPH?, VP8 or VP8L)
/// EXIF  = TIFF-structured EXIF, sometimes preceded by "Exif\0\0"; XMP = packet; C2PA = JUMBF; ICCP = ICC
/// </code>
/// A chunk that runs past the end of the file raises <see cref="CandorFormatException"/>; a RIFF size
/// that disagrees with the file size, or a missing final pad byte, is a problem.
/// </remarks>
public sealed partial class WebpFormat : IContainerFormat
{
    /// <summary>Chunks whose payload is kept: FourCC → payload kind, evidence block and block label.</summary>
    private static readonly Dictionary<string, (PayloadKind Kind, string Label)> PayloadChunks = new(StringComparer.Ordinal)
    {
        ["EXIF"] = (PayloadKind.Exif, "EXIF"),
        ["XMP "] = (PayloadKind.Xmp, "XMP"),
        ["C2PA"] = (PayloadKind.C2pa, "JUMBF"),
        ["ICCP"] = (PayloadKind.Icc, "ICC"),
    };

    /// <summary>Bitstream chunks: only their first bytes are read, for the image size.</summary>
    private static readonly Dictionary<string, string> BitstreamLabels = new(StringComparer.Ordinal)
    {
        ["VP8 "] = "lossy bitstream",
        ["VP8L"] = "lossless bitstream",
        ["ALPH"] = "alpha",
        ["ANMF"] = "animation frame",
        ["ANIM"] = "animation parameters",
        ["VP8X"] = "extended header",
    };

    private const string LosslessFrameLabel = "animation frame, lossless";
    private const string LossyFrameLabel = "animation frame, lossy";
    private const int PeekBytes = 32;

    /// <inheritdoc />
    public ImageFormat ImageFormat => ImageFormat.WebP;

    /// <inheritdoc />
    public string Name => "WebP";

    /// <inheritdoc />
    public string MimeType => "image/webp";

    /// <inheritdoc />
    public bool CanWrite => true;

    /// <inheritdoc />
    public bool Matches(ReadOnlySpan<byte> head) =>
        head.Length >= 12 && head.StartsWith("RIFF"u8) && head.Slice(8, 4).SequenceEqual("WEBP"u8);

    /// <summary>
    /// True when every image bitstream in the file is lossless (VP8L), judged from the block list of a
    /// WebP scan; false when any is lossy (VP8) or when there is none.
    /// </summary>
    public static bool IsLossless(ContainerScan scan)
    {
        ArgumentNullException.ThrowIfNull(scan);
        var any = false;
        foreach (var b in scan.Blocks)
        {
            if (b.Type == "VP8 " || b.Label == LossyFrameLabel) return false;
            if (b.Type == "VP8L" || b.Label == LosslessFrameLabel) any = true;
        }
        return any;
    }

    /// <inheritdoc />
    public ContainerScan Scan(Stream stream, ScanOptions options)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(options);
        stream.Position = 0;
        var fileLength = stream.Length;
        Span<byte> header = stackalloc byte[12];
        if (StreamReading.ReadAtMost(stream, header) < 12 || !Matches(header))
            throw new CandorFormatException("not a WebP file (no RIFF....WEBP header)", 0);

        var scan = new ContainerScan { ImageFormat = ImageFormat, Format = Name, MimeType = MimeType, Budget = new ScanBudget(options.MaxTotalBytes) };
        var riffSize = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
        var riffEnd = 8L + riffSize;
        scan.Blocks.Add(new ContainerBlock { Type = "RIFF", Offset = 0, Length = 12, DataOffset = 8, DataLength = 4, Label = "WEBP" });
        if (riffEnd > fileLength)
        {
            scan.Problems.Add($"RIFF size says the file has {riffEnd} bytes but it has {fileLength}");
            riffEnd = fileLength;
        }
        else if (riffEnd < fileLength)
            scan.Problems.Add($"{fileLength - riffEnd} bytes after the end of the RIFF data at offset {riffEnd}");
        if ((riffSize & 1) != 0) scan.Problems.Add($"RIFF size {riffSize} is odd");

        Span<byte> chunkHeader = stackalloc byte[8];
        Span<byte> peek = stackalloc byte[PeekBytes];
        var pos = 12L;
        var sawVp8x = false;
        while (pos < riffEnd)
        {
            if (riffEnd - pos < 8) throw new CandorFormatException($"{riffEnd - pos} bytes left, too few for a chunk header", pos, kind: FormatErrorKind.Truncated);
            stream.Position = pos;
            StreamReading.ReadExactly(stream, chunkHeader, "a chunk header");
            var fourCc = chunkHeader[..4];
            foreach (var b in fourCc)
                if (b is < 0x20 or > 0x7E) throw new CandorFormatException($"chunk type {StreamReading.Hex(fourCc)} is not ASCII", pos);
            var type = Encoding.ASCII.GetString(fourCc);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(chunkHeader[4..]);
            var dataAt = pos + 8;
            if (size > riffEnd - dataAt)
                throw new CandorFormatException($"chunk '{type}' declares {size} bytes but only {riffEnd - dataAt} remain", pos, $"WebP {type}", kind: FormatErrorKind.Truncated);
            var padded = size + (size & 1);
            var problems = new List<string>();
            if (dataAt + padded > riffEnd)
            {
                problems.Add("pad byte after the odd-sized chunk is missing");
                scan.Problems.Add($"WebP {type} at offset {pos}: pad byte after the odd-sized chunk is missing");
                padded = size;
            }

            string? label;
            if (PayloadChunks.TryGetValue(type, out var payload))
            {
                label = payload.Label;
                if (size > options.MaxPayloadBytes)
                {
                    problems.Add($"{size} bytes is over the payload limit of {options.MaxPayloadBytes}; skipped");
                    scan.Problems.Add($"WebP {type} at offset {pos}: over the payload limit; skipped");
                }
                else
                {
                    var data = new byte[size];
                    StreamReading.ReadExactly(stream, data, $"chunk '{type}'");
                    AddPayload(scan, payload.Kind, type, data, pos);
                }
            }
            else
            {
                BitstreamLabels.TryGetValue(type, out label);
                var n = StreamReading.ReadAtMost(stream, peek[..(int)Math.Min(size, PeekBytes)]);
                var head = peek[..n];
                switch (type)
                {
                    case "VP8X":
                        sawVp8x = true;
                        ReadExtendedHeader(scan, head, problems);
                        break;
                    case "VP8 " when !sawVp8x && scan.Width is null:
                        ReadLossyHeader(scan, head, problems);
                        break;
                    case "VP8L" when !sawVp8x && scan.Width is null:
                        ReadLosslessHeader(scan, head, problems);
                        break;
                    case "ANMF":
                        label = FrameLabel(head) ?? label;
                        break;
                }
                foreach (var p in problems) scan.Problems.Add($"WebP {type} at offset {pos}: {p}");
            }

            scan.Blocks.Add(new ContainerBlock
            {
                Type = type,
                Offset = pos,
                Length = 8 + padded,
                DataOffset = dataAt,
                DataLength = size,
                Label = label,
                Problems = problems,
            });
            pos = dataAt + padded;
        }
        return scan;
    }

    /// <summary>A WebP is written only when the RIFF size matches the file and the last chunk ends at its end.</summary>
    public void CheckWritable(ContainerScan scan, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(stream);
        var length = stream.Length;
        Span<byte> size = stackalloc byte[4];
        stream.Position = 4;
        StreamReading.ReadExactly(stream, size, "the RIFF size");
        var riffEnd = 8L + BinaryPrimitives.ReadUInt32LittleEndian(size);
        if (riffEnd != length)
            throw new CandorFormatException($"the RIFF size says the WebP has {riffEnd} bytes but the file has {length}: it is truncated or has trailing data", 4, "WebP RIFF",
                kind: riffEnd > length ? FormatErrorKind.Truncated : FormatErrorKind.Malformed);
        var last = scan.Blocks[^1];
        if (last.Offset + last.Length != length)
            throw new CandorFormatException($"the last WebP chunk ends at byte {last.Offset + last.Length}, not at the end of the {length}-byte file", last.Offset, $"WebP {last.Type}");
    }

    /// <summary>Adds the edit that makes the RIFF size (bytes 4..7) match the edited file's length.</summary>
    private static void SetRiffSize(ContainerEdits edits, long sourceLength)
    {
        var riffSize = edits.ResultLength(sourceLength) - 8;
        if (riffSize > uint.MaxValue)
            throw new CandorFormatException($"the edited WebP would hold {riffSize} bytes of RIFF data, more than its 32-bit size field allows", 4, "WebP RIFF", kind: FormatErrorKind.LimitExceeded);
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)riffSize);
        edits.Replace(4, 4, bytes);
    }

    private static void AddPayload(ContainerScan scan, PayloadKind kind, string type, byte[] data, long offset)
    {
        string? note = null;
        if (kind == PayloadKind.Exif && data.AsSpan().StartsWith("Exif\0\0"u8))
        {
            data = data[6..];
            note = "EXIF chunk starts with an \"Exif\\0\\0\" prefix (removed)";
        }
        scan.AddPayload(new RawPayload(kind, data, new Evidence($"WebP {type.TrimEnd()}", null, null, offset)) { Note = note }, $"WebP {type.TrimEnd()} chunk");
    }

    private static void ReadExtendedHeader(ContainerScan scan, ReadOnlySpan<byte> head, List<string> problems)
    {
        if (head.Length < 10)
        {
            problems.Add($"VP8X has {head.Length} bytes, needs 10");
            return;
        }
        scan.HasAlpha = (head[0] & 0x10) != 0;
        scan.Width = 1 + (head[4] | head[5] << 8 | head[6] << 16);
        scan.Height = 1 + (head[7] | head[8] << 8 | head[9] << 16);
    }

    private static void ReadLossyHeader(ContainerScan scan, ReadOnlySpan<byte> head, List<string> problems)
    {
        if (head.Length < 10 || head[3] != 0x9D || head[4] != 0x01 || head[5] != 0x2A)
        {
            problems.Add("VP8 key frame header (start code 9D 01 2A) not found");
            return;
        }
        scan.Width = BinaryPrimitives.ReadUInt16LittleEndian(head[6..]) & 0x3FFF;
        scan.Height = BinaryPrimitives.ReadUInt16LittleEndian(head[8..]) & 0x3FFF;
    }

    private static void ReadLosslessHeader(ContainerScan scan, ReadOnlySpan<byte> head, List<string> problems)
    {
        if (head.Length < 5 || head[0] != 0x2F)
        {
            problems.Add("VP8L signature byte 2F not found");
            return;
        }
        var bits = BinaryPrimitives.ReadUInt32LittleEndian(head[1..]);
        scan.Width = 1 + (int)(bits & 0x3FFF);
        scan.Height = 1 + (int)((bits >> 14) & 0x3FFF);
        scan.HasAlpha = ((bits >> 28) & 1) != 0;
    }

    /// <summary>Whether an ANMF frame holds a lossless or a lossy bitstream: the first chunk after the 16-byte frame header, skipping ALPH.</summary>
    private static string? FrameLabel(ReadOnlySpan<byte> head)
    {
        if (head.Length < 24) return null;
        var sub = head[16..];
        if (sub.StartsWith("VP8L"u8)) return LosslessFrameLabel;
        if (sub.StartsWith("VP8 "u8) || sub.StartsWith("ALPH"u8)) return LossyFrameLabel;
        return null;
    }
}
