using Candor.Provenance;

namespace Candor.Fingerprints;

/// <summary>The verdict for one claimed hash: the file that has it, the same-name file, and a sentence saying why.</summary>
public sealed record HashCheck(ClaimedHash Claim, HashVerdict Verdict, LocalModel? MatchedFile, LocalModel? SameNameFile, string Message);
