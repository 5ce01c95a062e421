using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using static Candor.Tests.C2pa.Jumbf.JumbfReaderTests;

namespace Candor.Tests.C2pa.Validation;

/// <summary>
/// Builds a small PNG carrying a one-manifest C2PA store in a caBX chunk right after IHDR, with
/// knobs to break exactly one thing. Layout: signature | IHDR | caBX (store) | IDAT | IEND.
/// Integers in the CBOR are written with a fixed 4-byte argument so that changing a value
/// never moves a byte.
/// </summary>
internal sealed class SyntheticC2paPng
{
    public const string ManifestLabel = "urn:c2pa:00000000-0000-4000-8000-000000000001";
    public const long StoreOffset = 8 + 25;

    /// <summary>The claim's "alg".</summary>
    public string? ClaimAlg { get; init; } = "sha256";

    /// <summary>"alg" written in every hashed URI (null: none, the claim's applies).</summary>
    public string? UriAlg { get; init; }

    /// <summary>Write absolute URIs (/c2pa/&lt;manifest&gt;/…).</summary>
    public bool AbsoluteUris { get; init; }

    /// <summary>Label of the hard-binding assertion; null leaves it out.</summary>
    public string? HardBindingLabel { get; init; } = "c2pa.hash.data";

    /// <summary>(store chunk offset, store chunk length) → exclusions; default: exactly the chunk.</summary>
    public Func<long, long, (long Start, long Length)[]> Exclusions { get; init; } = (start, length) => [(start, length)];

    /// <summary>Label of a second hard-binding assertion (content: an empty map), or null.</summary>
    public string? SecondHardBindingLabel { get; init; }

    /// <summary>Whether the claim lists the hard-binding assertion(s).</summary>
    public bool ClaimListsHardBinding { get; init; } = true;

    /// <summary>URIs listed in the claim in addition to the real assertions.</summary>
    public string[] ExtraUrls { get; init; } = [];

    /// <summary>Flip a bit of the image data after signing.</summary>
    public bool TamperPixels { get; init; }

    public byte[] Build()
    {
        var placeholder = new byte[32];
        (long Start, long Length)[] exclusions = [(0, 0)];
        for (var pass = 0; pass < 3; pass++) exclusions = Exclusions(StoreOffset, File(placeholder, exclusions).Store.Length + 12);
        var draft = File(placeholder, exclusions).Bytes;
        var kept = new List<byte>();
        long pos = 0;
        foreach (var (start, length) in exclusions.OrderBy(e => e.Start))
        {
            if (start > pos && pos < draft.Length) kept.AddRange(draft.AsSpan((int)pos, (int)Math.Min(start, draft.Length) - (int)pos).ToArray());
            pos = Math.Max(pos, start + length);
        }
        if (pos < draft.Length) kept.AddRange(draft.AsSpan((int)pos).ToArray());
        var bytes = File(SHA256.HashData(kept.ToArray()), exclusions).Bytes;
        if (TamperPixels) bytes[^20] ^= 1;
        return bytes;
    }

    private (byte[] Bytes, byte[] Store) File(byte[] dataHash, (long Start, long Length)[] exclusions)
    {
        var store = Store(dataHash, exclusions);
        byte[] bytes =
        [
            0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A,
            .. Chunk("IHDR", [0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]),
            .. Chunk("caBX", store),
            .. Chunk("IDAT", Enumerable.Range(0, 40).Select(i => (byte)i).ToArray()),
            .. Chunk("IEND", []),
        ];
        return (bytes, store);
    }

    private byte[] Store(byte[] dataHash, (long Start, long Length)[] exclusions)
    {
        var assertions = new List<(string Label, byte[] Box)>
        {
            ("c2pa.actions.v2", Superbox("cbor", "c2pa.actions.v2", Box("cbor", Cbor.Map(("actions", Cbor.Array(Cbor.Map(("action", Cbor.Text("c2pa.created"))))))))),
        };
        if (HardBindingLabel is not null)
        {
            var hash = Cbor.Map(
                ("exclusions", Cbor.Array(exclusions.Select(e => Cbor.Map(("start", Cbor.UInt(e.Start)), ("length", Cbor.UInt(e.Length)))).ToArray())),
                ("name", Cbor.Text("jumbf manifest")),
                ("alg", Cbor.Text("sha256")),
                ("hash", Cbor.Bytes(dataHash)),
                ("pad", Cbor.Bytes(new byte[8])));
            assertions.Add((HardBindingLabel, Superbox("cbor", HardBindingLabel, Box("cbor", hash))));
        }
        if (SecondHardBindingLabel is not null)
            assertions.Add((SecondHardBindingLabel, Superbox("cbor", SecondHardBindingLabel, Box("cbor", Cbor.Map()))));
        var prefix = AbsoluteUris ? $"self#jumbf=/c2pa/{ManifestLabel}/c2pa.assertions/" : "self#jumbf=c2pa.assertions/";
        var alg = UriAlg is null ? "sha256" : UriAlg;
        var uris = assertions.Where(a => ClaimListsHardBinding || a.Label.StartsWith("c2pa.actions", StringComparison.Ordinal)).Select(a => HashedUri(prefix + a.Label, HashOrZeros(alg, a.Box.AsSpan(8))))
            .Concat(ExtraUrls.Select(u => HashedUri(u, new byte[32])))
            .ToArray();
        var claimPairs = new List<(string, byte[])>
        {
            ("instanceID", Cbor.Text("xmp:iid:test")),
            ("claim_generator_info", Cbor.Map(("name", Cbor.Text("candor tests")))),
            ("signature", Cbor.Text($"self#jumbf=/c2pa/{ManifestLabel}/c2pa.signature")),
            ("created_assertions", Cbor.Array(uris)),
        };
        if (ClaimAlg is not null) claimPairs.Add(("alg", Cbor.Text(ClaimAlg)));
        var claim = Cbor.Map([.. claimPairs]);
        return Superbox("c2pa", "c2pa",
            Superbox("c2ma", ManifestLabel,
                Superbox("c2as", "c2pa.assertions", [.. assertions.Select(a => a.Box)]),
                Superbox("c2cl", "c2pa.claim.v2", Box("cbor", claim)),
                Superbox("c2cs", "c2pa.signature", Box("cbor", [0xF6]))));
    }

    private byte[] HashedUri(string url, byte[] hash) => UriAlg is null
        ? Cbor.Map(("url", Cbor.Text(url)), ("hash", Cbor.Bytes(hash)))
        : Cbor.Map(("url", Cbor.Text(url)), ("alg", Cbor.Text(UriAlg)), ("hash", Cbor.Bytes(hash)));

    private static byte[] HashOrZeros(string alg, ReadOnlySpan<byte> data) => alg switch
    {
        "sha256" => SHA256.HashData(data),
        "sha384" => SHA384.HashData(data),
        "sha512" => SHA512.HashData(data),
        _ => new byte[32],
    };

    private static byte[] Chunk(string type, byte[] data)
    {
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)data.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(chunk, 4);
        data.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Candor.Formats.Crc32.Compute(chunk.AsSpan(4, 4 + data.Length)));
        return chunk;
    }

    /// <summary>A minimal CBOR writer for the test store.</summary>
    private static class Cbor
    {
        public static byte[] Text(string s) => [.. Head(3, Encoding.UTF8.GetByteCount(s)), .. Encoding.UTF8.GetBytes(s)];

        public static byte[] Bytes(byte[] b) => [.. Head(2, b.Length), .. b];

        public static byte[] UInt(long v) => [0x1A, (byte)(v >> 24), (byte)(v >> 16), (byte)(v >> 8), (byte)v];

        public static byte[] Array(params byte[][] items) => [.. Head(4, items.Length), .. items.SelectMany(i => i)];

        public static byte[] Map(params (string Key, byte[] Value)[] pairs) =>
            [.. Head(5, pairs.Length), .. pairs.SelectMany(p => Text(p.Key).Concat(p.Value))];

        private static byte[] Head(int major, int length) => length < 24
            ? [(byte)((major << 5) | length)]
            : [(byte)((major << 5) | 26), (byte)(length >> 24), (byte)(length >> 16), (byte)(length >> 8), (byte)length];
    }
}
