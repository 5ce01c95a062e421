namespace Candor.Index;

/// <summary>One item a <see cref="HammingIndex"/> search found: its id and its Hamming distance to the query.</summary>
/// <param name="Id">The item's id: its position in the codes the index was built from (plus the segment's first id).</param>
/// <param name="Distance">The number of bits in which the item's code and the query differ (0–256).</param>
public readonly record struct HammingMatch(long Id, int Distance);
