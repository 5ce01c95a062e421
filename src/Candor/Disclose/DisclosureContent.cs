namespace Candor.Disclose;

/// <summary>
/// What Candor writes into a file's XMP when it discloses how the image was made. A null value
/// leaves the file's existing value of that property as it is; the Candor properties
/// (<see cref="Tools"/>, <see cref="Actions"/>, <see cref="Generator"/>) are always replaced as a
/// group, so an empty list or a null generator removes an earlier one.
/// </summary>
public sealed record DisclosureContent
{
    /// <summary>
    /// The full IPTC Digital Source Type URI written as <c>Iptc4xmpExt:DigitalSourceType</c>, e.g.
    /// <c>http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia</c>.
    /// </summary>
    public string? DigitalSourceType { get; init; }

    /// <summary>
    /// The full PLUS Data Mining URI written as <c>plus:DataMining</c>, e.g.
    /// <c>http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED-AIMLTRAINING</c>.
    /// </summary>
    public string? DataMining { get; init; }

    /// <summary>The tools that touched the image (written as the unordered <c>candor:Tools</c> bag).</summary>
    public IReadOnlyList<string> Tools { get; init; } = [];

    /// <summary>What was done to the image, in order (written as the ordered <c>candor:Actions</c> sequence).</summary>
    public IReadOnlyList<string> Actions { get; init; } = [];

    /// <summary>The program that wrote the disclosure, e.g. "Candor 1.0" (written as <c>candor:DisclosedBy</c>).</summary>
    public string? Generator { get; init; }
}
