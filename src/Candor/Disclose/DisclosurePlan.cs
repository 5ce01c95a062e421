namespace Candor.Disclose;

/// <summary>What <see cref="Discloser"/> will write into one file, and why.</summary>
/// <param name="Content">The XMP properties to write.</param>
/// <param name="SourceCode">The IPTC Digital Source Type code declared (given or decided); null for none.</param>
/// <param name="DataMiningCode">The PLUS Data Mining code declared; null for none.</param>
/// <param name="Reason">Where the declaration came from, clauses joined by "; " (empty when nothing was decided).</param>
public sealed record DisclosurePlan(DisclosureContent Content, string? SourceCode, string? DataMiningCode, string Reason)
{
    /// <summary>True when there is something to write.</summary>
    public bool HasContent => Content.DigitalSourceType is not null || Content.DataMining is not null || Content.Tools.Count > 0 || Content.Actions.Count > 0;
}
