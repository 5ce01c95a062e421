namespace Candor.Index;

/// <summary>A caption that matched a word search, with SQLite FTS5's BM25 rank (lower is better; negative numbers).</summary>
/// <param name="Id">The item id.</param>
/// <param name="Rank">BM25 as FTS5 computes it: more negative is a better match.</param>
public readonly record struct WordMatch(long Id, double Rank);
