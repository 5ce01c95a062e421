using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using Candor.C2pa.Cbor;
using Candor.C2pa.Cose;
using Candor.C2pa.Validation;

namespace Candor.C2pa.Trust;

// RFC 3161 time-stamps in a C2PA claim signature's unprotected header (C2PA 2.x §10.3.2.5):
//
//   "sigTst"  (v1) / "sigTst2" (v2) : { "tstTokens": [ { "val": bstr } ] }   (exactly one token)
//
// The token's message imprint is the hash of a COSE countersignature structure (RFC 9338 §3.3):
//
//   [ "CounterSignature", protected (the COSE_Sign1's exact protected-header bstr), h'', payload ]
//
//   sigTst  : payload = the claim bytes (what the signature signs)
//   sigTst2 : payload = the CBOR encoding of bstr(signature), i.e. head + signature bytes
//             (the time-stamp covers the signature itself, so it proves when the signature existed)
//
// "val" is a TimeStampToken (sigTst2) or, from older signers, a whole TimeStampResp (sigTst).

/// <summary>
/// Reads and checks the RFC 3161 time-stamp of a C2PA claim signature, and builds the exact
/// bytes a signer must have stamped (<see cref="SigTstMessage"/>, <see cref="SigTst2Message(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>).
/// </summary>
public static class CoseTimeStamp
{
    /// <summary>Unprotected-header key of a v1 time-stamp (imprint over the claim).</summary>
    public const string SigTstKey = "sigTst";
    /// <summary>Unprotected-header key of a v2 time-stamp (imprint over the signature).</summary>
    public const string SigTst2Key = "sigTst2";

    private const string TokensKey = "tstTokens";
    private const string ValueKey = "val";
    private const string MessageDigestAttribute = "1.2.840.113549.1.9.4";
    private const string TstInfoContentType = "1.2.840.113549.1.9.16.1.4";
    private const string RsaPssOid = "1.2.840.113549.1.1.10";

    /// <summary>
    /// The bytes whose hash a <c>sigTst</c> (v1) token must carry:
    /// <c>["CounterSignature", protected, h'', claim]</c> as CBOR.
    /// </summary>
    public static byte[] SigTstMessage(ReadOnlySpan<byte> protectedHeaderBytes, ReadOnlySpan<byte> claimBytes) =>
        CounterSignatureStructure(protectedHeaderBytes, claimBytes);

    /// <summary>
    /// The bytes whose hash a <c>sigTst2</c> (v2) token must carry, for a COSE_Sign1 whose
    /// protected header is <paramref name="protectedHeaderBytes"/> and whose signature is
    /// <paramref name="signature"/>: <c>["CounterSignature", protected, h'', bstr(cbor(bstr(signature)))]</c>.
    /// A signer signs first, stamps these bytes, then adds the token to the unprotected header
    /// (which the signature does not cover) with <see cref="HeaderValue"/>.
    /// </summary>
    public static byte[] SigTst2Message(ReadOnlySpan<byte> protectedHeaderBytes, ReadOnlySpan<byte> signature)
    {
        var wrapped = new CborWriter(signature.Length + 9);
        wrapped.WriteByteString(signature);
        return CounterSignatureStructure(protectedHeaderBytes, wrapped.WrittenSpan);
    }

    /// <summary>The bytes a <c>sigTst2</c> token must stamp for an already signed <paramref name="signature"/>.</summary>
    public static byte[] SigTst2Message(CoseSign1 signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        return SigTst2Message(signature.ProtectedHeaderBytes.Span, signature.Signature.Span);
    }

    /// <summary>The CBOR value to store under <c>sigTst</c>/<c>sigTst2</c>: <c>{"tstTokens": [{"val": token}]}</c>.</summary>
    public static byte[] HeaderValue(ReadOnlySpan<byte> token)
    {
        var writer = new CborWriter(token.Length + 24);
        writer.WriteStartMap(1);
        writer.WriteTextString(TokensKey);
        writer.WriteStartArray(1);
        writer.WriteStartMap(1);
        writer.WriteTextString(ValueKey);
        writer.WriteByteString(token);
        return writer.ToArray();
    }

    private static byte[] CounterSignatureStructure(ReadOnlySpan<byte> protectedHeaderBytes, ReadOnlySpan<byte> payload) =>
        CoseSign1.ToBeSigned("CounterSignature", protectedHeaderBytes, payload);

    /// <summary>
    /// Checks the time-stamp of <paramref name="signature"/> (if any) over <paramref name="claim"/>.
    /// <paramref name="checkTrust"/> says whether the TSA must chain to an anchor for the time to
    /// count (c2pa-rs checks it for claims v2 and later only).
    /// </summary>
    internal static TimeStampOutcome Verify(CoseSign1 signature, ReadOnlySpan<byte> claim, bool checkTrust, C2paTrustSettings trust)
    {
        string? key = null;
        CborValue? value = null;
        foreach (var entry in signature.UnprotectedHeader.Entries)
        {
            if (entry.Key.Text is SigTstKey or SigTst2Key)
            {
                key = entry.Key.Text;
                value = entry.Value;
                break;
            }
        }
        if (key is null || value is null) return TimeStampOutcome.Absent;

        var tokens = value.Untagged[TokensKey]?.Untagged;
        if (tokens is null || tokens.Kind != CborValueKind.Array)
            return TimeStampOutcome.Failed(C2paStatusCodes.TimeStampMalformed, $"{key} has no tstTokens array");
        if (tokens.Items.Count != 1)
            return TimeStampOutcome.Failed(C2paStatusCodes.TimeStampMalformed, $"{key} holds {tokens.Items.Count} time-stamp tokens; C2PA allows exactly one");
        var val = tokens.Items[0].Untagged[ValueKey]?.Untagged;
        if (val is null || val.Kind != CborValueKind.Bytes)
            return TimeStampOutcome.Failed(C2paStatusCodes.TimeStampMalformed, $"the {key} token has no 'val' byte string");

        var message = key == SigTst2Key
            ? SigTst2Message(signature.ProtectedHeaderBytes.Span, signature.Signature.Span)
            : SigTstMessage(signature.ProtectedHeaderBytes.Span, claim);
        try
        {
            return VerifyToken(key, val.Bytes, message, checkTrust, trust);
        }
        catch (Exception e) when (e is CryptographicException or AsnContentException)
        {
            // The platform's CMS and certificate decoders throw on damaged fields they meet late.
            return TimeStampOutcome.Failed(C2paStatusCodes.TimeStampMalformed, $"the {key} token cannot be decoded ({e.Message})");
        }
    }

    private static TimeStampOutcome VerifyToken(string key, ReadOnlyMemory<byte> value, byte[] message, bool checkTrust, C2paTrustSettings trust)
    {
        ReadOnlyMemory<byte> tokenBytes;
        try
        {
            tokenBytes = Rfc3161Token.Extract(value);
        }
        catch (CandorFormatException e)
        {
            return TimeStampOutcome.Failed(C2paStatusCodes.TimeStampMalformed, $"the {key} token cannot be read: {e.Message}");
        }
        // Read as plain CMS rather than with Rfc3161TimestampToken.TryDecode, which also demands an
        // ESS signing-certificate attribute and a non-empty digestAlgorithms set; the reference does
        // not, and real signers (c2pa-ts) omit them. SignedCms parses the structure; the certificates
        // come from the certificate cache and the signature is checked here (SignedCms would load
        // every certificate of the token again on each access).
        var cms = new SignedCms();
        Rfc3161TimestampTokenInfo? info;
        try
        {
            cms.Decode(tokenBytes.Span);
            if (cms.ContentInfo.ContentType.Value != TstInfoContentType || !Rfc3161TimestampTokenInfo.TryDecode(cms.ContentInfo.Content, out info, out _))
                info = null;
        }
        catch (CryptographicException)
        {
            info = null;
        }
        var layout = info is null ? null : SignedDataLayout.Read(tokenBytes);
        if (info is null || layout is null)
            return TimeStampOutcome.Failed(C2paStatusCodes.TimeStampMalformed, $"the {key} value is not a well-formed RFC 3161 time-stamp token");

        if (layout.Certificates.Count == 0)
            return TimeStampOutcome.Failed(C2paStatusCodes.TimeStampUntrusted, $"the {key} token carries no certificate, so its authority cannot be checked");
        var certificates = layout.Certificates.Select(der => CertificateCache.Get(der.Span)).ToList();
        var genTime = info.Timestamp;
        var signer = cms.SignerInfos.Count > 0 ? cms.SignerInfos[0] : null;
        var tsa = signer is null ? null : certificates.FirstOrDefault(c => Identifies(signer.SignerIdentifier, c.Certificate));
        if (tsa is null)
            return TimeStampOutcome.Failed(C2paStatusCodes.TimeStampUntrusted, $"the {key} token does not carry its signer's certificate");
        if (SignatureProblem(signer!, layout.SignedAttributes, tsa, cms.ContentInfo.Content) is { } problem)
            return TimeStampOutcome.Failed(C2paStatusCodes.TimeStampUntrusted, $"the {key} token's signature does not verify ({problem})");
        var tsaCertificate = tsa.Certificate;
        if (!C2paCertificateProfile.IsValidAt(tsaCertificate, genTime))
            return TimeStampOutcome.Failed(C2paStatusCodes.TimeStampOutsideValidity, $"the time-stamp ({genTime:u}) lies outside its authority's certificate validity ({tsaCertificate.NotBefore:u} .. {tsaCertificate.NotAfter:u})");

        if (HashFor(info.HashAlgorithmId.Value) is not { } hash)
            return TimeStampOutcome.Failed(C2paStatusCodes.TimeStampUntrusted, $"the {key} token hashes with {info.HashAlgorithmId.Value}, which Candor does not support");
        var expected = hash(message);
        if (!info.GetMessageHash().Span.SequenceEqual(expected))
            return TimeStampOutcome.Failed(C2paStatusCodes.TimeStampMismatch, $"the {key} token was issued for other bytes than this signature's countersignature structure");

        var statuses = new List<(string, string)> { (C2paStatusCodes.TimeStampValidated, $"{key} token from '{tsaCertificate.Subject}' at {genTime:u} matches the signature") };
        if (!checkTrust) return new TimeStampOutcome(statuses, genTime, genTime);

        var reason = CredentialChain.Untrusted(tsaCertificate, [.. certificates.Select(c => c.Certificate)], trust.Anchors, genTime, C2paCertificateProfile.TimeStampingEku);
        if (reason is not null)
        {
            statuses.Add((C2paStatusCodes.TimeStampUntrusted, $"time-stamp authority '{tsaCertificate.Subject}' is not trusted: {reason}"));
            return new TimeStampOutcome(statuses, null, genTime);
        }
        statuses.Add((C2paStatusCodes.TimeStampTrusted, $"time-stamp authority '{tsaCertificate.Subject}' chains to a trust anchor"));
        return new TimeStampOutcome(statuses, genTime, genTime);
    }

    // The signer's certificate: issuer and serial number, or subject key identifier (RFC 5652 §5.3).
    private static bool Identifies(SubjectIdentifier signer, X509Certificate2 certificate) => signer.Value switch
    {
        X509IssuerSerial issuerSerial => string.Equals(certificate.SerialNumber, issuerSerial.SerialNumber, StringComparison.OrdinalIgnoreCase)
            && string.Equals(certificate.IssuerName.Name, issuerSerial.IssuerName, StringComparison.Ordinal),
        string keyIdentifier when signer.Type == SubjectIdentifierType.SubjectKeyIdentifier =>
            certificate.Extensions["2.5.29.14"] is { } ski && string.Equals(new X509SubjectKeyIdentifierExtension(ski, ski.Critical).SubjectKeyIdentifier, keyIdentifier, StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    // Why the SignerInfo's signature does not verify with the TSA's key, or null when it does (RFC 5652 §5.4/§5.6):
    // with signed attributes, their messageDigest must be the hash of the content and the signature covers
    // the attributes' DER as a SET; without, it covers the content. RSA PKCS #1 v1.5 or PSS, ECDSA as DER
    // ECDSA-Sig-Value or, as some signers (c2pa-ts) write it, raw r‖s (the reference accepts both).
    private static string? SignatureProblem(SignerInfo signer, byte[]? signedAttributes, CachedCertificate tsa, byte[] content)
    {
        var digestOid = signer.DigestAlgorithm.Value;
        if (HashFor(digestOid) is not { } hash || HashName(digestOid) is not { } hashName) return $"digest algorithm {digestOid} is not supported";
        byte[] signed;
        if (signedAttributes is null)
        {
            signed = content;
        }
        else
        {
            var digest = signer.SignedAttributes.Cast<CryptographicAttributeObject>()
                .FirstOrDefault(a => a.Oid.Value == MessageDigestAttribute)?.Values.Cast<AsnEncodedData>().FirstOrDefault();
            if (digest is null) return "the signed attributes carry no message digest";
            if (!AsnDecoder.ReadOctetString(digest.RawData, AsnEncodingRules.BER, out _).AsSpan().SequenceEqual(hash(content)))
                return "the message digest attribute does not match the time-stamp info";
            signed = signedAttributes;
        }
        var signature = signer.GetSignature();
        var algorithm = signer.SignatureAlgorithm.Value;
        if (tsa.RsaKey is { } rsa)
        {
            var padding = algorithm == RsaPssOid ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1;
            lock (tsa.KeyLock)
                return rsa.VerifyData(signed, signature, hashName, padding)
                    || (signedAttributes is not null && rsa.VerifyData(SortedSet(signedAttributes), signature, hashName, padding))
                    ? null : "the RSA signature does not match";
        }
        if (tsa.EcdsaKey is { } ec)
        {
            lock (tsa.KeyLock)
            {
                var format = signature.Length == 2 * ((ec.KeySize + 7) / 8) && signature[0] != 0x30
                    ? DSASignatureFormat.IeeeP1363FixedFieldConcatenation
                    : DSASignatureFormat.Rfc3279DerSequence;
                return Verifies(ec, signed, signature, hashName, format)
                    || (format == DSASignatureFormat.Rfc3279DerSequence && signature.Length == 2 * ((ec.KeySize + 7) / 8) && Verifies(ec, signed, signature, hashName, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
                    || (signedAttributes is not null && Verifies(ec, SortedSet(signedAttributes), signature, hashName, format))
                    ? null : "the ECDSA signature does not match";
            }
        }
        return $"the authority's key ({tsa.Certificate.PublicKey.Oid.Value}) is neither RSA nor EC";
    }

    private static bool Verifies(ECDsa key, byte[] data, byte[] signature, HashAlgorithmName hash, DSASignatureFormat format)
    {
        try
        {
            return key.VerifyData(data, signature, hash, format);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    // The DER form of a SET OF sorts its elements by their encodings (X.690 §11.6); some signers
    // write the attributes unsorted but sign the sorted form.
    private static byte[] SortedSet(byte[] set)
    {
        var reader = new AsnReader(set, AsnEncodingRules.BER).ReadSetOf(skipSortOrderValidation: true);
        var elements = new List<byte[]>();
        while (reader.HasData) elements.Add(reader.ReadEncodedValue().ToArray());
        elements.Sort((a, b) => a.AsSpan().SequenceCompareTo(b));
        var writer = new AsnWriter(AsnEncodingRules.BER);
        using (writer.PushSetOf())
            foreach (var element in elements) writer.WriteEncodedValue(element);
        return writer.Encode();
    }

    // ContentInfo { OID, [0] SignedData { version, digestAlgorithms, encapContentInfo, [0] IMPLICIT certificates
    // SET OF CertificateChoices, [1] crls, signerInfos SET { SignerInfo { version, sid, digestAlgorithm,
    // [0] IMPLICIT signedAttrs, … } } } }: the certificates' DER and the first signer's signed attributes
    // re-tagged as a SET (what its signature covers, RFC 5652 §5.4), or null when the layout is broken.
    private sealed record SignedDataLayout(List<ReadOnlyMemory<byte>> Certificates, byte[]? SignedAttributes)
    {
        public static SignedDataLayout? Read(ReadOnlyMemory<byte> tokenBytes)
        {
            try
            {
                var contentInfo = new AsnReader(tokenBytes, AsnEncodingRules.BER).ReadSequence();
                contentInfo.ReadObjectIdentifier();
                var signedData = contentInfo.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0)).ReadSequence();
                signedData.ReadInteger();
                signedData.ReadSetOf();
                signedData.ReadSequence();
                var certificates = new List<ReadOnlyMemory<byte>>();
                while (signedData.HasData && signedData.PeekTag().TagClass == TagClass.ContextSpecific)
                {
                    var tag = signedData.PeekTag();
                    if (tag.TagValue != 0)
                    {
                        signedData.ReadEncodedValue();
                        continue;
                    }
                    var set = signedData.ReadSetOf(skipSortOrderValidation: true, new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true));
                    while (set.HasData)
                    {
                        // CertificateChoices: a plain Certificate is a SEQUENCE; the other choices are tagged and not X.509.
                        if (set.PeekTag() == Asn1Tag.Sequence) certificates.Add(set.ReadEncodedValue());
                        else set.ReadEncodedValue();
                    }
                }
                var signerInfo = signedData.ReadSetOf(skipSortOrderValidation: true).ReadSequence();
                signerInfo.ReadInteger();
                signerInfo.ReadEncodedValue();
                signerInfo.ReadSequence();
                byte[]? attributes = null;
                if (signerInfo.HasData && signerInfo.PeekTag() == new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true))
                {
                    attributes = signerInfo.ReadEncodedValue().ToArray();
                    attributes[0] = 0x31;
                }
                return new SignedDataLayout(certificates, attributes);
            }
            catch (AsnContentException)
            {
                return null;
            }
        }
    }

    private static HashAlgorithmName? HashName(string? oid) => oid switch
    {
        "1.3.14.3.2.26" => HashAlgorithmName.SHA1,
        "2.16.840.1.101.3.4.2.1" => HashAlgorithmName.SHA256,
        "2.16.840.1.101.3.4.2.2" => HashAlgorithmName.SHA384,
        "2.16.840.1.101.3.4.2.3" => HashAlgorithmName.SHA512,
        _ => null,
    };

    private static Func<byte[], byte[]>? HashFor(string? oid) => oid switch
    {
        "1.3.14.3.2.26" => SHA1.HashData,
        "2.16.840.1.101.3.4.2.1" => SHA256.HashData,
        "2.16.840.1.101.3.4.2.2" => SHA384.HashData,
        "2.16.840.1.101.3.4.2.3" => SHA512.HashData,
        _ => null,
    };
}
