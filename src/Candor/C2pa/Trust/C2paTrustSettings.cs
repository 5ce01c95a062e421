using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Candor.C2pa.Trust;

/// <summary>
/// What a validation trusts: the trust anchors (root certificates a signing or time-stamping
/// chain must end in), the time at which certificates are judged, and whether the network may
/// be used. <see cref="None"/> trusts nobody, so every signer is <c>signingCredential.untrusted</c>.
/// </summary>
public sealed class C2paTrustSettings
{
    /// <summary>Settings with no trust anchor, the current time and no network.</summary>
    public C2paTrustSettings()
        : this(new X509Certificate2Collection())
    {
    }

    /// <summary>Settings that trust exactly <paramref name="anchors"/>.</summary>
    public C2paTrustSettings(X509Certificate2Collection anchors)
    {
        ArgumentNullException.ThrowIfNull(anchors);
        Anchors = anchors;
    }

    /// <summary>A fresh instance that trusts nobody.</summary>
    public static C2paTrustSettings None => new();

    /// <summary>The trust anchors; a chain is trusted when it ends in one of them.</summary>
    public X509Certificate2Collection Anchors { get; }

    /// <summary>
    /// The trust anchors for CAWG identity credentials (<c>cawg.x509.cose</c>). CAWG keeps its own
    /// trust list, separate from the C2PA signers' one (as c2pa-rs's <c>cawg_trust</c> does), so
    /// this starts empty and an identity credential is untrusted until anchors are added here.
    /// </summary>
    public X509Certificate2Collection CawgAnchors { get; init; } = [];

    /// <summary>
    /// The time certificates are judged at when the signature carries no usable time-stamp;
    /// null means now.
    /// </summary>
    public DateTimeOffset? ValidationTime { get; init; }

    /// <summary>
    /// Whether validation may use the network (OCSP responders). Candor fetches nothing yet, so
    /// today this only changes the wording of <c>signingCredential.ocsp.skipped</c>.
    /// </summary>
    public bool AllowNetwork { get; init; }

    /// <summary>The time to judge certificates at: <see cref="ValidationTime"/>, or now.</summary>
    public DateTimeOffset EffectiveTime => ValidationTime ?? DateTimeOffset.UtcNow;

    /// <summary>
    /// Loads every <c>CERTIFICATE</c> block of the PEM files as trust anchors (other blocks are
    /// ignored). A file that cannot be read as PEM, holds no certificate, or holds a certificate
    /// that cannot be decoded is a <see cref="CandorFormatException"/> naming the file.
    /// </summary>
    public static C2paTrustSettings FromPemFiles(params string[] paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var anchors = new X509Certificate2Collection();
        foreach (var path in paths)
        {
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CandorFormatException($"trust anchors: cannot read '{path}' ({e.Message})", block: Path.GetFileName(path), inner: e);
            }
            anchors.AddRange(ReadPem(text, Path.GetFileName(path)));
        }
        return new C2paTrustSettings(anchors);
    }

    /// <summary>
    /// The certificates of a PEM text; <paramref name="source"/> names it in error messages. Offsets
    /// in errors are character offsets in the text.
    /// </summary>
    public static X509Certificate2Collection ReadPem(string pem, string source)
    {
        ArgumentNullException.ThrowIfNull(pem);
        var certificates = new X509Certificate2Collection();
        var rest = pem.AsMemory();
        var consumed = 0;
        while (PemEncoding.TryFind(rest.Span, out var fields))
        {
            var label = rest.Span[fields.Label];
            var start = consumed + fields.Location.Start.Value;
            if (label.SequenceEqual("CERTIFICATE"))
            {
                var der = new byte[fields.DecodedDataLength];
                if (!Convert.TryFromBase64Chars(rest.Span[fields.Base64Data], der, out var written) || written != der.Length)
                    throw new CandorFormatException($"trust anchors: a CERTIFICATE block of '{source}' is not valid base64", start, source);
                try
                {
                    certificates.Add(X509CertificateLoader.LoadCertificate(der));
                }
                catch (CryptographicException e)
                {
                    throw new CandorFormatException($"trust anchors: a CERTIFICATE block of '{source}' is not an X.509 certificate ({e.Message})", start, source, e);
                }
            }
            var end = fields.Location.End.Value;
            consumed += end;
            rest = rest[end..];
        }
        var declared = CountOccurrences(pem, "-----BEGIN CERTIFICATE-----");
        if (declared > certificates.Count)
            throw new CandorFormatException($"trust anchors: '{source}' declares {declared} CERTIFICATE blocks but only {certificates.Count} can be read (bad header, footer or base64)", -1, source);
        if (certificates.Count == 0)
        {
            var begin = pem.IndexOf("-----BEGIN", StringComparison.Ordinal);
            throw new CandorFormatException(begin >= 0
                ? $"trust anchors: '{source}' has a PEM block that cannot be read (bad header, footer or base64)"
                : $"trust anchors: '{source}' holds no PEM CERTIFICATE block", begin, source);
        }
        return certificates;
    }

    private static int CountOccurrences(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
