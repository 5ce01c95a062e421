namespace Candor.Consent;

/// <summary>
/// One piece of evidence behind a <see cref="ConsentDecision"/>: which signal said it, where it was read, what
/// exactly it said and what it means for the use asked about.
/// </summary>
/// <param name="Signal">The kind of signal, one short word: <c>registry</c>, <c>robots.txt</c>, <c>ai.txt</c>, <c>tdmrep</c>, <c>x-robots-tag</c>, <c>html-meta</c>, <c>iptc</c>, <c>c2pa</c>, <c>watermark</c>.</param>
/// <param name="Source">Where it was read: a URL, a file name, a header name, or a registry record id.</param>
/// <param name="Detail">What it said, quoted or summarised in plain words (the matching rule, header value, entry).</param>
/// <param name="Verdict">What this evidence alone means for the use.</param>
public sealed record ConsentEvidence(string Signal, string Source, string Detail, ConsentVerdict Verdict);
