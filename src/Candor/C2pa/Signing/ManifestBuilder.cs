using System.Security.Cryptography;
using Candor.C2pa.Cbor;
using Candor.C2pa.Jumbf;
using Candor.Formats;

namespace Candor.C2pa.Signing;

// The manifest this builder writes (C2PA 2.2, claim v2), laid out as the reference implementation
// lays it out:
//
//   jumb c2pa "c2pa"
//     [the input's manifests, byte for byte]
//     jumb c2ma "urn:c2pa:<uuid>"
//       jumb c2as "c2pa.assertions"
//         jumb cbor "c2pa.ingredient.v3"      (+ c2sh salt; only for an input with a store)
//         jumb 40CB0C32… "c2pa.thumbnail.claim" bfdb + bidb   (optional)
//         jumb cbor "c2pa.actions.v2"
//         jumb cbor "cawg.training-mining"     (optional)
//         jumb cbor "c2pa.hash.data"           {exclusions, name, alg, hash, pad}
//       jumb c2cl "c2pa.claim.v2"   cbor {instanceID, claim_generator_info, signature,
//                                         created_assertions, ?gathered_assertions, ?dc:title, alg}
//       jumb c2cs "c2pa.signature"  cbor COSE_Sign1, padded to a reserved size
//
// Hashed URIs are "self#jumbf=c2pa.assertions/<label>" with the SHA-256 of the superbox minus its
// 8-byte header. The data hash keeps one size whatever its numbers (pad absorbs the difference),
// so a placeholder store and the final one have the same length.

/// <summary>Builds the assertion, claim and store bytes of one new manifest.</summary>
internal sealed class ManifestBuilder(string label, string generatorVersion)
{
    private const int SaltLength = 16;
    private const int BasePad = 32;
    private readonly List<(string Label, byte[] Box, bool Created)> _assertions = [];

    /// <summary>The manifest label, "urn:c2pa:&lt;uuid&gt;".</summary>
    public string Label { get; } = label;

    /// <summary>The claim's instanceID.</summary>
    public string InstanceId { get; } = $"xmp.iid:{Guid.NewGuid()}";

    /// <summary>The claim's dc:title, or null.</summary>
    public string? Title { get; init; }

    /// <summary>Adds a CBOR assertion (salted, as the reference writes them); returns its superbox.</summary>
    public byte[] AddCbor(string assertionLabel, byte[] cbor, bool created)
    {
        var box = JumbfWriter.Superbox("cbor", assertionLabel, [JumbfWriter.Cbor(cbor)], JumbfWriter.Salt(RandomNumberGenerator.GetBytes(SaltLength)));
        _assertions.Add((assertionLabel, box, created));
        return box;
    }

    /// <summary>Adds an embedded-file assertion (a thumbnail).</summary>
    public void AddEmbeddedFile(string assertionLabel, string mediaType, byte[] data, bool created)
    {
        var (description, content) = JumbfWriter.EmbeddedFile(mediaType, data);
        var jumd = JumbfWriter.Description(JumbfWriter.EmbeddedFileUuid, assertionLabel, privateBox: JumbfWriter.Salt(RandomNumberGenerator.GetBytes(SaltLength)));
        _assertions.Add((assertionLabel, JumbfWriter.Superbox(jumd, [description, content]), created));
    }

    /// <summary>SHA-256 of a superbox minus its header: what a hashed URI to it carries.</summary>
    public static byte[] BoxHash(ReadOnlySpan<byte> superbox) => SHA256.HashData(superbox[JumbfWriter.HeaderLength..]);

    /// <summary>Writes a hashed URI {url, ?alg, hash}.</summary>
    public static void WriteHashedUri(CborWriter w, string url, byte[] hash, bool withAlg)
    {
        w.WriteStartMap(withAlg ? 3 : 2);
        w.WriteTextString("url");
        w.WriteTextString(url);
        if (withAlg)
        {
            w.WriteTextString("alg");
            w.WriteTextString("sha256");
        }
        w.WriteTextString("hash");
        w.WriteByteString(hash);
    }

    /// <summary>
    /// The c2pa.hash.data map. With <paramref name="exclusion"/> null it has no exclusions (a
    /// sidecar); otherwise its size is the same for every exclusion whose numbers fit in 32 bits.
    /// </summary>
    public static byte[] DataHash(ByteRange? exclusion, byte[] hash)
    {
        var unpadded = DataHashWith(exclusion, hash, BasePad);
        var largest = DataHashWith(exclusion is null ? null : new ByteRange(uint.MaxValue, uint.MaxValue), hash, BasePad);
        return DataHashWith(exclusion, hash, BasePad + largest.Length - unpadded.Length);
    }

    private static byte[] DataHashWith(ByteRange? exclusion, byte[] hash, int pad)
    {
        var w = new CborWriter();
        w.WriteStartMap(5);
        w.WriteTextString("exclusions");
        if (exclusion is { } range)
        {
            w.WriteStartArray(1);
            w.WriteStartMap(2);
            w.WriteTextString("start");
            w.WriteInt64(range.Start);
            w.WriteTextString("length");
            w.WriteInt64(range.Length);
        }
        else w.WriteStartArray(0);
        w.WriteTextString("name");
        w.WriteTextString("jumbf manifest");
        w.WriteTextString("alg");
        w.WriteTextString("sha256");
        w.WriteTextString("hash");
        w.WriteByteString(hash);
        w.WriteTextString("pad");
        w.WriteByteString(new byte[pad]);
        return w.ToArray();
    }

    /// <summary>The claim v2 bytes over the current assertions plus <paramref name="dataHashBox"/>.</summary>
    public byte[] Claim(byte[] dataHashBox)
    {
        var all = _assertions.Append((Label: "c2pa.hash.data", Box: dataHashBox, Created: true)).ToList();
        var created = all.Where(a => a.Created).ToList();
        var gathered = all.Where(a => !a.Created).ToList();
        var w = new CborWriter();
        w.WriteStartMap(5 + (gathered.Count > 0 ? 1 : 0) + (Title is null ? 0 : 1));
        w.WriteTextString("instanceID");
        w.WriteTextString(InstanceId);
        w.WriteTextString("claim_generator_info");
        w.WriteStartMap(2);
        w.WriteTextString("name");
        w.WriteTextString("Candor");
        w.WriteTextString("version");
        w.WriteTextString(generatorVersion);
        w.WriteTextString("signature");
        w.WriteTextString($"self#jumbf=/c2pa/{Label}/c2pa.signature");
        WriteUris(w, "created_assertions", created);
        if (gathered.Count > 0) WriteUris(w, "gathered_assertions", gathered);
        if (Title is not null)
        {
            w.WriteTextString("dc:title");
            w.WriteTextString(Title);
        }
        w.WriteTextString("alg");
        w.WriteTextString("sha256");
        return w.ToArray();
    }

    private static void WriteUris(CborWriter w, string key, List<(string Label, byte[] Box, bool Created)> assertions)
    {
        w.WriteTextString(key);
        w.WriteStartArray(assertions.Count);
        foreach (var a in assertions) WriteHashedUri(w, $"self#jumbf=c2pa.assertions/{a.Label}", BoxHash(a.Box), withAlg: false);
    }

    /// <summary>The complete store: the kept manifests, then this manifest with the data hash box, claim and signature (COSE bytes).</summary>
    public byte[] Store(IReadOnlyList<byte[]> keptManifests, byte[] dataHashBox, byte[] claim, byte[] cose)
    {
        var assertionStore = JumbfWriter.Superbox("c2as", "c2pa.assertions", _assertions.Select(a => a.Box).Append(dataHashBox));
        var claimBox = JumbfWriter.Superbox("c2cl", "c2pa.claim.v2", [JumbfWriter.Cbor(claim)]);
        var signatureBox = JumbfWriter.Superbox("c2cs", "c2pa.signature", [JumbfWriter.Cbor(cose)]);
        var manifest = JumbfWriter.Superbox("c2ma", Label, [assertionStore, claimBox, signatureBox]);
        return JumbfWriter.Superbox("c2pa", "c2pa", keptManifests.Append(manifest));
    }

    /// <summary>The data hash assertion superbox (salted) for given map bytes, without adding it to the list.</summary>
    public static byte[] DataHashBox(byte[] cbor, byte[] salt) =>
        JumbfWriter.Superbox("cbor", "c2pa.hash.data", [JumbfWriter.Cbor(cbor)], JumbfWriter.Salt(salt));
}
