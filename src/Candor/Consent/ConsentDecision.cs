namespace Candor.Consent;

/// <summary>
/// The answer to "may this work be used for <see cref="Use"/>?": the verdict, a one-line reason a person can read,
/// and every piece of evidence that led to it.
/// </summary>
/// <param name="Use">The use asked about.</param>
/// <param name="Verdict">The combined verdict: <see cref="ConsentVerdict.Forbidden"/> when any evidence forbids the use, otherwise <see cref="ConsentVerdict.Allowed"/> when some evidence allows it, otherwise <see cref="ConsentVerdict.NotStated"/>.</param>
/// <param name="Reason">One plain sentence, e.g. <c>robots.txt disallows GPTBot for /art/</c>.</param>
/// <param name="Evidence">Every piece of evidence considered, in the order it was found.</param>
public sealed record ConsentDecision(ConsentUse Use, ConsentVerdict Verdict, string Reason, IReadOnlyList<ConsentEvidence> Evidence)
{
    /// <summary>Combines evidence by the rule on <see cref="Verdict"/>; the reason is the first forbidding (else allowing) evidence's detail, or <paramref name="silentReason"/>.</summary>
    public static ConsentDecision Combine(ConsentUse use, IReadOnlyList<ConsentEvidence> evidence, string silentReason = "no signal about this use")
    {
        var deciding = evidence.FirstOrDefault(e => e.Verdict == ConsentVerdict.Forbidden)
            ?? evidence.FirstOrDefault(e => e.Verdict == ConsentVerdict.Allowed);
        return deciding is null
            ? new ConsentDecision(use, ConsentVerdict.NotStated, silentReason, evidence)
            : new ConsentDecision(use, deciding.Verdict, $"{deciding.Signal}: {deciding.Detail}", evidence);
    }
}
