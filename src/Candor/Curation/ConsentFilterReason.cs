using Candor.Consent;

namespace Candor.Curation;

/// <summary>
/// How many items the filter decided for one reason: the verdict, the signal that decided it and what it said (the
/// deciding evidence's detail), whether those items were dropped, and up to a few examples.
/// </summary>
/// <param name="Verdict">The combined verdict of these items.</param>
/// <param name="Signal">The deciding evidence's signal (<c>registry</c>, <c>iptc</c>, <c>c2pa</c> …); empty when nothing was stated.</param>
/// <param name="Detail">The deciding evidence's detail, or the decision's reason when nothing decided it.</param>
/// <param name="Dropped">True when these items were left out of the output.</param>
/// <param name="Count">How many items.</param>
/// <param name="Samples">Up to <see cref="ConsentFilterOptions.SamplesPerReason"/> of them, in reading order.</param>
public sealed record ConsentFilterReason(ConsentVerdict Verdict, string Signal, string Detail, bool Dropped, long Count, IReadOnlyList<ConsentFilterSample> Samples);
