using System.Buffers.Binary;
using System.Text;

namespace Candor.C2pa.Jumbf;

// JUMBF (ISO/IEC 19566-5, as used by C2PA §11.1), the layout this reader walks:
//
//   box       LBox u32 BE (length including this header) | TBox 4 chars | [XLBox u64 BE] | payload
//             LBox = 1 → XLBox follows (header 16 bytes); LBox = 0 → the box runs to the end of
//             its container; LBox 2..7 is invalid.
//   superbox  TBox "jumb"; payload = jumd box, then content boxes and/or nested superboxes
//   jumd      UUID (16) | toggles (1) | [label UTF-8, NUL-terminated]        (toggles & 0x02)
//                                     | [ID u32 BE]                         (toggles & 0x04)
//                                     | [SHA-256, 32 bytes]                 (toggles & 0x08)
//                                     | [private box, e.g. c2sh salt]       (toggles & 0x10)
//   content   cbor, json, uuid (16-byte UUID + data), bfdb (embedded file description),
//             bidb (embedded file bytes), brob (Brotli-compressed), jp2c, xml, ...

/// <summary>
/// Reads a JUMBF superbox tree from a buffer, keeping every box's absolute offset and exact byte
/// range. Lengths are checked against the bytes that remain in the enclosing box; nesting depth
/// and the total box count are capped; malformed data raises <see cref="CandorFormatException"/>.
/// </summary>
public static class JumbfReader
{
    /// <summary>Default cap on superbox nesting.</summary>
    public const int DefaultMaxDepth = 16;

    /// <summary>Default cap on the number of boxes in one read.</summary>
    public const int DefaultMaxBoxes = 100_000;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Reads the superbox at the start of <paramref name="data"/> (which sits at absolute offset
    /// <paramref name="baseOffset"/>). Bytes after it are not read; compare <see cref="JumbfBox.Length"/>
    /// with the buffer to find them.
    /// </summary>
    public static JumbfBox ReadSuperbox(ReadOnlyMemory<byte> data, long baseOffset = 0, int maxDepth = DefaultMaxDepth, int maxBoxes = DefaultMaxBoxes)
    {
        var boxes = 0;
        var box = ReadBox(data, 0, data.Length, baseOffset, 0, maxDepth, maxBoxes, ref boxes);
        if (!box.IsSuperbox) throw new CandorFormatException($"JUMBF: expected a 'jumb' superbox, found '{box.Type}'", baseOffset);
        return box;
    }

    private static JumbfBox ReadBox(ReadOnlyMemory<byte> data, int pos, int end, long baseOffset, int depth, int maxDepth, int maxBoxes, ref int boxes)
    {
        if (++boxes > maxBoxes) throw new CandorFormatException($"JUMBF: more than {maxBoxes} boxes", baseOffset + pos, kind: FormatErrorKind.LimitExceeded);
        var span = data.Span;
        var available = end - pos;
        if (available < 8) throw new CandorFormatException($"JUMBF: a box header needs 8 bytes, {available} remain", baseOffset + pos, kind: FormatErrorKind.Truncated);
        var lbox = BinaryPrimitives.ReadUInt32BigEndian(span[pos..]);
        var type = BoxType(span.Slice(pos + 4, 4));
        long length;
        var header = 8;
        switch (lbox)
        {
            case 0:
                length = available;
                break;
            case 1:
                if (available < 16) throw new CandorFormatException($"JUMBF: box '{type}' has an extended length but only {available} bytes remain", baseOffset + pos, kind: FormatErrorKind.Truncated);
                var xl = BinaryPrimitives.ReadUInt64BigEndian(span[(pos + 8)..]);
                if (xl < 16 || xl > (ulong)available)
                    throw new CandorFormatException($"JUMBF: box '{type}' declares {xl} bytes but {available} remain", baseOffset + pos,
                        kind: xl < 16 ? FormatErrorKind.Malformed : FormatErrorKind.Truncated);
                length = (long)xl;
                header = 16;
                break;
            case < 8:
                throw new CandorFormatException($"JUMBF: box '{type}' has an invalid length {lbox}", baseOffset + pos);
            default:
                if (lbox > available) throw new CandorFormatException($"JUMBF: box '{type}' declares {lbox} bytes but {available} remain", baseOffset + pos, kind: FormatErrorKind.Truncated);
                length = lbox;
                break;
        }
        var bytes = data.Slice(pos, (int)length);
        if (type != "jumb")
            return new JumbfBox { Type = type, Offset = baseOffset + pos, HeaderLength = header, Bytes = bytes };

        if (depth >= maxDepth) throw new CandorFormatException($"JUMBF: superboxes nested deeper than {maxDepth} levels", baseOffset + pos, kind: FormatErrorKind.LimitExceeded);
        var childPos = pos + header;
        var boxEnd = pos + (int)length;
        if (childPos >= boxEnd) throw new CandorFormatException("JUMBF: a superbox has no description box", baseOffset + pos);
        var descriptionBox = ReadBox(data, childPos, boxEnd, baseOffset, depth + 1, maxDepth, maxBoxes, ref boxes);
        if (descriptionBox.Type != "jumd") throw new CandorFormatException($"JUMBF: a superbox starts with '{descriptionBox.Type}' instead of its 'jumd' description", baseOffset + childPos);
        var description = ReadDescription(descriptionBox, baseOffset, ref boxes, maxBoxes);
        childPos += (int)descriptionBox.Length;
        var children = new List<JumbfBox>();
        while (childPos < boxEnd)
        {
            var child = ReadBox(data, childPos, boxEnd, baseOffset, depth + 1, maxDepth, maxBoxes, ref boxes);
            children.Add(child);
            childPos += (int)child.Length;
        }
        return new JumbfBox
        {
            Type = type,
            Offset = baseOffset + pos,
            HeaderLength = header,
            Bytes = bytes,
            Description = description,
            DescriptionBox = descriptionBox,
            Children = children.AsReadOnly(),
        };
    }

    private static JumbfDescription ReadDescription(JumbfBox box, long baseOffset, ref int boxes, int maxBoxes)
    {
        var payload = box.Payload;
        var span = payload.Span;
        var at = box.PayloadOffset;
        if (span.Length < 17) throw new CandorFormatException($"JUMBF: a 'jumd' description needs 17 bytes, it has {span.Length}", at);
        var toggles = span[16];
        var pos = 17;
        string? label = null;
        uint? id = null;
        ReadOnlyMemory<byte>? sha = null;
        JumbfBox? privateBox = null;
        if ((toggles & JumbfDescription.LabelPresent) != 0)
        {
            var nul = span[pos..].IndexOf((byte)0);
            if (nul < 0) throw new CandorFormatException("JUMBF: a 'jumd' label is not NUL-terminated", at + pos, kind: FormatErrorKind.Truncated);
            try
            {
                label = StrictUtf8.GetString(span.Slice(pos, nul));
            }
            catch (DecoderFallbackException)
            {
                throw new CandorFormatException("JUMBF: a 'jumd' label is not valid UTF-8", at + pos);
            }
            pos += nul + 1;
        }
        if ((toggles & JumbfDescription.IdPresent) != 0)
        {
            if (span.Length - pos < 4) throw new CandorFormatException("JUMBF: a 'jumd' ID is cut short", at + pos, kind: FormatErrorKind.Truncated);
            id = BinaryPrimitives.ReadUInt32BigEndian(span[pos..]);
            pos += 4;
        }
        if ((toggles & JumbfDescription.HashPresent) != 0)
        {
            if (span.Length - pos < 32) throw new CandorFormatException("JUMBF: a 'jumd' SHA-256 is cut short", at + pos, kind: FormatErrorKind.Truncated);
            sha = payload.Slice(pos, 32);
            pos += 32;
        }
        if ((toggles & JumbfDescription.PrivatePresent) != 0)
        {
            // The private box is a plain box; its offsets are relative to the description payload.
            if (span.Length - pos >= 8 && span.Slice(pos + 4, 4).SequenceEqual("jumb"u8))
                throw new CandorFormatException("JUMBF: a 'jumd' private box is a superbox", at + pos);
            privateBox = ReadBox(payload, pos, span.Length, at, 0, 0, maxBoxes, ref boxes);
        }
        return new JumbfDescription
        {
            UuidBytes = payload[..16],
            Toggles = toggles,
            Label = label,
            Id = id,
            Sha256 = sha,
            PrivateBox = privateBox,
        };
    }

    private static string BoxType(ReadOnlySpan<byte> type)
    {
        Span<char> chars = stackalloc char[4];
        for (var i = 0; i < 4; i++) chars[i] = type[i] is >= 0x20 and < 0x7F ? (char)type[i] : '?';
        return new string(chars);
    }
}
