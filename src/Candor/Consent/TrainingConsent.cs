using System.Diagnostics.CodeAnalysis;

namespace Candor.Consent;

/// <summary>
/// One "do not train" declaration in each of its spellings: the word a user gives (<c>all</c>,
/// <c>ai</c>, <c>genai</c>), the <see cref="DoNotTrainScope"/> a watermark carries, the PLUS Data
/// Mining code written to XMP, and the CAWG training-and-mining entries a C2PA manifest marks
/// <c>notAllowed</c>. Every writer and reader of the declaration maps through this table.
/// </summary>
public static class TrainingConsent
{
    private sealed record Row(string Word, DoNotTrainScope Scope, string DataMiningCode, string[] RefusedEntries, string Meaning);

    private static readonly Row[] Rows =
    [
        new("all", DoNotTrainScope.AllMining, DataMining.Prohibited,
            [TrainingMiningEntries.AiGenerativeTraining, TrainingMiningEntries.AiInference, TrainingMiningEntries.AiTraining, TrainingMiningEntries.DataMining],
            "no text and data mining at all"),
        new("ai", DoNotTrainScope.AiTraining, DataMining.ProhibitedAiMlTraining,
            [TrainingMiningEntries.AiGenerativeTraining, TrainingMiningEntries.AiTraining],
            "no AI/ML training"),
        new("genai", DoNotTrainScope.GenerativeAiTraining, DataMining.ProhibitedGenAiMlTraining,
            [TrainingMiningEntries.AiGenerativeTraining],
            "no generative AI/ML training"),
    ];

    /// <summary>The words a user can give, broadest first: <c>all</c>, <c>ai</c>, <c>genai</c>.</summary>
    public static IReadOnlyList<string> Words { get; } = [.. Rows.Select(r => r.Word)];

    /// <summary>True when <paramref name="word"/> is one of <see cref="Words"/> (case-insensitive).</summary>
    public static bool IsWord(string? word) => Rows.Any(r => string.Equals(r.Word, word, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The scope a user's word names (case-insensitive). When it names none, <paramref name="problem"/>
    /// says so in plain words, e.g. <c>'maybe' is not one of all, ai, genai</c>.
    /// </summary>
    public static bool TryParseWord(string? word, out DoNotTrainScope scope, [NotNullWhen(false)] out string? problem)
    {
        var row = Rows.FirstOrDefault(r => string.Equals(r.Word, word, StringComparison.OrdinalIgnoreCase));
        scope = row?.Scope ?? default;
        problem = row is null ? $"'{word}' is not one of {string.Join(", ", Words)}" : null;
        return row is not null;
    }

    /// <summary>The word for <paramref name="scope"/>, e.g. <c>genai</c>.</summary>
    public static string Word(DoNotTrainScope scope) => RowOf(scope).Word;

    /// <summary>The PLUS Data Mining code that declares <paramref name="scope"/>, e.g. <c>DMI-PROHIBITED-GENAIMLTRAINING</c>.</summary>
    public static string DataMiningCode(DoNotTrainScope scope) => RowOf(scope).DataMiningCode;

    /// <summary>
    /// The scope a PLUS Data Mining value declares (a code or its URI, as <see cref="DataMining.Parse"/> reads it);
    /// null for values that are not one of the three "do not train" scopes.
    /// </summary>
    public static DoNotTrainScope? ScopeOf(string? dataMining) =>
        DataMining.Parse(dataMining) is { } term && Rows.FirstOrDefault(r => r.DataMiningCode == term.Code) is { } row ? row.Scope : null;

    /// <summary>What <paramref name="scope"/> forbids, in words, e.g. <c>no AI/ML training</c>.</summary>
    public static string Meaning(DoNotTrainScope scope) => RowOf(scope).Meaning;

    /// <summary>The CAWG training-and-mining entries a C2PA manifest marks <c>notAllowed</c> to declare <paramref name="scope"/>, in manifest order.</summary>
    public static IReadOnlyList<string> RefusedEntries(DoNotTrainScope scope) => RowOf(scope).RefusedEntries;

    /// <summary>
    /// The CAWG training-and-mining entries, each <c>notAllowed</c>, that declare the PLUS Data Mining value
    /// <paramref name="dataMining"/>; null when the value is not one of the three "do not train" scopes.
    /// </summary>
    public static IReadOnlyDictionary<string, string>? NotAllowedEntries(string? dataMining) =>
        ScopeOf(dataMining) is { } scope ? RefusedEntries(scope).ToDictionary(e => e, _ => TrainingMiningEntries.NotAllowed, StringComparer.Ordinal) : null;

    private static Row RowOf(DoNotTrainScope scope) =>
        Rows.FirstOrDefault(r => r.Scope == scope) ?? throw new ArgumentOutOfRangeException(nameof(scope), scope, "not a do-not-train scope");
}
