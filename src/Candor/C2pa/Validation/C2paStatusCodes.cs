namespace Candor.C2pa.Validation;

/// <summary>
/// The status codes the hash checks report: the C2PA 2.2 §15.2.2 codes, plus
/// <see cref="HardBindingNotValidated"/>, Candor's own informational code (prefix "candor.")
/// for a hard binding Candor does not check yet.
/// </summary>
public static class C2paStatusCodes
{
    /// <summary>A hashed URI's hash matches the assertion it points at.</summary>
    public const string HashedUriMatch = "assertion.hashedURI.match";
    /// <summary>A hashed URI's hash differs from the assertion it points at.</summary>
    public const string HashedUriMismatch = "assertion.hashedURI.mismatch";
    /// <summary>A hashed URI points at an assertion that is not in the store.</summary>
    public const string AssertionMissing = "assertion.missing";
    /// <summary>The hash of the asset minus the exclusions matches <c>c2pa.hash.data</c>.</summary>
    public const string DataHashMatch = "assertion.dataHash.match";
    /// <summary>The asset hash differs, or the exclusions do not cover exactly the manifest store.</summary>
    public const string DataHashMismatch = "assertion.dataHash.mismatch";
    /// <summary>A hash algorithm that is not sha256, sha384 or sha512 (or none at all).</summary>
    public const string AlgorithmUnsupported = "algorithm.unsupported";
    /// <summary>A standard manifest without any hard-binding assertion.</summary>
    public const string HardBindingsMissing = "claim.hardBindings.missing";
    /// <summary>The claim lists more than one hard-binding assertion.</summary>
    public const string MultipleHardBindings = "assertion.multipleHardBindings";
    /// <summary>The claim's list of hashed URIs is malformed.</summary>
    public const string ClaimMalformed = "claim.malformed";
    /// <summary>
    /// Candor's own code: the hard binding is <c>c2pa.hash.boxes</c> or <c>c2pa.hash.bmff*</c>,
    /// which Candor does not validate yet (its hashed URI is still checked).
    /// </summary>
    public const string HardBindingNotValidated = "candor.hardBinding.notValidated";

    /// <summary>How each code counts.</summary>
    public static IReadOnlyDictionary<string, C2paStatusKind> Kinds { get; } = new Dictionary<string, C2paStatusKind>(StringComparer.Ordinal)
    {
        [HashedUriMatch] = C2paStatusKind.Success,
        [HashedUriMismatch] = C2paStatusKind.Failure,
        [AssertionMissing] = C2paStatusKind.Failure,
        [DataHashMatch] = C2paStatusKind.Success,
        [DataHashMismatch] = C2paStatusKind.Failure,
        [AlgorithmUnsupported] = C2paStatusKind.Failure,
        [HardBindingsMissing] = C2paStatusKind.Failure,
        [MultipleHardBindings] = C2paStatusKind.Failure,
        [ClaimMalformed] = C2paStatusKind.Failure,
        [HardBindingNotValidated] = C2paStatusKind.Informational,
    };
}
