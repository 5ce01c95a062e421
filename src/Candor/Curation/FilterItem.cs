using Candor.Consent;

namespace Candor.Curation;

/// <summary>One item waiting for its decision: what is sent to the lookups (null when it has no URL or hash), what its image says, and where it sits.</summary>
internal readonly record struct FilterItem(ConsentQuery? Query, IReadOnlyList<ConsentEvidence>? Embedded, long Row, string? Key)
{
    public string? Url => Query?.Url;
}
