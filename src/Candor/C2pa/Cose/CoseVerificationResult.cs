namespace Candor.C2pa.Cose;

/// <summary>What <see cref="CoseSign1.Verify(ReadOnlySpan{byte})"/> found, with a plain-language reason.</summary>
/// <param name="Status">The outcome.</param>
/// <param name="Message">Why, in one line.</param>
public sealed record CoseVerificationResult(CoseVerificationStatus Status, string Message)
{
    /// <summary>True when <see cref="Status"/> is <see cref="CoseVerificationStatus.Valid"/>.</summary>
    public bool IsValid => Status == CoseVerificationStatus.Valid;
}
