namespace Candor.Fingerprints;

/// <summary>A PDQ hash with the reference's quality score of the image it came from.</summary>
/// <param name="Hash">The 256-bit hash.</param>
/// <param name="Quality">
/// 0–100: how much significant gradient the 64×64 downsample has (the reference's image-domain metric). Flat or
/// tiny images score low and their hashes match too easily; Meta recommends discarding hashes below
/// <see cref="PdqHasher.LowQuality"/>.
/// </param>
public readonly record struct PdqResult(PdqHash Hash, int Quality)
{
    /// <summary>True when <see cref="Quality"/> is below <see cref="PdqHasher.LowQuality"/>, where Meta recommends discarding the hash.</summary>
    public bool IsLowQuality => Quality < PdqHasher.LowQuality;

    /// <summary>The hash's hex text and the quality, e.g. <c>d8f8…9b22 q=100</c>.</summary>
    public override string ToString() => $"{Hash} q={Quality}";
}
