using System.Buffers;
using System.IO.Compression;
using ZstdSharp;

namespace Candor.Curation;

/// <summary>The page compressions the page-level filter handles (Parquet's <c>CompressionCodec</c> numbers).</summary>
internal static class PageCodec
{
    public const int None = 0, Snappy = 1, Gzip = 2, Zstd = 6;

    public static bool Supported(long codec) => codec is None or Snappy or Gzip or Zstd;

    public static byte[] Decompress(int codec, ReadOnlySpan<byte> data, int size)
    {
        if (size < 0) throw new InvalidDataException("a page's uncompressed size is negative");
        switch (codec)
        {
            case None:
                if (data.Length != size) throw new InvalidDataException("an uncompressed page's two sizes differ");
                return data.ToArray();
            case Snappy:
                {
                    var output = new byte[size];
                    if (Snappier.Snappy.GetUncompressedLength(data) != size) throw new InvalidDataException("a Snappy page's length is not the header's");
                    Snappier.Snappy.Decompress(data, output);
                    return output;
                }
            case Gzip:
                {
                    var output = new byte[size];
                    using var source = new MemoryStream(data.ToArray());
                    using var gzip = new GZipStream(source, CompressionMode.Decompress);
                    gzip.ReadExactly(output);
                    return output;
                }
            case Zstd:
                {
                    using var zstd = new Decompressor();
                    var output = new byte[size];
                    var written = zstd.Unwrap(data, output);
                    if (written != size) throw new InvalidDataException("a Zstandard page's length is not the header's");
                    return output;
                }
            default: throw new InvalidDataException($"compression codec {codec} is not handled");
        }
    }

    /// <summary>Decompresses into an array from the shared pool (at least <paramref name="size"/> long; the caller returns it).</summary>
    public static byte[] DecompressPooled(int codec, ReadOnlySpan<byte> data, int size)
    {
        if (size < 0) throw new InvalidDataException("a page's uncompressed size is negative");
        var output = ArrayPool<byte>.Shared.Rent(Math.Max(size, 1));
        try
        {
            var target = output.AsSpan(0, size);
            switch (codec)
            {
                case None:
                    if (data.Length != size) throw new InvalidDataException("an uncompressed page's two sizes differ");
                    data.CopyTo(target);
                    break;
                case Snappy:
                    if (Snappier.Snappy.GetUncompressedLength(data) != size) throw new InvalidDataException("a Snappy page's length is not the header's");
                    Snappier.Snappy.Decompress(data, target);
                    break;
                case Gzip:
                    {
                        using var source = new MemoryStream(data.ToArray());
                        using var gzip = new GZipStream(source, CompressionMode.Decompress);
                        gzip.ReadExactly(target);
                        break;
                    }
                case Zstd:
                    {
                        using var zstd = new Decompressor();
                        if (zstd.Unwrap(data, target) != size) throw new InvalidDataException("a Zstandard page's length is not the header's");
                        break;
                    }
                default: throw new InvalidDataException($"compression codec {codec} is not handled");
            }
            return output;
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(output);
            throw;
        }
    }

    /// <summary>Compresses <paramref name="data"/>: the array (from the shared pool when <c>Pooled</c>; the caller returns it) and the length used.</summary>
    public static (byte[] Array, int Length, bool Pooled) CompressPooled(int codec, ReadOnlySpan<byte> data)
    {
        if (codec == Snappy)
        {
            // Pieces compressed apart may each need a block's worth of slack.
            var scratch = ArrayPool<byte>.Shared.Rent(Snappier.Snappy.GetMaxCompressedLength(data.Length) + 32 * (data.Length / SnappyPart + 1));
            return (scratch, data.Length >= 2 * SnappyPart ? CompressSnappyInParts(data, scratch) : Snappier.Snappy.Compress(data, scratch), true);
        }
        var compressed = Compress(codec, data).ToArray();
        return (compressed, compressed.Length, false);
    }

    public static ReadOnlySpan<byte> Compress(int codec, ReadOnlySpan<byte> data)
    {
        switch (codec)
        {
            case None: return data;
            case Snappy: return Snappier.Snappy.CompressToArray(data);
            case Gzip:
                {
                    using var target = new MemoryStream();
                    using (var gzip = new GZipStream(target, CompressionLevel.Optimal, leaveOpen: true)) gzip.Write(data);
                    return target.ToArray();
                }
            case Zstd:
                {
                    using var zstd = new Compressor();
                    return zstd.Wrap(data);
                }
            default: throw new InvalidDataException($"compression codec {codec} is not handled");
        }
    }

    /// <summary>The piece of a large page that one core compresses (a multiple of Snappy's 64 KiB block).</summary>
    internal const int SnappyPart = 1 << 20;

    /// <summary>
    /// Snappy-compresses a large page on every core: a Snappy stream is its uncompressed length followed by elements
    /// whose copies reach back at most into the same 64 KiB block, so pieces compressed on their own and joined (each
    /// without its own length, behind one length for the whole) are one valid stream that any Snappy reader decodes to
    /// the page. Returns the length written into <paramref name="target"/> (of at least
    /// <c>GetMaxCompressedLength(data.Length)</c> plus 32 bytes a piece).
    /// </summary>
    internal static unsafe int CompressSnappyInParts(ReadOnlySpan<byte> data, byte[] target)
    {
        var parts = (data.Length + SnappyPart - 1) / SnappyPart;
        var outputs = new (byte[] Bytes, int Length)[parts];
        fixed (byte* source = data)
        {
            var from = (IntPtr)source;
            var length = data.Length;
            Parallel.For(0, parts, p =>
            {
                var start = p * SnappyPart;
                var piece = new ReadOnlySpan<byte>((byte*)from + start, Math.Min(SnappyPart, length - start));
                var buffer = ArrayPool<byte>.Shared.Rent(Snappier.Snappy.GetMaxCompressedLength(piece.Length));
                outputs[p] = (buffer, Snappier.Snappy.Compress(piece, buffer));
            });
        }
        var at = WriteVarint(target, 0, (uint)data.Length);
        foreach (var (bytes, written) in outputs)
        {
            var skip = 0;
            while ((bytes[skip] & 0x80) != 0) skip++;
            skip++;
            bytes.AsSpan(skip, written - skip).CopyTo(target.AsSpan(at));
            at += written - skip;
            ArrayPool<byte>.Shared.Return(bytes);
        }
        return at;
    }

    private static int WriteVarint(byte[] target, int at, uint value)
    {
        while (value >= 0x80)
        {
            target[at++] = (byte)(value | 0x80);
            value >>= 7;
        }
        target[at++] = (byte)value;
        return at;
    }
}
