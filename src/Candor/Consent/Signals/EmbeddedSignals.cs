namespace Candor.Consent.Signals;

/// <summary>
/// Consent signals carried by the file itself, each read by another part of Candor and handed in here as a value: the IPTC
/// PLUS Data Mining property (XMP <c>plus:DataMining</c>), the entries of a C2PA/CAWG training-mining assertion, and the scope
/// of Candor's public "do not train" watermark. Each answers for one use with one piece of evidence per value.
/// </summary>
public static class EmbeddedSignals
{
    /// <summary>The evidence of a PLUS Data Mining value (a code or its URI) read from <paramref name="source"/>, for <paramref name="use"/>.</summary>
    public static ConsentEvidence FromDataMining(string? value, string source, ConsentUse use)
    {
        if (string.IsNullOrWhiteSpace(value)) return new ConsentEvidence("iptc", source, "no PLUS Data Mining value", ConsentVerdict.NotStated);
        if (DataMining.Parse(value) is not { } term)
            return new ConsentEvidence("iptc", source, $"'{Shorten(value)}' is not a PLUS Data Mining value", ConsentVerdict.NotStated);
        var said = $"plus:DataMining {term.Code} ({term.Label})";
        if (term.Code == "DMI-ALLOWED") return new ConsentEvidence("iptc", source, said, ConsentVerdict.Allowed);
        if (term.ConditionsIn is { } where)
            return new ConsentEvidence("iptc", source, $"{said}: mining is restricted under conditions in {where}, which Candor does not evaluate; counted as a refusal", ConsentVerdict.Forbidden);
        ConsentUse? refused = term.ProhibitsAllMining || term.Code == "DMI-PROHIBITED-EXCEPTSEARCHENGINEINDEXING" ? ConsentUse.DataMining
            : term.ProhibitsAiTraining ? ConsentUse.AiTraining
            : term.ProhibitsGenerativeAiTraining ? ConsentUse.GenAiTraining
            : null;
        return Refusal("iptc", source, said, refused, use);
    }

    /// <summary>
    /// The evidence of a C2PA/CAWG training-mining assertion's entries (key → use: <c>allowed</c>, <c>notAllowed</c>, <c>constrained</c>)
    /// read from <paramref name="source"/>, for <paramref name="use"/>: an entry speaks when its use covers the one asked
    /// (data mining ⊇ AI training ⊇ generative training); <c>ai_inference</c> speaks to no training use.
    /// </summary>
    public static IReadOnlyList<ConsentEvidence> FromTrainingMining(IEnumerable<KeyValuePair<string, string?>> entries, string source, ConsentUse use)
    {
        var evidence = new List<ConsentEvidence>();
        foreach (var (key, value) in entries)
        {
            var normalized = value is null ? null : TrainingMiningEntries.NormalizeUse(value);
            var said = TrainingMiningEntries.Meaning(key, normalized ?? value, null);
            if (EntryUse(key) is not { } entryUse)
            {
                evidence.Add(new ConsentEvidence("c2pa", source, $"{said} (not about {ConsentUses.Word(use)})", ConsentVerdict.NotStated));
                continue;
            }
            if (!ConsentUses.RefusalCovers(entryUse, use))
            {
                evidence.Add(new ConsentEvidence("c2pa", source, $"{said} (about {ConsentUses.Word(entryUse)}, narrower than {ConsentUses.Word(use)})", ConsentVerdict.NotStated));
                continue;
            }
            evidence.Add(normalized switch
            {
                TrainingMiningEntries.NotAllowed => new ConsentEvidence("c2pa", source, said, ConsentVerdict.Forbidden),
                TrainingMiningEntries.Allowed => new ConsentEvidence("c2pa", source, said, ConsentVerdict.Allowed),
                TrainingMiningEntries.Constrained => new ConsentEvidence("c2pa", source, $"{said}: constraints Candor does not evaluate; counted as a refusal", ConsentVerdict.Forbidden),
                _ => new ConsentEvidence("c2pa", source, $"{said}: no recognised use value", ConsentVerdict.NotStated),
            });
        }
        if (evidence.Count == 0) evidence.Add(new ConsentEvidence("c2pa", source, "training-mining assertion has no entries", ConsentVerdict.NotStated));
        return evidence;
    }

    /// <summary>The evidence of a detected "do not train" watermark of <paramref name="scope"/> (null: none detected) in <paramref name="source"/>, for <paramref name="use"/>.</summary>
    public static ConsentEvidence FromWatermark(DoNotTrainScope? scope, string source, ConsentUse use)
    {
        if (scope is not { } s || !Enum.IsDefined(s)) return new ConsentEvidence("watermark", source, "no do-not-train watermark detected", ConsentVerdict.NotStated);
        var refused = s switch
        {
            DoNotTrainScope.AllMining => ConsentUse.DataMining,
            DoNotTrainScope.AiTraining => ConsentUse.AiTraining,
            _ => ConsentUse.GenAiTraining,
        };
        return Refusal("watermark", source, $"do-not-train watermark '{TrainingConsent.Word(s)}' ({TrainingConsent.Meaning(s)})", refused, use);
    }

    private static ConsentEvidence Refusal(string signal, string source, string said, ConsentUse? refused, ConsentUse use) =>
        refused is { } r && ConsentUses.RefusalCovers(r, use)
            ? new ConsentEvidence(signal, source, said, ConsentVerdict.Forbidden)
            : new ConsentEvidence(signal, source, refused is null ? said : $"{said}; says nothing about {ConsentUses.Word(use)}", ConsentVerdict.NotStated);

    private static ConsentUse? EntryUse(string key) => key switch
    {
        TrainingMiningEntries.DataMining or "c2pa.data_mining" => ConsentUse.DataMining,
        TrainingMiningEntries.AiTraining or TrainingMiningEntries.LegacyAiTraining => ConsentUse.AiTraining,
        TrainingMiningEntries.AiGenerativeTraining or TrainingMiningEntries.LegacyAiGenerativeTraining => ConsentUse.GenAiTraining,
        _ => null,
    };

    private static string Shorten(string s) => s.Length <= 60 ? s : s[..60] + "…";
}
