using System.Buffers.Binary;
using System.Text;
using Candor.Metadata;
using Candor.Provenance;

namespace Candor.Formats.Png;

/// <summary>
/// The PNG handler. Reading (this part): every chunk becomes a <see cref="ContainerBlock"/>, text
/// chunks become <see cref="MetadataField"/>s, and EXIF, XMP, C2PA and ICC payloads are lifted out.
/// The C2PA store (<c>PngFormat.C2pa.cs</c>) and the XMP (<c>PngFormat.Xmp.cs</c>) are written by
/// the other parts.
/// </summary>
/// <remarks>
/// <code>
/// file   = signature 89 50 4E 47 0D 0A 1A 0A | chunk* (IHDR first, IEND last)
/// chunk  = length u32 BE (data only, ≤ 2^31-1) | type 4 ASCII letters | data[length] | CRC-32 u32 BE over type+data
/// IHDR   = width u32 | height u32 | bit depth u8 | colour type u8 | compression u8 | filter u8 | interlace u8
/// tEXt   = keyword (Latin-1, 1-79 bytes) | 00 | text (Latin-1; some tools write UTF-8)
/// zTXt   = keyword | 00 | method u8 (0 = zlib) | zlib(text)
/// iTXt   = keyword | 00 | compressed u8 | method u8 | language tag | 00 | translated keyword (UTF-8) | 00 | text (UTF-8, zlib when compressed)
/// iCCP   = profile name | 00 | method u8 | zlib(ICC profile)
/// eXIf   = TIFF-structured EXIF;  caBX = C2PA JUMBF manifest store
/// </code>
/// Image data chunks (IDAT, fdAT) are skipped with a seek: their bytes are never read, so their
/// CRC is left to the pixel decoder. A CRC mismatch in any other chunk is a problem, not an error.
/// Structural damage (truncation, a length past the end of the file) raises <see cref="CandorFormatException"/>.
/// </remarks>
public sealed partial class PngFormat : IContainerFormat
{
    private static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Chunks whose payload is image data: seeked past, never read.</summary>
    private static readonly HashSet<string> ImageDataChunks = ["IDAT", "fdAT"];

    /// <summary>What each known chunk type contributes; chunks not in the table are listed as blocks only.</summary>
    private static readonly Dictionary<string, Func<Chunk, string?>> Readers = new()
    {
        ["IHDR"] = ReadHeader,
        ["tRNS"] = c => { c.Scan.HasAlpha = true; return "transparency"; },
        ["tEXt"] = ReadText,
        ["zTXt"] = ReadCompressedText,
        ["iTXt"] = ReadInternationalText,
        ["eXIf"] = c => Keep(c, c.Data.Length) ? AddPayload(c, PayloadKind.Exif, c.Data, null, "EXIF") : "EXIF",
        ["caBX"] = c => Keep(c, c.Data.Length) ? AddPayload(c, PayloadKind.C2pa, c.Data, null, "JUMBF") : "JUMBF",
        ["iCCP"] = ReadIccProfile,
    };

    /// <summary>ImageMagick's legacy hex-encoded profiles ("Raw profile type &lt;name&gt;"): name → payload kind and how to unwrap the bytes.</summary>
    private static readonly Dictionary<string, (PayloadKind Kind, Func<byte[], byte[]?> Unwrap)> RawProfiles = new(StringComparer.OrdinalIgnoreCase)
    {
        ["exif"] = (PayloadKind.Exif, StripExifPrefix),
        ["APP1"] = (PayloadKind.Exif, StripExifPrefix),
        ["xmp"] = (PayloadKind.Xmp, b => b),
        ["icc"] = (PayloadKind.Icc, b => b),
        ["icm"] = (PayloadKind.Icc, b => b),
        ["iptc"] = (PayloadKind.Iptc, UnwrapIptc),
        ["8bim"] = (PayloadKind.Iptc, UnwrapIptc),
    };

    private const string XmpKeyword = "XML:com.adobe.xmp";
    private const string RawProfilePrefix = "Raw profile type ";

    /// <inheritdoc />
    public ImageFormat ImageFormat => ImageFormat.Png;

    /// <inheritdoc />
    public string Name => "PNG";

    /// <inheritdoc />
    public string MimeType => "image/png";

    /// <inheritdoc />
    public bool CanWrite => true;

    /// <inheritdoc />
    public bool Matches(ReadOnlySpan<byte> head) => head.StartsWith(Signature);

    /// <inheritdoc />
    public ContainerScan Scan(Stream stream, ScanOptions options)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(options);
        stream.Position = 0;
        var fileLength = stream.Length;
        Span<byte> sig = stackalloc byte[8];
        if (StreamReading.ReadAtMost(stream, sig) < 8 || !sig.SequenceEqual(Signature))
            throw new CandorFormatException("not a PNG file (signature missing)", 0);

        var scan = new ContainerScan { ImageFormat = ImageFormat, Format = Name, MimeType = MimeType, Budget = new ScanBudget(options.MaxTotalBytes) };
        scan.Blocks.Add(new ContainerBlock { Type = "Signature", Offset = 0, Length = 8, DataOffset = 0, DataLength = 8 });

        Span<byte> header = stackalloc byte[8];
        Span<byte> crcBytes = stackalloc byte[4];
        var pos = 8L;
        while (true)
        {
            if (pos >= fileLength) throw new CandorFormatException("file ends before the IEND chunk", pos, kind: FormatErrorKind.Truncated);
            if (fileLength - pos < 12) throw new CandorFormatException($"file ends inside a chunk header ({fileLength - pos} bytes left)", pos, kind: FormatErrorKind.Truncated);
            StreamReading.ReadExactly(stream, header, "a chunk header");
            var length = BinaryPrimitives.ReadUInt32BigEndian(header);
            var typeBytes = header[4..];
            if (!IsChunkType(typeBytes))
                throw new CandorFormatException($"chunk type {StreamReading.Hex(typeBytes)} is not four ASCII letters", pos + 4);
            var type = Encoding.ASCII.GetString(typeBytes);
            if (length > int.MaxValue)
                throw new CandorFormatException($"chunk {type} declares {length} bytes, more than PNG allows (2^31-1)", pos, $"PNG {type}");
            if (length + 12L > fileLength - pos)
                throw new CandorFormatException($"chunk {type} declares {length} bytes but only {fileLength - pos - 12} remain", pos, $"PNG {type}", kind: FormatErrorKind.Truncated);
            if (scan.Blocks.Count == 1 && type != "IHDR")
                scan.Problems.Add($"first chunk is {type}, not IHDR");

            var problems = new List<string>();
            string? label = null;
            if (ImageDataChunks.Contains(type))
            {
                stream.Seek(length + 4L, SeekOrigin.Current);
                label = "image data";
            }
            else if (length > options.MaxPayloadBytes)
            {
                stream.Seek(length + 4L, SeekOrigin.Current);
                Report(scan, problems, type, pos, $"{length} bytes is over the payload limit of {options.MaxPayloadBytes}; chunk skipped, CRC not checked");
            }
            else
            {
                var data = new byte[length];
                StreamReading.ReadExactly(stream, data, $"chunk {type}");
                StreamReading.ReadExactly(stream, crcBytes, $"the CRC of chunk {type}");
                var stored = BinaryPrimitives.ReadUInt32BigEndian(crcBytes);
                var crc = new Crc32();
                crc.Append(typeBytes);
                crc.Append(data);
                var computed = crc.Value;
                if (stored != computed)
                    Report(scan, problems, type, pos, $"CRC mismatch: stored 0x{stored:X8}, computed 0x{computed:X8}");
                if (Readers.TryGetValue(type, out var read))
                    label = read(new Chunk(scan, options, type, pos, data, problems));
            }

            scan.Blocks.Add(new ContainerBlock
            {
                Type = type,
                Offset = pos,
                Length = length + 12L,
                DataOffset = pos + 8,
                DataLength = length,
                Label = label,
                Problems = problems,
            });
            pos += length + 12L;
            if (type == "IEND")
            {
                if (pos < fileLength) scan.Problems.Add($"{fileLength - pos} bytes after the IEND chunk at offset {pos}");
                return scan;
            }
        }
    }

    /// <summary>A PNG is written only when IHDR comes first and IEND last (the scan stops at IEND, so a file without one never gets here).</summary>
    public void CheckWritable(ContainerScan scan, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(stream);
        if (scan.Blocks.Count < 2 || scan.Blocks[1].Type != "IHDR")
            throw new CandorFormatException("the PNG does not start with an IHDR chunk", 8, "PNG IHDR");
        if (scan.Blocks[^1].Type != "IEND")
            throw new CandorFormatException("the PNG has no IEND chunk: it is truncated", stream.Length, "PNG", kind: FormatErrorKind.Truncated);
    }

    private static bool IsChunkType(ReadOnlySpan<byte> type)
    {
        foreach (var b in type)
            if (!char.IsAsciiLetter((char)b)) return false;
        return true;
    }

    private static void Report(ContainerScan scan, List<string> blockProblems, string type, long offset, string problem)
    {
        blockProblems.Add(problem);
        scan.Problems.Add($"PNG {type} at offset {offset}: {problem}");
    }

    private static void Report(Chunk c, string problem) => Report(c.Scan, c.Problems, c.Type, c.Offset, problem);

    private static string? ReadHeader(Chunk c)
    {
        if (c.Data.Length < 13)
        {
            Report(c, $"IHDR has {c.Data.Length} bytes, needs 13");
            return null;
        }
        var width = BinaryPrimitives.ReadUInt32BigEndian(c.Data);
        var height = BinaryPrimitives.ReadUInt32BigEndian(c.Data.AsSpan(4));
        if (width is 0 or > int.MaxValue || height is 0 or > int.MaxValue)
            Report(c, $"image size {width}x{height} is out of range");
        else
        {
            c.Scan.Width = (int)width;
            c.Scan.Height = (int)height;
        }
        var colourType = c.Data[9];
        if (colourType is 4 or 6) c.Scan.HasAlpha = true;
        return $"{width}x{height}, colour type {colourType}, bit depth {c.Data[8]}";
    }

    private static string? ReadText(Chunk c)
    {
        if (!SplitKeyword(c, out var keyword, out var rest)) return null;
        if (!Keep(c, rest.Length)) return $"Text '{keyword}'";
        if (TryRawProfile(c, keyword, rest, "PNG tEXt", out var rawLabel)) return rawLabel;
        var text = TextDecoding.Utf8OrLatin1(rest, out var utf8);
        if (keyword == XmpKeyword) return AddPayload(c, PayloadKind.Xmp, rest.ToArray(), keyword, "XMP", "PNG tEXt");
        AddField(c, FieldGroups.PngText, "PNG tEXt", keyword, text, utf8 ? "UTF-8 bytes in a tEXt chunk" : null);
        return $"Text '{keyword}'";
    }

    private static string? ReadCompressedText(Chunk c)
    {
        if (!SplitKeyword(c, out var keyword, out var rest)) return null;
        if (rest.Length < 1 || rest[0] != 0)
        {
            Report(c, rest.Length < 1 ? "zTXt has no compression method byte" : $"unknown compression method {rest[0]}");
            return $"Text '{keyword}'";
        }
        if (!TryInflate(c, rest[1..], keyword, out var inflated)) return $"Text '{keyword}'";
        if (TryRawProfile(c, keyword, inflated, "PNG zTXt", out var rawLabel)) return rawLabel;
        var text = TextDecoding.Utf8OrLatin1(inflated, out var utf8);
        AddField(c, FieldGroups.PngZText, "PNG zTXt", keyword, text, utf8 ? "UTF-8 bytes in a zTXt chunk" : null);
        return $"Text '{keyword}'";
    }

    private static string? ReadInternationalText(Chunk c)
    {
        if (!SplitKeyword(c, out var keyword, out var rest)) return null;
        if (rest.Length < 2)
        {
            Report(c, "iTXt ends before its compression flag and method");
            return $"Text '{keyword}'";
        }
        var compressed = rest[0];
        var method = rest[1];
        rest = rest[2..];
        var langEnd = rest.IndexOf((byte)0);
        var transEnd = langEnd < 0 ? -1 : rest[(langEnd + 1)..].IndexOf((byte)0);
        if (langEnd < 0 || transEnd < 0)
        {
            Report(c, "iTXt language tag or translated keyword is not terminated");
            return $"Text '{keyword}'";
        }
        var language = Encoding.ASCII.GetString(rest[..langEnd]);
        var translated = TextDecoding.Utf8OrLatin1(rest.Slice(langEnd + 1, transEnd), out _);
        ReadOnlySpan<byte> body = rest[(langEnd + 1 + transEnd + 1)..];
        if (compressed != 0)
        {
            if (method != 0)
            {
                Report(c, $"unknown compression method {method}");
                return $"Text '{keyword}'";
            }
            if (!TryInflate(c, body, keyword, out var inflated)) return $"Text '{keyword}'";
            body = inflated;
        }
        else if (!Keep(c, body.Length)) return $"Text '{keyword}'";
        if (keyword == XmpKeyword) return AddPayload(c, PayloadKind.Xmp, body.ToArray(), keyword, "XMP", "PNG iTXt");
        if (TryRawProfile(c, keyword, body, "PNG iTXt", out var rawLabel)) return rawLabel;
        var text = TextDecoding.Utf8OrNull(body);
        string? note = null;
        if (text is null)
        {
            text = Encoding.Latin1.GetString(body);
            note = "iTXt text is not valid UTF-8; read as Latin-1";
            Report(c, note);
        }
        var extras = new List<string>();
        if (compressed != 0) extras.Add("compressed");
        if (language.Length > 0) extras.Add($"language '{language}'");
        if (translated.Length > 0) extras.Add($"translated keyword '{translated}'");
        if (extras.Count > 0) note = note is null ? string.Join(", ", extras) : $"{note}; {string.Join(", ", extras)}";
        AddField(c, FieldGroups.PngIText, "PNG iTXt", keyword, text, note);
        return $"Text '{keyword}'";
    }

    private static string? ReadIccProfile(Chunk c)
    {
        if (!SplitKeyword(c, out var name, out var rest)) return null;
        if (rest.Length < 1 || rest[0] != 0)
        {
            Report(c, "iCCP compression method is missing or unknown");
            return "ICC";
        }
        if (!TryInflate(c, rest[1..], name, out var profile)) return "ICC";
        return AddPayload(c, PayloadKind.Icc, profile, name, "ICC");
    }

    private static bool SplitKeyword(Chunk c, out string keyword, out ReadOnlySpan<byte> rest)
    {
        var nul = Array.IndexOf(c.Data, (byte)0);
        if (nul < 0)
        {
            Report(c, "keyword is not terminated by a NUL byte");
            keyword = "";
            rest = default;
            return false;
        }
        if (nul is 0 or > 79) Report(c, $"keyword length {nul} is outside 1-79");
        keyword = Encoding.Latin1.GetString(c.Data, 0, nul);
        rest = c.Data.AsSpan(nul + 1);
        return true;
    }

    /// <summary>Spends <paramref name="bytes"/> kept from this chunk, or counts the chunk as skipped (false) when the scan's budget is spent.</summary>
    private static bool Keep(Chunk c, long bytes) => c.Scan.Budget.TryKeep(bytes, $"PNG {c.Type} chunk");

    /// <summary>Inflates a chunk's data against the per-chunk cap and the scan's budget; a chunk past the budget is counted, not reported one by one.</summary>
    private static bool TryInflate(Chunk c, ReadOnlySpan<byte> compressed, string keyword, out byte[] inflated)
    {
        inflated = [];
        var budget = c.Scan.Budget;
        if (budget.Remaining == 0)
        {
            budget.Skip($"PNG {c.Type} chunk");
            return false;
        }
        try
        {
            inflated = CappedInflate.Zlib(compressed, c.Options.MaxDecompressedBytes, $"PNG {c.Type} '{keyword}'", budget);
            return true;
        }
        catch (CandorFormatException ex)
        {
            if (ex.Kind == FormatErrorKind.LimitExceeded && budget.Remaining == 0) budget.Skip($"PNG {c.Type} chunk");
            else Report(c, $"'{keyword}': {ex.Message}");
            return false;
        }
    }

    private static void AddField(Chunk c, string group, string block, string keyword, string text, string? note) =>
        c.Scan.Fields.Add(new MetadataField(group, keyword, text, new Evidence(block, keyword, null, c.Offset)) { Note = note });

    private static string AddPayload(Chunk c, PayloadKind kind, byte[] data, string? key, string label, string? block = null, string? note = null)
    {
        c.Scan.Payloads.Add(new RawPayload(kind, data, new Evidence(block ?? $"PNG {c.Type}", key, null, c.Offset)) { Note = note });
        return label;
    }

    /// <summary>
    /// ImageMagick profile text:
    /// <code>"\n" name "\n" spaces decimal-length "\n" hex digits (wrapped, whitespace ignored)</code>
    /// </summary>
    private static bool TryRawProfile(Chunk c, string keyword, ReadOnlySpan<byte> text, string block, out string? label)
    {
        label = null;
        if (!keyword.StartsWith(RawProfilePrefix, StringComparison.Ordinal)) return false;
        var name = keyword[RawProfilePrefix.Length..];
        if (!RawProfiles.TryGetValue(name, out var profile)) return false;
        label = $"Raw profile '{name}'";
        var bytes = DecodeRawProfile(text, out var problem);
        if (bytes is null)
        {
            Report(c, $"'{keyword}': {problem}");
            return true;
        }
        var unwrapped = profile.Unwrap(bytes);
        if (unwrapped is null)
        {
            Report(c, $"'{keyword}': profile content not recognised");
            return true;
        }
        AddPayload(c, profile.Kind, unwrapped, keyword, label, block, $"ImageMagick raw profile '{name}' (hex text)");
        return true;
    }

    private static byte[]? DecodeRawProfile(ReadOnlySpan<byte> text, out string? problem)
    {
        problem = null;
        var pos = 0;
        // header: optional newline, the profile name line, then the length line
        for (var line = 0; line < 2; line++)
        {
            while (pos < text.Length && text[pos] is (byte)'\n' or (byte)'\r') pos++;
            var end = text[pos..].IndexOf((byte)'\n');
            if (end < 0) { problem = "raw profile header is incomplete"; return null; }
            if (line == 1)
            {
                var digits = Encoding.ASCII.GetString(text.Slice(pos, end)).Trim();
                if (!long.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var declared))
                {
                    problem = $"raw profile length '{digits}' is not a number";
                    return null;
                }
                pos += end + 1;
                var hex = text[pos..];
                if (declared > hex.Length / 2) { problem = $"raw profile declares {declared} bytes but holds at most {hex.Length / 2}"; return null; }
                var output = new byte[declared];
                var n = 0;
                var high = -1;
                foreach (var b in hex)
                {
                    if (n == output.Length) break;
                    var v = HexValue(b);
                    if (v < 0)
                    {
                        if (b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t') continue;
                        problem = $"raw profile has a non-hex character 0x{b:X2}";
                        return null;
                    }
                    if (high < 0) high = v;
                    else { output[n++] = (byte)(high << 4 | v); high = -1; }
                }
                if (n != output.Length) { problem = $"raw profile holds {n} of {output.Length} declared bytes"; return null; }
                return output;
            }
            pos += end + 1;
        }
        problem = "raw profile header is incomplete";
        return null;
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    private static byte[]? StripExifPrefix(byte[] bytes) =>
        bytes.AsSpan().StartsWith("Exif\0\0"u8) ? bytes[6..] : bytes;

    private static byte[]? UnwrapIptc(byte[] bytes)
    {
        if (bytes.AsSpan().StartsWith("8BIM"u8)) return PhotoshopResources.FindIptc(bytes, out _);
        if (bytes.AsSpan().StartsWith("Photoshop 3.0\0"u8)) return PhotoshopResources.FindIptc(bytes.AsSpan(14), out _);
        return bytes.Length > 0 && bytes[0] == 0x1C ? bytes : null;
    }

    /// <summary>One chunk being read, with the scan it feeds and the block's problem list.</summary>
    private sealed record Chunk(ContainerScan Scan, ScanOptions Options, string Type, long Offset, byte[] Data, List<string> Problems);
}
