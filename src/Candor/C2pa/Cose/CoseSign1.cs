using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math.EC.Rfc8032;
using Candor.C2pa.Cbor;
using Candor.C2pa.Trust;

namespace Candor.C2pa.Cose;

// COSE_Sign1 (RFC 9052 §4.2), as C2PA uses it for the claim signature:
//
//   [tag 18]  array(4) [
//     protected    bstr .cbor { 1: alg (int), 33: x5chain = bstr / [bstr, …] (leaf first) }
//     unprotected  map { "x5chain": … (legacy signers), "sigTst"/"sigTst2", "rVals", "pad"/"pad2": zeros, … }
//     payload      bstr, or nil when detached (C2PA: the claim bytes live in the claim box)
//     signature    bstr: ECDSA r‖s (each the curve's field size), RSA-PSS, or Ed25519 (64 bytes)
//   ]
//
//   Signed bytes = Sig_structure: array(4) [ "Signature1", protected bstr (exact bytes), h'' (external_aad), payload bstr ]

/// <summary>
/// A COSE_Sign1 message: read with <see cref="Read"/> (keeping the exact protected-header bytes),
/// checked with <see cref="Verify(ReadOnlySpan{byte})"/> against the leaf certificate of its x5chain,
/// or made with <see cref="Sign"/>. A bad signature is a result, never an exception.
/// </summary>
public sealed class CoseSign1
{
    /// <summary>CBOR tag of a COSE_Sign1.</summary>
    public const ulong Tag = 18;

    /// <summary>Protected/unprotected header label of the algorithm.</summary>
    public const long AlgorithmLabel = 1;

    /// <summary>Header label of x5chain (RFC 9360).</summary>
    public const long X5ChainLabel = 33;

    /// <summary>The legacy unprotected-header text key of the certificate chain.</summary>
    public const string LegacyX5ChainKey = "x5chain";

    private sealed record Profile(HashAlgorithmName Hash, int EcFieldBytes);

    // Algorithm → hash and, for ECDSA, the field size of r and s (which also fixes the curve: P-256, P-384, P-521).
    private static readonly Dictionary<CoseAlgorithm, Profile> Profiles = new()
    {
        [CoseAlgorithm.Es256] = new(HashAlgorithmName.SHA256, 32),
        [CoseAlgorithm.Es384] = new(HashAlgorithmName.SHA384, 48),
        [CoseAlgorithm.Es512] = new(HashAlgorithmName.SHA512, 66),
        [CoseAlgorithm.Ps256] = new(HashAlgorithmName.SHA256, 0),
        [CoseAlgorithm.Ps384] = new(HashAlgorithmName.SHA384, 0),
        [CoseAlgorithm.Ps512] = new(HashAlgorithmName.SHA512, 0),
        [CoseAlgorithm.EdDsa] = new(HashAlgorithmName.SHA512, 0),
    };

    private const string Ed25519Oid = "1.3.101.112";
    private const string PadKey = "pad";
    private const string Pad2Key = "pad2";

    private CoseSign1(ReadOnlyMemory<byte> protectedBytes, CborValue? protectedHeader, CborValue unprotected, ReadOnlyMemory<byte>? payload,
        ReadOnlyMemory<byte> signature, long? algorithmId, IReadOnlyList<ReadOnlyMemory<byte>> chain, CoseCertificateSource source, bool tagged)
    {
        ProtectedHeaderBytes = protectedBytes;
        ProtectedHeader = protectedHeader;
        UnprotectedHeader = unprotected;
        Payload = payload;
        Signature = signature;
        AlgorithmId = algorithmId;
        CertificateChain = chain;
        CertificateSource = source;
        IsTagged = tagged;
    }

    /// <summary>The exact content of the protected-header byte string (what the signature covers).</summary>
    public ReadOnlyMemory<byte> ProtectedHeaderBytes { get; }

    /// <summary>The protected header map; null when the byte string is empty.</summary>
    public CborValue? ProtectedHeader { get; }

    /// <summary>The unprotected header map.</summary>
    public CborValue UnprotectedHeader { get; }

    /// <summary>The embedded payload; null when detached (nil).</summary>
    public ReadOnlyMemory<byte>? Payload { get; }

    /// <summary>The signature bytes.</summary>
    public ReadOnlyMemory<byte> Signature { get; }

    /// <summary>The integer in header label 1 as written; null when absent or not an integer.</summary>
    public long? AlgorithmId { get; }

    /// <summary>The algorithm when it is one of <see cref="CoseAlgorithm"/>, else null.</summary>
    public CoseAlgorithm? Algorithm => AlgorithmId is { } id && id is >= int.MinValue and <= int.MaxValue && Enum.IsDefined(typeof(CoseAlgorithm), (int)id) ? (CoseAlgorithm)(int)id : null;

    /// <summary>DER certificates of the x5chain, leaf first; empty when there is none.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> CertificateChain { get; }

    /// <summary>Which header the chain came from.</summary>
    public CoseCertificateSource CertificateSource { get; }

    /// <summary>True when the message carried tag 18.</summary>
    public bool IsTagged { get; }

    /// <summary>
    /// Reads a COSE_Sign1 that fills <paramref name="data"/> (tag 18 optional);
    /// <paramref name="baseOffset"/> is where it starts in the file. Anything that is not a
    /// well-formed COSE_Sign1, or an x5chain in both headers, is a <see cref="CandorFormatException"/>.
    /// </summary>
    public static CoseSign1 Read(ReadOnlyMemory<byte> data, long baseOffset = 0)
    {
        var root = CborValue.Read(data, baseOffset);
        var tagged = false;
        var message = root;
        if (message.Kind == CborValueKind.Tag)
        {
            if (message.TagNumber != Tag) throw Error($"tag {message.TagNumber} is not the COSE_Sign1 tag 18", message.Offset);
            tagged = true;
            message = message.TagContent!;
        }
        if (message.Kind != CborValueKind.Array || message.Items.Count != 4)
            throw Error("not an array of 4 items [protected, unprotected, payload, signature]", message.Offset);
        var (protectedItem, unprotected, payloadItem, signatureItem) = (message.Items[0], message.Items[1], message.Items[2], message.Items[3]);
        if (protectedItem.Kind != CborValueKind.Bytes) throw Error("the protected header is not a byte string", protectedItem.Offset);
        if (unprotected.Kind != CborValueKind.Map) throw Error("the unprotected header is not a map", unprotected.Offset);
        if (payloadItem.Kind is not (CborValueKind.Bytes or CborValueKind.Null)) throw Error("the payload is neither a byte string nor nil", payloadItem.Offset);
        if (signatureItem.Kind != CborValueKind.Bytes) throw Error("the signature is not a byte string", signatureItem.Offset);

        var protectedBytes = protectedItem.Bytes;
        CborValue? protectedHeader = null;
        if (protectedBytes.Length > 0)
        {
            protectedHeader = CborValue.Read(protectedBytes, protectedItem.Offset + protectedItem.Encoded.Length - protectedBytes.Length);
            if (protectedHeader.Kind != CborValueKind.Map) throw Error("the protected header is not a map", protectedHeader.Offset);
        }

        var algorithm = protectedHeader?.Get(AlgorithmLabel)?.Int64;
        var inProtected = protectedHeader?.Get(X5ChainLabel);
        var inUnprotected = unprotected[LegacyX5ChainKey];
        if (inProtected is not null && inUnprotected is not null)
            throw Error("x5chain in both headers (protected label 33 and unprotected \"x5chain\")", inUnprotected.Offset);
        var chainValue = inProtected ?? inUnprotected;
        var source = inProtected is not null ? CoseCertificateSource.ProtectedHeader
            : inUnprotected is not null ? CoseCertificateSource.UnprotectedHeader
            : CoseCertificateSource.None;
        var chain = chainValue is null ? [] : ReadChain(chainValue);
        return new CoseSign1(protectedBytes, protectedHeader, unprotected,
            payloadItem.Kind == CborValueKind.Bytes ? (ReadOnlyMemory<byte>?)payloadItem.Bytes : null, signatureItem.Bytes, algorithm, chain, source, tagged);
    }

    /// <summary>Checks the signature over the embedded payload (an empty payload when detached).</summary>
    public CoseVerificationResult Verify() => Verify(Payload is { } p ? p.Span : ReadOnlySpan<byte>.Empty);

    /// <summary>
    /// Checks the signature over <paramref name="detachedPayload"/> with the leaf certificate's public
    /// key: builds the Sig_structure from the exact protected-header bytes and verifies ECDSA (raw r‖s),
    /// RSA-PSS or Ed25519 as the algorithm says.
    /// </summary>
    public CoseVerificationResult Verify(ReadOnlySpan<byte> detachedPayload)
    {
        if (Algorithm is not { } algorithm || !Profiles.TryGetValue(algorithm, out var profile))
            return new(CoseVerificationStatus.UnsupportedAlgorithm, AlgorithmId is { } id ? $"COSE algorithm {id} is not supported" : "the protected header names no algorithm");
        if (CertificateChain.Count == 0)
            return new(CoseVerificationStatus.Malformed, "the signature carries no certificate (x5chain)");
        var toBeSigned = SigStructure(ProtectedHeaderBytes.Span, detachedPayload);
        CachedCertificate leaf;
        try
        {
            leaf = CertificateCache.Get(CertificateChain[0].Span);
        }
        catch (CryptographicException e)
        {
            return new(CoseVerificationStatus.Malformed, $"the signing certificate cannot be read ({e.Message})");
        }
        try
        {
            return VerifyWith(leaf, algorithm, profile, toBeSigned, Signature.Span);
        }
        catch (CryptographicException e)
        {
            return new(CoseVerificationStatus.Malformed, $"the signing certificate's key cannot be used ({e.Message})");
        }
    }

    /// <summary>
    /// Signs a detached <paramref name="payload"/> and returns the tagged COSE_Sign1 bytes: protected
    /// header {1: alg, 33: x5chain} (one bstr for one certificate, else an array, leaf first), nil
    /// payload, and when <paramref name="padTo"/> &gt; 0 an unprotected "pad" of zeros (plus "pad2" when
    /// one pad cannot hit the size) so the message is exactly <paramref name="padTo"/> bytes; a size
    /// the message cannot fit is an <see cref="ArgumentException"/>. <paramref name="unprotectedEntries"/>,
    /// when given, is called with the protected-header bytes and the signature and returns extra
    /// unprotected entries (text key, pre-encoded CBOR value), written before the pads — C2PA's
    /// "sigTst2" time-stamp, which covers the signature, comes this way.
    /// </summary>
    public static byte[] Sign(ReadOnlySpan<byte> payload, CoseAlgorithm algorithm, CoseSigningKey key, IReadOnlyList<X509Certificate2> chain, int padTo = 0,
        Func<byte[], byte[], IReadOnlyList<KeyValuePair<string, byte[]>>>? unprotectedEntries = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentOutOfRangeException.ThrowIfNegative(padTo);
        if (!Profiles.TryGetValue(algorithm, out var profile)) throw new ArgumentException($"unknown algorithm {algorithm}", nameof(algorithm));
        if (chain.Count == 0) throw new ArgumentException("a C2PA signature needs at least the signing certificate", nameof(chain));
        if (!key.Supports(algorithm)) throw new ArgumentException($"the key cannot sign with {algorithm}", nameof(key));
        if (KeySizeProblem(algorithm, key) is { } problem) throw new ArgumentException(problem, nameof(key));

        var protectedBytes = ProtectedHeaderFor(algorithm, chain);
        var signature = key.Sign(SigStructure(protectedBytes, payload), algorithm, profile.Hash);

        var extra = new CborWriter();
        var extraCount = 0;
        foreach (var (name, value) in unprotectedEntries?.Invoke(protectedBytes, signature) ?? [])
        {
            extra.WriteTextString(name);
            extra.WriteEncodedValue(value);
            extraCount++;
        }
        if (extraCount > 20) throw new ArgumentException("at most 20 extra unprotected header entries are supported", nameof(unprotectedEntries));
        var (pad, pad2) = padTo > 0 ? PadLengths(protectedBytes.Length, extra.BytesWritten, signature.Length, padTo) : (-1, -1);
        var message = new CborWriter(padTo > 0 ? padTo : protectedBytes.Length + extra.BytesWritten + signature.Length + 16);
        message.WriteTag(Tag);
        message.WriteStartArray(4);
        message.WriteByteString(protectedBytes);
        message.WriteStartMap(extraCount + (pad >= 0 ? 1 : 0) + (pad2 >= 0 ? 1 : 0));
        message.WriteEncodedValue(extra.WrittenSpan);
        if (pad >= 0)
        {
            message.WriteTextString(PadKey);
            message.WriteByteString(new byte[pad]);
        }
        if (pad2 >= 0)
        {
            message.WriteTextString(Pad2Key);
            message.WriteByteString(new byte[pad2]);
        }
        message.WriteNull();
        message.WriteByteString(signature);
        return message.ToArray();
    }

    /// <summary>Why <paramref name="key"/> cannot sign with <paramref name="algorithm"/> for its size (an ECDSA curve other than the algorithm's), or null.</summary>
    internal static string? KeySizeProblem(CoseAlgorithm algorithm, CoseSigningKey key) =>
        Profiles.TryGetValue(algorithm, out var profile) && profile.EcFieldBytes > 0 && (key.EcKeySize + 7) / 8 != profile.EcFieldBytes
            ? $"{algorithm} needs a {profile.EcFieldBytes * 8}-bit curve, the key is {key.EcKeySize}-bit"
            : null;

    /// <summary>
    /// The size of the tagged COSE_Sign1 that <see cref="Sign"/> makes without padding or extra
    /// header entries, known without signing (signature sizes are fixed per algorithm and key).
    /// </summary>
    public static int UnpaddedLength(CoseAlgorithm algorithm, CoseSigningKey key, IReadOnlyList<X509Certificate2> chain)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(chain);
        var protectedLength = ProtectedHeaderFor(algorithm, chain).Length;
        var signatureLength = key.SignatureLength(algorithm);
        var message = new CborWriter(protectedLength + signatureLength + 32);
        message.WriteTag(Tag);
        message.WriteStartArray(4);
        message.WriteByteString(new byte[protectedLength]);
        message.WriteStartMap(0);
        message.WriteNull();
        message.WriteByteString(new byte[signatureLength]);
        return message.BytesWritten;
    }

    // The protected header {1: alg, 33: x5chain}: one bstr for one certificate, else an array, leaf first.
    private static byte[] ProtectedHeaderFor(CoseAlgorithm algorithm, IReadOnlyList<X509Certificate2> chain)
    {
        var header = new CborWriter();
        header.WriteStartMap(2);
        header.WriteInt64(AlgorithmLabel);
        header.WriteInt64((int)algorithm);
        header.WriteInt64(X5ChainLabel);
        if (chain.Count == 1)
        {
            header.WriteByteString(chain[0].RawData);
        }
        else
        {
            header.WriteStartArray(chain.Count);
            foreach (var certificate in chain) header.WriteByteString(certificate.RawData);
        }
        return header.ToArray();
    }

    /// <summary>The Sig_structure ["Signature1", protected, h'', payload] that a COSE_Sign1 signs.</summary>
    public static byte[] SigStructure(ReadOnlySpan<byte> protectedHeaderBytes, ReadOnlySpan<byte> payload) =>
        ToBeSigned("Signature1", protectedHeaderBytes, payload);

    /// <summary>
    /// A COSE to-be-signed structure [context, body_protected, external_aad = h'', payload]
    /// (RFC 9052 §4.4; "Signature1" for COSE_Sign1, "CounterSignature" for a countersignature).
    /// </summary>
    public static byte[] ToBeSigned(string context, ReadOnlySpan<byte> protectedHeaderBytes, ReadOnlySpan<byte> payload)
    {
        var writer = new CborWriter(protectedHeaderBytes.Length + payload.Length + context.Length + 24);
        writer.WriteStartArray(4);
        writer.WriteTextString(context);
        writer.WriteByteString(protectedHeaderBytes);
        writer.WriteByteString([]);
        writer.WriteByteString(payload);
        return writer.ToArray();
    }

    private static CoseVerificationResult VerifyWith(CachedCertificate cached, CoseAlgorithm algorithm, Profile profile, byte[] toBeSigned, ReadOnlySpan<byte> signature)
    {
        var leaf = cached.Certificate;
        var keyOid = leaf.PublicKey.Oid.Value;
        bool valid;
        switch (algorithm)
        {
            case CoseAlgorithm.Es256 or CoseAlgorithm.Es384 or CoseAlgorithm.Es512:
                {
                    var ec = cached.EcdsaKey;
                    if (ec is null) return new(CoseVerificationStatus.Invalid, $"{algorithm} needs an EC certificate key, found {keyOid}");
                    lock (cached.KeyLock)
                    {
                        if ((ec.KeySize + 7) / 8 != profile.EcFieldBytes)
                            return new(CoseVerificationStatus.Invalid, $"{algorithm} needs a {profile.EcFieldBytes * 8}-bit curve, the certificate key is {ec.KeySize}-bit");
                        if (signature.Length != 2 * profile.EcFieldBytes)
                            return new(CoseVerificationStatus.Invalid, $"an {algorithm} signature is {2 * profile.EcFieldBytes} bytes (r‖s), found {signature.Length}");
                        valid = ec.VerifyData(toBeSigned, signature, profile.Hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
                    }
                    break;
                }
            case CoseAlgorithm.Ps256 or CoseAlgorithm.Ps384 or CoseAlgorithm.Ps512:
                {
                    var rsa = cached.RsaKey;
                    if (rsa is null) return new(CoseVerificationStatus.Invalid, $"{algorithm} needs an RSA certificate key, found {keyOid}");
                    lock (cached.KeyLock) valid = rsa.VerifyData(toBeSigned, signature, profile.Hash, RSASignaturePadding.Pss);
                    break;
                }
            default:
                {
                    if (keyOid != Ed25519Oid) return new(CoseVerificationStatus.Invalid, $"EdDSA needs an Ed25519 certificate key, found {keyOid}");
                    var publicKey = leaf.PublicKey.EncodedKeyValue.RawData;
                    if (publicKey.Length != Ed25519PublicKeyParameters.KeySize) return new(CoseVerificationStatus.Invalid, $"an Ed25519 key is 32 bytes, found {publicKey.Length}");
                    if (signature.Length != Ed25519.SignatureSize) return new(CoseVerificationStatus.Invalid, $"an Ed25519 signature is 64 bytes, found {signature.Length}");
                    valid = Ed25519.Verify(signature.ToArray(), 0, publicKey, 0, toBeSigned, 0, toBeSigned.Length);
                    break;
                }
        }
        return valid
            ? new(CoseVerificationStatus.Valid, $"{algorithm} signature verified with the key of '{leaf.Subject}'")
            : new(CoseVerificationStatus.Invalid, $"the {algorithm} signature does not match the signed bytes and the key of '{leaf.Subject}'");
    }

    // Finds pad (and, when one pad cannot land on the size, pad2) lengths so the message is exactly padTo bytes.
    private static (int Pad, int Pad2) PadLengths(int protectedLength, int extraLength, int signatureLength, int padTo)
    {
        // tag 18 (1) + array(4) (1) + bstr(protected) + map head (1) + extra entries + nil (1) + bstr(signature)
        var fixedLength = 1 + 1 + CborWriter.HeadLength((ulong)protectedLength) + protectedLength + 1 + extraLength + 1 + CborWriter.HeadLength((ulong)signatureLength) + signatureLength;
        var padEntry = 1 + PadKey.Length;
        var pad2Entry = 1 + Pad2Key.Length;
        for (var pad2 = -1; pad2 < 24; pad2++)
        {
            var withPad2 = fixedLength + padEntry + (pad2 >= 0 ? pad2Entry + 1 + pad2 : 0);
            foreach (var head in (int[])[1, 2, 3, 5])
            {
                var pad = padTo - withPad2 - head;
                if (pad >= 0 && CborWriter.HeadLength((ulong)pad) == head) return (pad, pad2);
            }
        }
        throw new ArgumentException($"the signature needs at least {fixedLength + padEntry + 1} bytes and cannot be padded to {padTo}", nameof(padTo));
    }

    private static List<ReadOnlyMemory<byte>> ReadChain(CborValue chainValue)
    {
        var value = chainValue.Untagged;
        if (value.Kind == CborValueKind.Bytes) return [value.Bytes];
        if (value.Kind != CborValueKind.Array) throw Error("x5chain is neither a byte string nor an array", value.Offset);
        var chain = new List<ReadOnlyMemory<byte>>(value.Items.Count);
        foreach (var item in value.Items)
        {
            var certificate = item.Untagged;
            if (certificate.Kind != CborValueKind.Bytes) throw Error("an x5chain entry is not a byte string", certificate.Offset);
            chain.Add(certificate.Bytes);
        }
        return chain;
    }

    private static CandorFormatException Error(string message, long offset) => new($"COSE_Sign1: {message}", offset);
}
