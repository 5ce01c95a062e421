using System.Buffers.Binary;
using System.Text;
using Candor.Provenance;

namespace Candor.Formats.Jpeg;

/// <summary>
/// Collects metadata that JPEG splits over several segments (extended XMP, JUMBF, ICC, Photoshop
/// resources) and turns it into <see cref="RawPayload"/>s once the segment walk is over.
/// </summary>
/// <remarks>
/// <code>
/// extended XMP (APP1) = "http://ns.adobe.com/xmp/extension/\0" | GUID 32 hex chars | full length u32 BE | offset u32 BE | chunk
/// JUMBF (APP11)       = "JP" | En u16 BE (box instance) | Z u32 BE (sequence, from 1) | box bytes
///                       segments after the first repeat the box's LBox+TBox (8 bytes, 16 with an XLBox)
/// ICC (APP2)          = "ICC_PROFILE\0" | sequence u8 (from 1) | count u8 | profile part
/// Photoshop (APP13)   = "Photoshop 3.0\0" | 8BIM resources (see PhotoshopResources), possibly over several segments
/// </code>
/// </remarks>
internal sealed class JpegPayloadAssembly(ContainerScan scan, ScanOptions options)
{
    private readonly Dictionary<string, ExtendedXmp> _extended = new(StringComparer.Ordinal);
    private readonly Dictionary<ushort, List<(uint Sequence, byte[] Data, long Offset)>> _jumbf = [];
    private readonly List<(byte Sequence, byte Count, byte[] Data, long Offset)> _icc = [];
    private readonly List<(byte[] Data, long Offset)> _photoshop = [];
    private string? _mainXmpGuid;

    /// <summary>Notes the GUID a main XMP packet names in xmpNote:HasExtendedXMP.</summary>
    public void MainXmp(ReadOnlySpan<byte> packet)
    {
        var at = packet.IndexOf("HasExtendedXMP"u8);
        if (at < 0) return;
        var rest = packet[(at + 14)..];
        var start = rest.IndexOfAny((byte)'"', (byte)'\'', (byte)'>');
        if (start < 0 || rest.Length - start - 1 < 32) return;
        var guid = rest.Slice(start + 1, 32);
        foreach (var b in guid)
            if (!char.IsAsciiHexDigit((char)b)) return;
        _mainXmpGuid = Encoding.ASCII.GetString(guid);
    }

    /// <summary>Adds one extended-XMP segment (the bytes after the signature).</summary>
    public void ExtendedXmpPart(ReadOnlySpan<byte> body, long offset, List<string> problems)
    {
        if (body.Length < 40)
        {
            problems.Add("extended XMP segment is shorter than its 40-byte header");
            return;
        }
        var guid = Encoding.Latin1.GetString(body[..32]);
        var full = BinaryPrimitives.ReadUInt32BigEndian(body[32..]);
        var at = BinaryPrimitives.ReadUInt32BigEndian(body[36..]);
        if (!_extended.TryGetValue(guid, out var parts))
            _extended[guid] = parts = new ExtendedXmp(full, offset);
        if (full != parts.FullLength) problems.Add($"extended XMP full length {full} differs from {parts.FullLength} in an earlier part");
        parts.Parts.Add((at, body[40..].ToArray()));
    }

    /// <summary>Adds one APP11 JUMBF segment (the bytes after "JP").</summary>
    public void JumbfPart(ReadOnlySpan<byte> body, long offset, List<string> problems)
    {
        if (body.Length < 6)
        {
            problems.Add("JUMBF segment is shorter than its En/Z header");
            return;
        }
        var instance = BinaryPrimitives.ReadUInt16BigEndian(body);
        var sequence = BinaryPrimitives.ReadUInt32BigEndian(body[2..]);
        if (!_jumbf.TryGetValue(instance, out var list)) _jumbf[instance] = list = [];
        list.Add((sequence, body[6..].ToArray(), offset));
    }

    /// <summary>Adds one ICC_PROFILE segment (the bytes after the signature).</summary>
    public void IccPart(ReadOnlySpan<byte> body, long offset, List<string> problems)
    {
        if (body.Length < 2)
        {
            problems.Add("ICC_PROFILE segment has no sequence/count bytes");
            return;
        }
        _icc.Add((body[0], body[1], body[2..].ToArray(), offset));
    }

    /// <summary>Adds one Photoshop APP13 segment (the bytes after "Photoshop 3.0\0").</summary>
    public void PhotoshopPart(ReadOnlySpan<byte> body, long offset) => _photoshop.Add((body.ToArray(), offset));

    /// <summary>Reassembles everything collected into payloads on the scan.</summary>
    public void Finish()
    {
        FinishExtendedXmp();
        FinishJumbf();
        FinishIcc();
        FinishPhotoshop();
    }

    private void FinishExtendedXmp()
    {
        if (_extended.Count == 0) return;
        string guid;
        if (_mainXmpGuid is not null && _extended.ContainsKey(_mainXmpGuid)) guid = _mainXmpGuid;
        else
        {
            guid = _extended.Keys.First();
            scan.Problems.Add(_mainXmpGuid is null
                ? $"extended XMP present but the main XMP packet names no GUID; using {guid}"
                : $"main XMP names extended GUID {_mainXmpGuid}, which is absent; using {guid}");
        }
        if (_extended.Count > 1) scan.Problems.Add($"{_extended.Count - 1} extended XMP set(s) with another GUID ignored");
        var set = _extended[guid];
        if (set.FullLength > options.MaxPayloadBytes)
        {
            scan.Problems.Add($"extended XMP declares {set.FullLength} bytes, over the payload limit; skipped");
            return;
        }
        if (!scan.Budget.TryKeep(set.FullLength, "JPEG extended XMP packet")) return;
        var buffer = new byte[set.FullLength];
        long covered = 0;
        foreach (var (at, data) in set.Parts.OrderBy(p => p.At))
        {
            if (at > set.FullLength || data.Length > set.FullLength - at)
            {
                scan.Problems.Add($"extended XMP part at offset {at} ({data.Length} bytes) lies outside the declared {set.FullLength} bytes");
                continue;
            }
            data.CopyTo(buffer, (int)at);
            covered += data.Length;
        }
        if (covered != set.FullLength) scan.Problems.Add($"extended XMP parts cover {covered} of {set.FullLength} declared bytes");
        scan.Payloads.Add(new RawPayload(PayloadKind.Xmp, buffer, new Evidence("JPEG APP1 ExtendedXMP", guid, null, set.FirstOffset))
        {
            Note = $"extended XMP: {set.Parts.Count} parts, GUID {guid}, {set.FullLength} bytes",
        });
    }

    private void FinishJumbf()
    {
        foreach (var (instance, parts) in _jumbf.OrderBy(kv => kv.Value[0].Offset))
        {
            parts.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
            var output = new MemoryStream();
            var headerLength = 8;
            // The standard numbers segments from 1; some early writers (Microsoft's 2023 Bing files) from 0.
            var first = parts[0].Sequence is 0 ? 0u : 1u;
            for (var i = 0; i < parts.Count; i++)
            {
                var data = parts[i].Data;
                if (parts[i].Sequence != first + i) scan.Problems.Add($"JUMBF box {instance}: segment sequence {parts[i].Sequence} where {first + i} was expected");
                if (i == 0)
                {
                    if (data.Length >= 8 && BinaryPrimitives.ReadUInt32BigEndian(data) == 1) headerLength = 16;
                    output.Write(data);
                }
                else if (data.Length < headerLength)
                    scan.Problems.Add($"JUMBF box {instance}: continuation segment {parts[i].Sequence} is shorter than the repeated box header");
                else output.Write(data, headerLength, data.Length - headerLength);
                if (output.Length > options.MaxPayloadBytes)
                {
                    scan.Problems.Add($"JUMBF box {instance} exceeds the payload limit of {options.MaxPayloadBytes} bytes; skipped");
                    output = null;
                    break;
                }
            }
            if (output is null) continue;
            var box = output.ToArray();
            if (box.Length >= 8)
            {
                long declared = BinaryPrimitives.ReadUInt32BigEndian(box);
                if (declared == 1 && box.Length >= 16) declared = (long)Math.Min(BinaryPrimitives.ReadUInt64BigEndian(box.AsSpan(8)), long.MaxValue);
                if (declared != 0 && declared != box.Length)
                    scan.Problems.Add($"JUMBF box {instance}: reassembled {box.Length} bytes, box header says {declared}");
            }
            if (!IsC2paStore(box)) continue;
            scan.AddPayload(new RawPayload(PayloadKind.C2pa, box, new Evidence("JPEG APP11 JUMBF", null, null, parts[0].Offset))
            {
                Note = parts.Count > 1 ? $"reassembled from {parts.Count} APP11 segments" : null,
            }, "JPEG APP11 C2PA store");
        }
    }

    /// <summary>A JUMBF superbox whose description box carries the C2PA store UUID ("c2pa" + 0011-0010-8000-00AA00389B71).</summary>
    internal static bool IsC2paStore(ReadOnlySpan<byte> box)
    {
        var header = box.Length >= 8 && BinaryPrimitives.ReadUInt32BigEndian(box) == 1 ? 16 : 8;
        if (box.Length < header + 8 + 16 || !box.Slice(4, 4).SequenceEqual("jumb"u8)) return false;
        var d = box[header..];
        return d.Slice(4, 4).SequenceEqual("jumd"u8) && d.Slice(8, 4).SequenceEqual("c2pa"u8);
    }

    private void FinishIcc()
    {
        if (_icc.Count == 0) return;
        var ordered = _icc.OrderBy(p => p.Sequence).ToList();
        var count = ordered[0].Count;
        if (ordered.Count != count || ordered.Select((p, i) => p.Sequence != i + 1).Any(bad => bad))
            scan.Problems.Add($"ICC profile: {ordered.Count} segments found, header says {count}");
        var total = ordered.Sum(p => (long)p.Data.Length);
        if (total > options.MaxPayloadBytes)
        {
            scan.Problems.Add("ICC profile exceeds the payload limit; skipped");
            return;
        }
        var profile = new byte[total];
        var at = 0;
        foreach (var part in ordered)
        {
            part.Data.CopyTo(profile, at);
            at += part.Data.Length;
        }
        scan.AddPayload(new RawPayload(PayloadKind.Icc, profile, new Evidence("JPEG APP2 ICC", null, null, _icc[0].Offset))
        {
            Note = ordered.Count > 1 ? $"reassembled from {ordered.Count} APP2 segments" : null,
        }, "JPEG APP2 ICC profile");
    }

    private void FinishPhotoshop()
    {
        if (_photoshop.Count == 0) return;
        var all = _photoshop.Count == 1 ? _photoshop[0].Data : _photoshop.SelectMany(p => p.Data).ToArray();
        var iptc = PhotoshopResources.FindIptc(all, out var problem);
        if (problem is not null) scan.Problems.Add($"JPEG APP13: {problem}");
        if (iptc is null) return;
        scan.AddPayload(new RawPayload(PayloadKind.Iptc, iptc, new Evidence("JPEG APP13 IPTC", "8BIM 0x0404", null, _photoshop[0].Offset)), "JPEG APP13 IPTC block");
    }

    private sealed class ExtendedXmp(uint fullLength, long firstOffset)
    {
        public uint FullLength { get; } = fullLength;
        public long FirstOffset { get; } = firstOffset;
        public List<(uint At, byte[] Data)> Parts { get; } = [];
    }
}
