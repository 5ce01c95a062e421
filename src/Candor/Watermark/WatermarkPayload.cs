using System.Text;
using Candor.Consent;

namespace Candor.Watermark;

/// <summary>
/// The 64 bits a watermark carries. Any 8 bytes are allowed; two conventions are built in:
/// a short text (up to 8 bytes of UTF-8, zero-padded) and the "do not train" preset,
/// <c>44 4E 54 SS OO OO OO OO</c>: the letters "DNT", a scope byte SS (1 = no text and data mining
/// at all, 2 = no AI/ML training, 3 = no generative AI/ML training — the PLUS Data Mining values
/// DMI-PROHIBITED, -AIMLTRAINING, -GENAIMLTRAINING) and a 4-byte owner tag chosen by the owner.
/// </summary>
public sealed record WatermarkPayload
{
    /// <summary>Wraps 8 bytes.</summary>
    public WatermarkPayload(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 8) throw new ArgumentException("A watermark payload is 8 bytes (64 bits).", nameof(bytes));
        Value = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes);
    }

    /// <summary>Wraps a 64-bit value (big-endian byte order).</summary>
    public WatermarkPayload(ulong value) => Value = value;

    /// <summary>The payload as a 64-bit number, first byte most significant.</summary>
    public ulong Value { get; }

    /// <summary>The 8 bytes.</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes, Value);
        return bytes;
    }

    /// <summary>16 lower-case hex digits.</summary>
    public string ToHex() => Value.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Bit <paramref name="index"/> (0 = most significant).</summary>
    public bool Bit(int index) => ((Value >> (63 - index)) & 1) == 1;

    /// <summary>Parses 16 hex digits (spaces, colons and a 0x prefix allowed).</summary>
    /// <exception cref="FormatException">Not 16 hex digits.</exception>
    public static WatermarkPayload FromHex(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        var digits = hex.Trim();
        if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) digits = digits[2..];
        digits = digits.Replace(" ", "", StringComparison.Ordinal).Replace(":", "", StringComparison.Ordinal);
        if (digits.Length != 16 || !digits.All(Uri.IsHexDigit))
            throw new FormatException($"a payload is 16 hex digits (64 bits); got \"{hex}\"");
        return new WatermarkPayload(Convert.FromHexString(digits));
    }

    /// <summary>Up to 8 bytes of UTF-8 text, zero-padded.</summary>
    /// <exception cref="FormatException">The text is longer than 8 bytes in UTF-8, or empty.</exception>
    public static WatermarkPayload FromText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length is 0 or > 8) throw new FormatException($"a text payload is 1 to 8 bytes of UTF-8; \"{text}\" is {bytes.Length}");
        if (bytes.Contains((byte)0)) throw new FormatException("a text payload cannot contain NUL");
        var padded = new byte[8];
        bytes.CopyTo(padded, 0);
        return new WatermarkPayload(padded);
    }

    /// <summary>The "do not train" preset (see the type's summary).</summary>
    public static WatermarkPayload DoNotTrain(DoNotTrainScope scope = DoNotTrainScope.AllMining, uint ownerTag = 0)
    {
        if (scope is < DoNotTrainScope.AllMining or > DoNotTrainScope.GenerativeAiTraining) throw new ArgumentOutOfRangeException(nameof(scope));
        return new WatermarkPayload(((ulong)'D' << 56) | ((ulong)'N' << 48) | ((ulong)'T' << 40) | ((ulong)scope << 32) | ownerTag);
    }

    /// <summary>The scope when this payload follows the "do not train" preset; otherwise null.</summary>
    public DoNotTrainScope? NoTrainScope =>
        (Value >> 40) == 0x444E54 && ((Value >> 32) & 0xFF) is >= 1 and <= 3 ? (DoNotTrainScope)((Value >> 32) & 0xFF) : null;

    /// <summary>The owner tag of a "do not train" payload (last 4 bytes).</summary>
    public uint OwnerTag => (uint)Value;

    /// <summary>The payload in words: its hex, and its text or "do not train" meaning when it follows a convention.</summary>
    public string Describe() => this switch
    {
        { NoTrainScope: { } scope } => $"payload {ToHex()} — do not train: {TrainingConsent.Meaning(scope)}, owner tag {OwnerTag:x8}",
        _ when AsText() is { } text => $"payload {ToHex()} — text \"{text}\"",
        _ => $"payload {ToHex()}",
    };

    /// <summary>The payload as text when it is 1–8 bytes of printable UTF-8 followed only by zero bytes; otherwise null.</summary>
    public string? AsText()
    {
        var bytes = ToBytes();
        var length = Array.IndexOf(bytes, (byte)0);
        if (length < 0) length = 8;
        if (length == 0 || bytes.AsSpan(length).ContainsAnyExcept((byte)0)) return null;
        try
        {
            var text = new UTF8Encoding(false, true).GetString(bytes, 0, length);
            return text.Any(char.IsControl) ? null : text;
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public override string ToString() => ToHex();
}
