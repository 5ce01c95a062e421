namespace Candor.C2pa.Jumbf;

/// <summary>
/// The decoded <c>jumd</c> description box that opens every JUMBF superbox (ISO/IEC 19566-5):
/// what kind of superbox it is (<see cref="Uuid"/>, whose first four bytes spell a C2PA type
/// such as <c>c2ma</c>), its label, and the optional ID, SHA-256 and private box.
/// </summary>
public sealed class JumbfDescription
{
    /// <summary>Toggle bit: the superbox may be requested by its label.</summary>
    public const byte Requestable = 0x01;
    /// <summary>Toggle bit: a NUL-terminated label follows the toggles.</summary>
    public const byte LabelPresent = 0x02;
    /// <summary>Toggle bit: a 4-byte ID follows.</summary>
    public const byte IdPresent = 0x04;
    /// <summary>Toggle bit: a 32-byte SHA-256 follows.</summary>
    public const byte HashPresent = 0x08;
    /// <summary>Toggle bit: a private box follows (C2PA: <c>c2sh</c> with the salt).</summary>
    public const byte PrivatePresent = 0x10;

    /// <summary>The 16 content-type UUID bytes as written.</summary>
    public required ReadOnlyMemory<byte> UuidBytes { get; init; }

    /// <summary>The content type as a UUID string in byte order, e.g. "63326D61-0011-0010-8000-00AA00389B71".</summary>
    public string Uuid => FormatUuid(UuidBytes.Span);

    /// <summary>The first four UUID bytes as ASCII when they are letters or digits ("c2pa", "c2ma", "cbor", "json"), else null.</summary>
    public string? TypeCode
    {
        get
        {
            var b = UuidBytes.Span;
            if (b.Length < 4) return null;
            foreach (var c in b[..4])
                if (!char.IsAsciiLetterOrDigit((char)c)) return null;
            return System.Text.Encoding.ASCII.GetString(b[..4]);
        }
    }

    /// <summary>The toggles byte.</summary>
    public required byte Toggles { get; init; }

    /// <summary>The label, or null when the label bit is clear.</summary>
    public string? Label { get; init; }

    /// <summary>The ID when present.</summary>
    public uint? Id { get; init; }

    /// <summary>The SHA-256 when present.</summary>
    public ReadOnlyMemory<byte>? Sha256 { get; init; }

    /// <summary>The private box when present (C2PA: <c>c2sh</c>, the salt).</summary>
    public JumbfBox? PrivateBox { get; init; }

    private static string FormatUuid(ReadOnlySpan<byte> b)
    {
        if (b.Length != 16) return Convert.ToHexString(b);
        var hex = Convert.ToHexString(b);
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }
}
