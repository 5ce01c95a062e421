namespace Candor.Formats.Png;

/// <summary>CRC-32 as PNG defines it (ISO 3309 polynomial 0xEDB88320, reflected, pre- and post-inverted), table driven.</summary>
internal static class PngCrc
{
    private static readonly uint[] Table = BuildTable();

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }

    /// <summary>Continues a running CRC (start with 0xFFFFFFFF, finish with <see cref="Finish"/>).</summary>
    public static uint Update(uint crc, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes) crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    /// <summary>The final value of a running CRC.</summary>
    public static uint Finish(uint crc) => crc ^ 0xFFFFFFFFu;

    /// <summary>CRC-32 of a chunk: over the type and the data.</summary>
    public static uint OfChunk(ReadOnlySpan<byte> type, ReadOnlySpan<byte> data) => Finish(Update(Update(0xFFFFFFFFu, type), data));
}
