namespace Candor.Fingerprints;

/// <summary>Outcome of checking one claimed hash against the local files.</summary>
public enum HashVerdict
{
    /// <summary>A local file has the claimed hash.</summary>
    Match,
    /// <summary>A local file with the same name has a different hash (another file may hold the claimed one: see <see cref="HashCheck.MatchedFile"/>).</summary>
    Mismatch,
    /// <summary>No local file has it and none has the same name.</summary>
    Unknown,
}
