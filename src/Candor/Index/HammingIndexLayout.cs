using System.Buffers.Binary;
using System.IO.Hashing;

namespace Candor.Index;

/*
 * The Hamming index file (version 1), little-endian throughout.
 *
 *   header, 4096 bytes
 *     0     8  magic "CANDORHI"
 *     8     4  format version (1)
 *     12    4  header length (4096)
 *     16    8  item count N
 *     24    8  first id (the id of item 0; later segments of a folder continue the ids)
 *     32    4  chunk count (16)
 *     36    4  bits per chunk (16)
 *     40    4  section count (1 + 3 × 16 = 49)
 *     44    4  zero
 *     48        section table, one 24-byte entry per section: offset (8), length (8), XXH3-64 of the section (8)
 *     1224  8  XXH3-64 of header bytes 0..1223
 *     rest zero
 *   sections, each starting at a multiple of 4096
 *     codes                 N × 32 bytes: words W0..W3 of each code, in id order
 *     then for chunk c = 0..15 (bits 16c..16c+15 of the code):
 *       offsets             65537 × uint32: the postings of bucket k (items whose chunk c equals k) are
 *                           positions offsets[k] .. offsets[k+1]-1; offsets[0] = 0, offsets[65536] = N
 *       neighbours          N × uint16: chunk (c+1) mod 16 of each posting's code, for the early reject
 *       ids                 N × uint32: each posting's item (position in codes), ascending within a bucket
 */

/// <summary>The byte layout of a Hamming index file: header fields, sections and their checks.</summary>
internal static class HammingIndexLayout
{
    public const int HeaderLength = 4096;
    public const int Version = 1;
    public const int Chunks = 16;
    public const int ChunkBits = 16;
    public const int Buckets = 1 << ChunkBits;
    public const int SectionCount = 1 + 3 * Chunks;
    public const int SectionTableOffset = 48;
    public const int SectionEntryLength = 24;
    public const int HeaderChecksumOffset = SectionTableOffset + SectionCount * SectionEntryLength;
    public const int CodeBytes = 32;

    /// <summary>More items than this cannot be addressed by the 32-bit ids and offsets of one file.</summary>
    public const long MaxCount = uint.MaxValue;

    public static ReadOnlySpan<byte> Magic => "CANDORHI"u8;

    /// <summary>One section of the file: where it starts, how long it is, and its checksum.</summary>
    public readonly record struct Section(long Offset, long Length, ulong Checksum);

    /// <summary>The parsed header of a file.</summary>
    public sealed record Header(long Count, long FirstId, Section[] Sections);

    public static int CodesSection => 0;

    public static int OffsetsSection(int chunk) => 1 + 3 * chunk;

    public static int NeighboursSection(int chunk) => 2 + 3 * chunk;

    public static int IdsSection(int chunk) => 3 + 3 * chunk;

    /// <summary>The name of section <paramref name="section"/> for messages.</summary>
    public static string SectionName(int section) => section == 0
        ? "codes"
        : ((section - 1) % 3) switch
        {
            0 => $"chunk {(section - 1) / 3} offsets",
            1 => $"chunk {(section - 1) / 3} neighbours",
            _ => $"chunk {(section - 1) / 3} ids",
        };

    /// <summary>Where each section of a file with <paramref name="count"/> items starts and how long it is.</summary>
    public static (long Offset, long Length)[] Plan(long count)
    {
        var plan = new (long, long)[SectionCount];
        var at = (long)HeaderLength;
        for (var s = 0; s < SectionCount; s++)
        {
            var length = s == 0 ? count * CodeBytes
                : ((s - 1) % 3) switch { 0 => (Buckets + 1) * 4L, 1 => count * 2, _ => count * 4 };
            plan[s] = (at, length);
            at = Align(at + length);
        }
        return plan;
    }

    /// <summary>The length of a file with <paramref name="count"/> items: the end of its last section.</summary>
    public static long FileLength(long count)
    {
        var last = Plan(count)[^1];
        return last.Offset + last.Length;
    }

    public static long Align(long at) => (at + HeaderLength - 1) / HeaderLength * HeaderLength;

    public static byte[] WriteHeader(long count, long firstId, ReadOnlySpan<Section> sections)
    {
        var h = new byte[HeaderLength];
        Magic.CopyTo(h);
        BinaryPrimitives.WriteInt32LittleEndian(h.AsSpan(8), Version);
        BinaryPrimitives.WriteInt32LittleEndian(h.AsSpan(12), HeaderLength);
        BinaryPrimitives.WriteInt64LittleEndian(h.AsSpan(16), count);
        BinaryPrimitives.WriteInt64LittleEndian(h.AsSpan(24), firstId);
        BinaryPrimitives.WriteInt32LittleEndian(h.AsSpan(32), Chunks);
        BinaryPrimitives.WriteInt32LittleEndian(h.AsSpan(36), ChunkBits);
        BinaryPrimitives.WriteInt32LittleEndian(h.AsSpan(40), SectionCount);
        for (var s = 0; s < SectionCount; s++)
        {
            var e = h.AsSpan(SectionTableOffset + s * SectionEntryLength);
            BinaryPrimitives.WriteInt64LittleEndian(e, sections[s].Offset);
            BinaryPrimitives.WriteInt64LittleEndian(e[8..], sections[s].Length);
            BinaryPrimitives.WriteUInt64LittleEndian(e[16..], sections[s].Checksum);
        }
        BinaryPrimitives.WriteUInt64LittleEndian(h.AsSpan(HeaderChecksumOffset), XxHash3.HashToUInt64(h.AsSpan(0, HeaderChecksumOffset)));
        return h;
    }

    /// <summary>
    /// Reads and checks the header of a file of <paramref name="fileLength"/> bytes whose first bytes are
    /// <paramref name="h"/>: magic, version, checksum, chunking, and a section table that matches the item count
    /// and fits the file.
    /// </summary>
    /// <exception cref="CandorFormatException">The file is not a Hamming index, is of another version, or is truncated or damaged.</exception>
    public static Header ReadHeader(ReadOnlySpan<byte> h, long fileLength)
    {
        const string block = "Hamming index header";
        if (h.Length < Magic.Length || !h[..Magic.Length].SequenceEqual(Magic))
            throw new CandorFormatException("not a Candor Hamming index: the file does not start with \"CANDORHI\"", 0, block);
        if (h.Length < HeaderLength)
            throw new CandorFormatException($"the file is {fileLength} bytes, shorter than the {HeaderLength}-byte header", fileLength, block, kind: FormatErrorKind.Truncated);
        var version = BinaryPrimitives.ReadInt32LittleEndian(h[8..]);
        if (version != Version)
            throw new CandorFormatException($"Hamming index format version {version} is not supported (this build reads version {Version})", 8, block, kind: FormatErrorKind.Unsupported);
        var stored = BinaryPrimitives.ReadUInt64LittleEndian(h[HeaderChecksumOffset..]);
        if (stored != XxHash3.HashToUInt64(h[..HeaderChecksumOffset]))
            throw new CandorFormatException("the header's checksum does not match: the header is damaged", HeaderChecksumOffset, block);
        if (BinaryPrimitives.ReadInt32LittleEndian(h[12..]) != HeaderLength)
            throw new CandorFormatException($"the header length is not {HeaderLength}", 12, block);
        var count = BinaryPrimitives.ReadInt64LittleEndian(h[16..]);
        if (count is < 0 or > MaxCount)
            throw new CandorFormatException($"the item count {count} is out of range", 16, block);
        var firstId = BinaryPrimitives.ReadInt64LittleEndian(h[24..]);
        if (firstId < 0 || firstId > long.MaxValue - count)
            throw new CandorFormatException($"the first id {firstId} is out of range", 24, block);
        var chunks = BinaryPrimitives.ReadInt32LittleEndian(h[32..]);
        var bits = BinaryPrimitives.ReadInt32LittleEndian(h[36..]);
        if (chunks != Chunks || bits != ChunkBits || BinaryPrimitives.ReadInt32LittleEndian(h[40..]) != SectionCount)
            throw new CandorFormatException($"{chunks} chunks of {bits} bits are not supported (this build reads {Chunks} × {ChunkBits})", 32, block, kind: FormatErrorKind.Unsupported);
        var plan = Plan(count);
        var sections = new Section[SectionCount];
        for (var s = 0; s < SectionCount; s++)
        {
            var at = SectionTableOffset + s * SectionEntryLength;
            var e = h[at..];
            sections[s] = new Section(BinaryPrimitives.ReadInt64LittleEndian(e), BinaryPrimitives.ReadInt64LittleEndian(e[8..]), BinaryPrimitives.ReadUInt64LittleEndian(e[16..]));
            if (sections[s].Offset != plan[s].Offset || sections[s].Length != plan[s].Length)
                throw new CandorFormatException($"the {SectionName(s)} section is recorded at {sections[s].Offset} (+{sections[s].Length}) but {count} items need it at {plan[s].Offset} (+{plan[s].Length})", at, block);
        }
        var end = FileLength(count);
        if (fileLength < end)
            throw new CandorFormatException($"the file ends at byte {fileLength} but its {count} items need {end} bytes", fileLength, "Hamming index", kind: FormatErrorKind.Truncated);
        if (fileLength > end)
            throw new CandorFormatException($"the file has {fileLength - end} bytes after its last section", end, "Hamming index");
        return new Header(count, firstId, sections);
    }
}
