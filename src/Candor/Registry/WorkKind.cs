namespace Candor.Registry;

/// <summary>How a registered work is identified.</summary>
public enum WorkKind
{
    /// <summary>One exact URL (scheme ignored; see <see cref="Consent.ConsentUrl.ExactKey"/>).</summary>
    Url,

    /// <summary>Every URL under a path prefix on one host (see <see cref="Consent.ConsentUrl.PrefixKey"/>).</summary>
    UrlPrefix,

    /// <summary>Every URL on a domain and all of its subdomains, on any port.</summary>
    Domain,

    /// <summary>The SHA-256 of the image's bytes (64 lower-case hex digits): that exact file only.</summary>
    Sha256,

    /// <summary>A PDQ fingerprint with a Hamming radius: the image and its resized or re-encoded copies.</summary>
    Pdq,
}
