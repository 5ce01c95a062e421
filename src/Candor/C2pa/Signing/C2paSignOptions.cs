using System.Security.Cryptography.X509Certificates;
using Candor.C2pa.Cose;

namespace Candor.C2pa.Signing;

/// <summary>What to sign with and what the new manifest says (see <see cref="C2paSigner"/>).</summary>
public sealed record C2paSignOptions
{
    /// <summary>The COSE signature algorithm; it must suit <see cref="Key"/>.</summary>
    public required CoseAlgorithm Algorithm { get; init; }

    /// <summary>The private key of the leaf certificate.</summary>
    public required CoseSigningKey Key { get; init; }

    /// <summary>The certificate chain, leaf first, without the root.</summary>
    public required IReadOnlyList<X509Certificate2> Chain { get; init; }

    /// <summary>
    /// The action to record: "c2pa.created" (default), "c2pa.edited", … Without a parent manifest
    /// the first action is c2pa.created; with one it is c2pa.opened (pointing at the parent
    /// ingredient) and c2pa.created is then not repeated.
    /// </summary>
    public string Action { get; init; } = "c2pa.created";

    /// <summary>
    /// The IPTC digital source type: a short name ("trainedAlgorithmicMedia") or the full URI.
    /// Goes on c2pa.created, or on the requested action of an edit. Required when the input has no
    /// manifest yet (c2pa.created must name one).
    /// </summary>
    public string? DigitalSourceType { get; init; }

    /// <summary>"allowed", "notAllowed" or "constrained": writes a cawg.training-mining assertion with all four entries set to it; null writes none.</summary>
    public string? Training { get; init; }

    /// <summary>
    /// Per-entry training-and-mining uses (entry → allowed / notAllowed / constrained), e.g. only
    /// <c>cawg.ai_generative_training</c> → notAllowed. Written instead of <see cref="Training"/>'s
    /// four equal entries when set; entries must be the four CAWG names.
    /// </summary>
    public IReadOnlyDictionary<string, string>? TrainingByEntry { get; init; }

    /// <summary>Embed a PNG thumbnail of the image as c2pa.thumbnail.claim.</summary>
    public bool Thumbnail { get; init; }

    /// <summary>
    /// Time-stamps the signature: receives the bytes to stamp (the COSE "CounterSignature"
    /// structure over the signature) and returns an RFC 3161 token, stored in the unprotected
    /// header as "sigTst2" {"tstTokens": [{"val": token}]}. Null: no time-stamp.
    /// </summary>
    public Func<ReadOnlyMemory<byte>, byte[]>? TimeStamper { get; init; }

    /// <summary>Write the store to a <c>.c2pa</c> sidecar next to an unchanged copy of the asset instead of embedding it.</summary>
    public bool Sidecar { get; init; }

    /// <summary>The claim's dc:title; null writes none.</summary>
    public string? Title { get; init; }

    /// <summary>
    /// Sign even when the credentials would not validate (an expired or non-conforming certificate, a key
    /// that is not the certificate's; see <see cref="C2paSigningCredentials.FindProblem(CoseSigningKey, IReadOnlyList{X509Certificate2}, CoseAlgorithm, DateTimeOffset)"/>).
    /// Only for making invalid test fixtures: without it such credentials are refused before anything is signed.
    /// </summary>
    public bool AllowInvalidCertificate { get; init; }

    /// <summary>
    /// Let <see cref="C2paSigner.SignFile"/> replace an output file (and an output sidecar) that already
    /// exists; without it an existing output is refused before anything is written.
    /// </summary>
    public bool Overwrite { get; init; }
}
