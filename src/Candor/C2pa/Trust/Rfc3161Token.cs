using System.Formats.Asn1;

namespace Candor.C2pa.Trust;

// An RFC 3161 value as C2PA stores it in "val" of sigTst / sigTst2: either the whole
// TimeStampResp (older signers, sigTst) or just its TimeStampToken (sigTst2):
//
//   TimeStampResp ::= SEQUENCE { status PKIStatusInfo, timeStampToken ContentInfo OPTIONAL }
//   PKIStatusInfo ::= SEQUENCE { status INTEGER (0 granted, 1 grantedWithMods, 2.. refused), statusString, failInfo }
//   TimeStampToken ::= ContentInfo ::= SEQUENCE { contentType OID (1.2.840.113549.1.7.2 signedData), [0] content }

/// <summary>
/// Unwraps the RFC 3161 time-stamp token from a <c>TimeStampResp</c> or passes a bare token through.
/// </summary>
public static class Rfc3161Token
{
    /// <summary>
    /// The DER <c>TimeStampToken</c> (a CMS ContentInfo) inside <paramref name="der"/>, which may be
    /// a whole <c>TimeStampResp</c> or already the token. A response that was not granted, carries no
    /// token or is not DER is a <see cref="CandorFormatException"/>.
    /// </summary>
    public static ReadOnlyMemory<byte> Extract(ReadOnlyMemory<byte> der)
    {
        try
        {
            var outer = new AsnReader(der, AsnEncodingRules.BER);
            var encoded = outer.PeekEncodedValue();
            var sequence = outer.ReadSequence();
            if (sequence.PeekTag() == Asn1Tag.ObjectIdentifier) return encoded;
            var status = sequence.ReadSequence();
            if (!status.TryReadInt32(out var code)) throw new CandorFormatException("RFC 3161: the response status is not a small integer");
            if (code is not (0 or 1)) throw new CandorFormatException($"RFC 3161: the time-stamp authority refused the request (status {code}{StatusText(status)})");
            if (!sequence.HasData) throw new CandorFormatException("RFC 3161: the response was granted but carries no time-stamp token");
            // AsnReader hands out slices of the buffer it reads, so this is the token's own bytes.
            return sequence.PeekEncodedValue();
        }
        catch (AsnContentException e)
        {
            throw new CandorFormatException($"RFC 3161: not a DER time-stamp response or token ({e.Message})", inner: e);
        }
    }

    private static string StatusText(AsnReader status)
    {
        if (!status.HasData || status.PeekTag() != Asn1Tag.Sequence) return "";
        var texts = status.ReadSequence();
        var parts = new List<string>();
        while (texts.HasData && texts.PeekTag() == new Asn1Tag(UniversalTagNumber.UTF8String)) parts.Add(texts.ReadCharacterString(UniversalTagNumber.UTF8String));
        return parts.Count > 0 ? ": " + string.Join("; ", parts) : "";
    }
}
