using System.Buffers.Binary;
using System.Numerics;

namespace Candor.Fingerprints;

/// <summary>
/// A 256-bit PDQ perceptual hash (Meta's ThreatExchange <c>pdq/</c>). Bit <c>k</c> = 16·row + column of the 16×16 DCT
/// is set when that coefficient is above the median, and the text form is the reference's: 64 lower-case hex digits,
/// most significant first, bit 255 leading and bit 0 last. <see cref="W0"/> holds bits 255–192 (the first 16 hex
/// digits), <see cref="W3"/> bits 63–0 (the last 16), so the words compare like the text does.
/// </summary>
public readonly struct PdqHash : IEquatable<PdqHash>
{
    /// <summary>Number of bits in a hash.</summary>
    public const int Bits = 256;

    /// <summary>Number of bytes in the binary form (<see cref="WriteTo"/>, <see cref="Read"/>).</summary>
    public const int Bytes = 32;

    /// <summary>Number of hex digits in the text form.</summary>
    public const int HexLength = 64;

    /// <summary>A hash from its four 64-bit words, most significant first (<paramref name="w0"/> = the first 16 hex digits).</summary>
    public PdqHash(ulong w0, ulong w1, ulong w2, ulong w3)
    {
        W0 = w0;
        W1 = w1;
        W2 = w2;
        W3 = w3;
    }

    /// <summary>Bits 255–192: hex digits 1–16.</summary>
    public ulong W0 { get; }

    /// <summary>Bits 191–128: hex digits 17–32.</summary>
    public ulong W1 { get; }

    /// <summary>Bits 127–64: hex digits 33–48.</summary>
    public ulong W2 { get; }

    /// <summary>Bits 63–0: hex digits 49–64.</summary>
    public ulong W3 { get; }

    /// <summary>Bit <paramref name="index"/> (0–255) in the reference's numbering: 16 × DCT row + DCT column.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is outside 0–255.</exception>
    public bool GetBit(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Bits);
        var word = (index >> 6) switch { 0 => W3, 1 => W2, 2 => W1, _ => W0 };
        return ((word >> (index & 63)) & 1) != 0;
    }

    /// <summary>Number of bits that differ from <paramref name="other"/> (Hamming distance, 0–256).</summary>
    public int DistanceTo(PdqHash other) => Distance(this, other);

    /// <summary>Number of bits that differ between <paramref name="a"/> and <paramref name="b"/> (Hamming distance, 0–256).</summary>
    public static int Distance(PdqHash a, PdqHash b) =>
        BitOperations.PopCount(a.W0 ^ b.W0) + BitOperations.PopCount(a.W1 ^ b.W1)
        + BitOperations.PopCount(a.W2 ^ b.W2) + BitOperations.PopCount(a.W3 ^ b.W3);

    /// <summary>Writes the 32 bytes of the hash in the order of its hex text (big-endian: the first byte is the first two hex digits).</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="Bytes"/>.</exception>
    public void WriteTo(Span<byte> destination)
    {
        if (destination.Length < Bytes) throw new ArgumentException($"A PDQ hash needs {Bytes} bytes.", nameof(destination));
        BinaryPrimitives.WriteUInt64BigEndian(destination, W0);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], W1);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], W2);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], W3);
    }

    /// <summary>Reads a hash from the first 32 bytes of <paramref name="source"/>, in the order <see cref="WriteTo"/> writes.</summary>
    /// <exception cref="ArgumentException"><paramref name="source"/> is shorter than <see cref="Bytes"/>.</exception>
    public static PdqHash Read(ReadOnlySpan<byte> source)
    {
        if (source.Length < Bytes) throw new ArgumentException($"A PDQ hash needs {Bytes} bytes.", nameof(source));
        return new PdqHash(BinaryPrimitives.ReadUInt64BigEndian(source), BinaryPrimitives.ReadUInt64BigEndian(source[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(source[16..]), BinaryPrimitives.ReadUInt64BigEndian(source[24..]));
    }

    /// <summary>Parses the 64 hex digits of a hash (either case, nothing around them), as the reference prints it.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="hex"/> is null.</exception>
    /// <exception cref="CandorFormatException">The text is not exactly 64 hex digits; the offset is the first wrong character.</exception>
    public static PdqHash Parse(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        var bad = Scan(hex, out var hash);
        if (bad < 0) return hash;
        throw new CandorFormatException(bad < Math.Min(hex.Length, HexLength)
            ? $"A PDQ hash is {HexLength} hex digits; character {bad} is '{hex[bad]}'."
            : $"A PDQ hash is {HexLength} hex digits; this text has {hex.Length} characters.", bad, "PDQ hash");
    }

    /// <summary>Parses like <see cref="Parse"/>; false (and the zero hash) for null or anything but 64 hex digits.</summary>
    public static bool TryParse(string? hex, out PdqHash hash)
    {
        hash = default;
        return hex is not null && Scan(hex, out hash) < 0;
    }

    /// <summary>Returns -1 when <paramref name="hex"/> is a valid hash, else the index of the first problem (its length when too short).</summary>
    private static int Scan(string hex, out PdqHash hash)
    {
        hash = default;
        Span<ulong> words = stackalloc ulong[4];
        var n = Math.Min(hex.Length, HexLength);
        for (var i = 0; i < n; i++)
        {
            var digit = HexDigit(hex[i]);
            if (digit < 0) return i;
            words[i >> 4] = (words[i >> 4] << 4) | (uint)digit;
        }
        if (hex.Length != HexLength) return n;
        hash = new PdqHash(words[0], words[1], words[2], words[3]);
        return -1;
    }

    private static int HexDigit(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    /// <summary>The 64 lower-case hex digits, the same text the reference's <c>Hash256::format</c> prints.</summary>
    public override string ToString() => string.Create(HexLength, this, static (chars, h) =>
    {
        Span<byte> bytes = stackalloc byte[Bytes];
        h.WriteTo(bytes);
        Convert.TryToHexStringLower(bytes, chars, out _);
    });

    /// <inheritdoc/>
    public bool Equals(PdqHash other) => W0 == other.W0 && W1 == other.W1 && W2 == other.W2 && W3 == other.W3;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is PdqHash other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(W0, W1, W2, W3);

    /// <summary>True when both hashes have the same 256 bits.</summary>
    public static bool operator ==(PdqHash left, PdqHash right) => left.Equals(right);

    /// <summary>True when the hashes differ in at least one bit.</summary>
    public static bool operator !=(PdqHash left, PdqHash right) => !left.Equals(right);
}
