using System.Buffers.Binary;
using System.Text;

namespace Candor.C2pa.Jumbf;

// JUMBF (ISO/IEC 19566-5) as this writer emits it — the layout JumbfReader walks:
//
//   box       LBox u32 BE (length including the 8-byte header) | TBox 4 ASCII chars | payload
//             (a byte array never reaches 4 GiB, so the XLBox form is never needed)
//   superbox  "jumb": jumd, then content boxes and/or nested superboxes
//   jumd      UUID (16) | toggles (1) | [label UTF-8 + NUL] (0x02) | [ID u32 BE] (0x04)
//             | [SHA-256, 32 bytes] (0x08) | [private box] (0x10); 0x01 = requestable
//   bfdb      toggles (1: 0x01 file name present, 0x02 external reference) | media type + NUL | [file name + NUL]
//   bidb      the embedded file's bytes
//   uuid      UUID (16) | data

/// <summary>
/// Writes JUMBF boxes byte-exactly: plain boxes, <c>jumd</c> descriptions, superboxes and the
/// content boxes C2PA uses (cbor, json, uuid, embedded file bfdb + bidb). Every method returns
/// the complete box, header included, so boxes nest by passing one method's output to another.
/// </summary>
public static class JumbfWriter
{
    /// <summary>Length of a box header (LBox + TBox).</summary>
    public const int HeaderLength = 8;

    /// <summary>The content-type UUID of an embedded file superbox (40CB0C32-BB8A-489D-A70B-2AD6F47F4369).</summary>
    public static ReadOnlySpan<byte> EmbeddedFileUuid => [0x40, 0xCB, 0x0C, 0x32, 0xBB, 0x8A, 0x48, 0x9D, 0xA7, 0x0B, 0x2A, 0xD6, 0xF4, 0x7F, 0x43, 0x69];

    private static ReadOnlySpan<byte> C2paUuidTail => [0x00, 0x11, 0x00, 0x10, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// The UUID of a C2PA / JUMBF type code: the four ASCII letters of <paramref name="code"/>
    /// ("c2pa", "c2ma", "c2as", "c2cl", "c2cs", "cbor", "json", …) followed by 0011-0010-8000-00AA00389B71.
    /// </summary>
    public static byte[] TypeUuid(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (code.Length != 4 || code.Any(c => c > 0x7E || c < 0x20)) throw new ArgumentException($"a type code is four ASCII characters, got '{code}'", nameof(code));
        var uuid = new byte[16];
        Encoding.ASCII.GetBytes(code, uuid);
        C2paUuidTail.CopyTo(uuid.AsSpan(4));
        return uuid;
    }

    /// <summary>A box of type <paramref name="type"/> (four ASCII characters) around <paramref name="payload"/>.</summary>
    public static byte[] Box(string type, ReadOnlySpan<byte> payload)
    {
        CheckType(type);
        var length = (long)HeaderLength + payload.Length;
        if (length > uint.MaxValue) throw new ArgumentException("a box payload must be smaller than 4 GiB", nameof(payload));
        var box = new byte[length];
        BinaryPrimitives.WriteUInt32BigEndian(box, (uint)length);
        Encoding.ASCII.GetBytes(type, box.AsSpan(4, 4));
        payload.CopyTo(box.AsSpan(HeaderLength));
        return box;
    }

    /// <summary>
    /// A <c>jumd</c> description box. The toggles are derived from what is given (label 0x02, ID 0x04,
    /// SHA-256 0x08, private box 0x10) plus 0x01 when <paramref name="requestable"/>. A label holding a
    /// NUL, or a hash that is not 32 bytes, is an <see cref="ArgumentException"/>.
    /// </summary>
    public static byte[] Description(ReadOnlySpan<byte> uuid, string? label, bool requestable = true, uint? id = null, ReadOnlySpan<byte> sha256 = default,
        ReadOnlySpan<byte> privateBox = default)
    {
        if (uuid.Length != 16) throw new ArgumentException($"a JUMBF type UUID is 16 bytes, got {uuid.Length}", nameof(uuid));
        if (!sha256.IsEmpty && sha256.Length != 32) throw new ArgumentException($"a jumd SHA-256 is 32 bytes, got {sha256.Length}", nameof(sha256));
        byte[] labelBytes = [];
        if (label is not null)
        {
            if (label.Contains('\0')) throw new ArgumentException("a JUMBF label cannot contain NUL", nameof(label));
            try
            {
                labelBytes = StrictUtf8.GetBytes(label);
            }
            catch (EncoderFallbackException e)
            {
                throw new ArgumentException("the label is not valid UTF-16 (lone surrogate)", nameof(label), e);
            }
        }
        var toggles = (byte)((requestable ? JumbfDescription.Requestable : 0)
            | (label is not null ? JumbfDescription.LabelPresent : 0)
            | (id is not null ? JumbfDescription.IdPresent : 0)
            | (!sha256.IsEmpty ? JumbfDescription.HashPresent : 0)
            | (!privateBox.IsEmpty ? JumbfDescription.PrivatePresent : 0));
        var payload = new List<byte>(17 + labelBytes.Length + 1 + 4 + 32 + privateBox.Length);
        payload.AddRange(uuid);
        payload.Add(toggles);
        if (label is not null)
        {
            payload.AddRange(labelBytes);
            payload.Add(0);
        }
        if (id is { } value)
        {
            Span<byte> idBytes = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(idBytes, value);
            payload.AddRange(idBytes);
        }
        payload.AddRange(sha256);
        payload.AddRange(privateBox);
        return Box("jumd", payload.ToArray());
    }

    /// <summary>A <c>jumb</c> superbox: the <paramref name="description"/> box (from <see cref="Description"/>), then <paramref name="children"/> in order.</summary>
    public static byte[] Superbox(ReadOnlySpan<byte> description, IEnumerable<byte[]> children)
    {
        ArgumentNullException.ThrowIfNull(children);
        if (description.Length < HeaderLength + 17 || !description.Slice(4, 4).SequenceEqual("jumd"u8))
            throw new ArgumentException("a superbox starts with a complete jumd description box", nameof(description));
        var list = children.ToList();
        var payload = new byte[description.Length + list.Sum(c => (long)c.Length)];
        description.CopyTo(payload);
        var at = description.Length;
        foreach (var child in list)
        {
            child.CopyTo(payload, at);
            at += child.Length;
        }
        return Box("jumb", payload);
    }

    /// <summary>A superbox of C2PA type <paramref name="code"/> ("c2ma", "cbor", …) labelled <paramref name="label"/>, requestable, with an optional private box (a <c>c2sh</c> salt).</summary>
    public static byte[] Superbox(string code, string label, IEnumerable<byte[]> children, ReadOnlySpan<byte> privateBox = default) =>
        Superbox(Description(TypeUuid(code), label, privateBox: privateBox), children);

    /// <summary>A <c>cbor</c> content box.</summary>
    public static byte[] Cbor(ReadOnlySpan<byte> encoded) => Box("cbor", encoded);

    /// <summary>A <c>json</c> content box (UTF-8 text as given).</summary>
    public static byte[] Json(ReadOnlySpan<byte> utf8) => Box("json", utf8);

    /// <summary>A <c>uuid</c> content box: the 16-byte UUID, then the data.</summary>
    public static byte[] Uuid(ReadOnlySpan<byte> uuid, ReadOnlySpan<byte> data)
    {
        if (uuid.Length != 16) throw new ArgumentException($"a UUID is 16 bytes, got {uuid.Length}", nameof(uuid));
        var payload = new byte[16 + data.Length];
        uuid.CopyTo(payload);
        data.CopyTo(payload.AsSpan(16));
        return Box("uuid", payload);
    }

    /// <summary>A <c>c2sh</c> private box holding a salt (C2PA uses 16 or 32 random bytes).</summary>
    public static byte[] Salt(ReadOnlySpan<byte> salt) => Box("c2sh", salt);

    /// <summary>
    /// The two content boxes of an embedded file: <c>bfdb</c> (media type, optional file name) and
    /// <c>bidb</c> (the bytes). Put them in a superbox of type <see cref="EmbeddedFileUuid"/>.
    /// </summary>
    public static (byte[] Description, byte[] Data) EmbeddedFile(string mediaType, ReadOnlySpan<byte> data, string? fileName = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(mediaType);
        if (mediaType.Contains('\0') || fileName?.Contains('\0') == true) throw new ArgumentException("a media type or file name cannot contain NUL");
        var description = new List<byte> { (byte)(fileName is null ? 0x00 : 0x01) };
        description.AddRange(StrictUtf8.GetBytes(mediaType));
        description.Add(0);
        if (fileName is not null)
        {
            description.AddRange(StrictUtf8.GetBytes(fileName));
            description.Add(0);
        }
        return (Box("bfdb", description.ToArray()), Box("bidb", data));
    }

    private static void CheckType(string type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (type.Length != 4 || type.Any(c => c > 0x7E || c < 0x20)) throw new ArgumentException($"a box type is four ASCII characters, got '{type}'", nameof(type));
    }
}
