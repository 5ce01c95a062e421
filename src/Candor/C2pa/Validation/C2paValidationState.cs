namespace Candor.C2pa.Validation;

/// <summary>The verdict on a manifest store, as the C2PA reference implementation names it.</summary>
public enum C2paValidationState
{
    /// <summary>A check failed: a hash, the signature, the certificate profile, an ingredient…</summary>
    Invalid,
    /// <summary>Every check passed except, possibly, that the signer is not on a trust list.</summary>
    Valid,
    /// <summary>Every check passed and the signer chains to a trust anchor.</summary>
    Trusted,
}
