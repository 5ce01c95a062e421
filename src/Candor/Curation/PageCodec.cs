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
}
