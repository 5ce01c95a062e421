using System.Buffers.Binary;

namespace Candor.Formats;

/// <summary>
/// CRC-32 as in zip, PNG and Ethernet (IEEE 802.3: polynomial 0x04C11DB7 reflected = 0xEDB88320,
/// initial value and final XOR 0xFFFFFFFF), fed incrementally, eight bytes per step
/// ("slicing-by-8"). PNG chunks carry it; the model fingerprints use it too (Civitai lists model files by it).
/// </summary>
public sealed class Crc32
{
    private const uint Polynomial = 0xEDB88320;

    // Table[k][b] = CRC of byte b followed by k zero bytes, so eight table look-ups advance eight bytes.
    private static readonly uint[] Table = BuildTable();

    private uint _state = 0xFFFFFFFF;

    /// <summary>The CRC of <paramref name="data"/> in one call.</summary>
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = new Crc32();
        crc.Append(data);
        return crc.Value;
    }

    /// <summary>The CRC of everything appended so far.</summary>
    public uint Value => ~_state;

    /// <summary>Forgets all input.</summary>
    public void Reset() => _state = 0xFFFFFFFF;

    /// <summary>Feeds more input. Any split of the input into calls gives the same CRC.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        var crc = _state;
        var table = Table.AsSpan();
        while (data.Length >= 8)
        {
            var low = BinaryPrimitives.ReadUInt32LittleEndian(data) ^ crc;
            var high = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
            crc = table[(7 * 256) + (int)(low & 0xFF)]
                ^ table[(6 * 256) + (int)((low >> 8) & 0xFF)]
                ^ table[(5 * 256) + (int)((low >> 16) & 0xFF)]
                ^ table[(4 * 256) + (int)(low >> 24)]
                ^ table[(3 * 256) + (int)(high & 0xFF)]
                ^ table[(2 * 256) + (int)((high >> 8) & 0xFF)]
                ^ table[256 + (int)((high >> 16) & 0xFF)]
                ^ table[(int)(high >> 24)];
            data = data[8..];
        }

        foreach (var b in data)
            crc = table[(int)((crc ^ b) & 0xFF)] ^ (crc >> 8);
        _state = crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[8 * 256];
        for (uint b = 0; b < 256; b++)
        {
            var crc = b;
            for (var bit = 0; bit < 8; bit++)
                crc = (crc & 1) != 0 ? (crc >> 1) ^ Polynomial : crc >> 1;
            table[b] = crc;
        }

        for (var k = 1; k < 8; k++)
        {
            for (var b = 0; b < 256; b++)
            {
                var previous = table[((k - 1) * 256) + b];
                table[(k * 256) + b] = (previous >> 8) ^ table[previous & 0xFF];
            }
        }

        return table;
    }
}
