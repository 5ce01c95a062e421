using Candor.C2pa.Validation;
using Candor.Formats;

namespace Candor.C2pa.Signing;

/// <summary>
/// Where a container keeps its C2PA manifest store, for writing: remove an old store, insert a new
/// one and say which bytes it occupies (the exact range the data hash must exclude). One
/// implementation per format, stateless, chosen by <see cref="For"/>.
/// </summary>
internal abstract class ManifestEmbedding
{
    private static readonly Dictionary<string, ManifestEmbedding> ByFormat = new(StringComparer.Ordinal)
    {
        ["PNG"] = new PngManifestEmbedding(),
        ["JPEG"] = new JpegManifestEmbedding(),
        ["WebP"] = new WebpManifestEmbedding(),
    };

    /// <summary>The media type written as the asset's dc:format.</summary>
    public abstract string MimeType { get; }

    /// <summary>The embedding for a scanned format name, or null when Candor cannot embed a store in it.</summary>
    public static ManifestEmbedding? For(string format) => ByFormat.GetValueOrDefault(format);

    /// <summary>Raises when the scan shows a damaged (e.g. truncated) file that must not be signed.</summary>
    public abstract void CheckIntact(byte[] asset, ContainerScan scan);

    /// <summary>The asset without any C2PA manifest store (the input itself when it has none).</summary>
    public abstract byte[] RemoveStore(byte[] asset, ContainerScan scan);

    /// <summary>
    /// The asset with <paramref name="store"/> inserted where the reference implementation puts it;
    /// <paramref name="range"/> is the one contiguous byte range the store's container blocks occupy.
    /// The position depends only on the asset and the store's length.
    /// </summary>
    public abstract byte[] InsertStore(byte[] clean, ContainerScan cleanScan, byte[] store, out C2paByteRange range);

    /// <summary>Copies <paramref name="asset"/> without the given ranges (sorted, non-overlapping).</summary>
    protected static byte[] Without(byte[] asset, IEnumerable<C2paByteRange> ranges)
    {
        var output = new MemoryStream(asset.Length);
        long pos = 0;
        foreach (var range in ranges.OrderBy(r => r.Start))
        {
            output.Write(asset, (int)pos, (int)(range.Start - pos));
            pos = range.End;
        }
        output.Write(asset, (int)pos, (int)(asset.Length - pos));
        return output.ToArray();
    }

    /// <summary>Copies <paramref name="asset"/> with <paramref name="insert"/> placed at <paramref name="at"/>.</summary>
    protected static byte[] Inserted(byte[] asset, long at, ReadOnlySpan<byte> insert)
    {
        var output = new byte[asset.Length + insert.Length];
        asset.AsSpan(0, (int)at).CopyTo(output);
        insert.CopyTo(output.AsSpan((int)at));
        asset.AsSpan((int)at).CopyTo(output.AsSpan((int)at + insert.Length));
        return output;
    }
}
