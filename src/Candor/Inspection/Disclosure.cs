namespace Candor.Inspection;

/// <summary>Standard disclosures the file makes about its source and its use for AI.</summary>
public sealed class Disclosure
{
    /// <summary>IPTC Digital Source Type values (from XMP, IPTC or C2PA actions).</summary>
    public List<SourceTypeClaim> DigitalSourceTypes { get; } = [];

    /// <summary>PLUS Data Mining values and C2PA/CAWG training-mining entries.</summary>
    public List<TrainingPermission> Training { get; } = [];

    /// <summary>C2PA manifest store summary, when present.</summary>
    public C2paOverview? C2pa { get; set; }
}
