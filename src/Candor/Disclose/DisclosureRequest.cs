using Candor.C2pa.Signing;

namespace Candor.Disclose;

/// <summary>
/// What a user asks <see cref="Discloser"/> to write into each file: the declared source type and
/// "do not train" scope, tools and actions, whether to decide from the file itself or a darktable
/// sidecar, and how careful to be with files that carry Content Credentials.
/// </summary>
public sealed record DisclosureRequest
{
    /// <summary>The IPTC Digital Source Type code to declare (see <see cref="Discloser.TryParseSourceType"/>); null to leave it to <see cref="Auto"/>, the darktable sidecar or the file.</summary>
    public string? SourceTypeCode { get; init; }

    /// <summary>The PLUS Data Mining code to declare, e.g. <c>DMI-PROHIBITED</c> (<see cref="Consent.TrainingConsent.DataMiningCode"/> makes it from a user's word); null for none.</summary>
    public string? DataMiningCode { get; init; }

    /// <summary>AI tools the user says were used.</summary>
    public IReadOnlyList<string> Tools { get; init; } = [];

    /// <summary>What the user says was done with AI.</summary>
    public IReadOnlyList<string> Actions { get; init; } = [];

    /// <summary>Decide the source type, tools and actions from what the inspector finds in each file.</summary>
    public bool Auto { get; init; }

    /// <summary>A darktable sidecar (.xmp) whose AI-backed edits say what to declare; null for none.</summary>
    public string? DarktableSidecar { get; init; }

    /// <summary>Write into a file with Content Credentials without re-signing it (its manifest will no longer validate).</summary>
    public bool Force { get; init; }

    /// <summary>
    /// Replace the output file given to <see cref="Discloser.Apply"/> when it exists (without it an existing
    /// output is refused). Separate from <see cref="Force"/>, which is about breaking Content Credentials.
    /// </summary>
    public bool Overwrite { get; init; }

    /// <summary>
    /// Sign with <see cref="Signing"/> even when its credentials would not validate (expired, no C2PA EKU,
    /// self-signed, a key that is not the certificate's). Only for making invalid test fixtures.
    /// </summary>
    public bool AllowInvalidCertificate { get; init; }

    /// <summary>Plan only: change nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>When set, every written file is also signed with a C2PA manifest of the same content; the caller owns and disposes the credentials.</summary>
    public C2paSigningCredentials? Signing { get; init; }

    /// <summary>True when the request names nothing to declare and nothing to decide it from.</summary>
    public bool AsksForNothing =>
        SourceTypeCode is null && DataMiningCode is null && Tools.Count == 0 && Actions.Count == 0 && !Auto && DarktableSidecar is null;
}
