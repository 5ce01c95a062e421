using System.Diagnostics.CodeAnalysis;

namespace Candor.Consent;

/// <summary>The words for <see cref="ConsentUse"/> on the command line and in JSON, and how the uses nest.</summary>
public static class ConsentUses
{
    private static readonly (ConsentUse Use, string Word)[] Rows =
    [
        (ConsentUse.AiTraining, "ai-training"),
        (ConsentUse.GenAiTraining, "genai-training"),
        (ConsentUse.DataMining, "tdm"),
    ];

    /// <summary>Every word, in the order of <see cref="ConsentUse"/>.</summary>
    public static IReadOnlyList<string> Words { get; } = [.. Rows.Select(r => r.Word)];

    /// <summary>The word for <paramref name="use"/>: <c>ai-training</c>, <c>genai-training</c> or <c>tdm</c>.</summary>
    public static string Word(ConsentUse use) => Rows.First(r => r.Use == use).Word;

    /// <summary>Reads a word in any letter case; false with a message that lists the accepted words when it is none of them.</summary>
    public static bool TryParse(string? word, out ConsentUse use, [NotNullWhen(false)] out string? problem)
    {
        foreach (var (u, w) in Rows)
            if (string.Equals(w, word?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                use = u;
                problem = null;
                return true;
            }
        use = default;
        problem = $"unknown use '{word}': expected one of {string.Join(", ", Words)}";
        return false;
    }

    /// <summary>
    /// True when refusing <paramref name="refused"/> also refuses <paramref name="asked"/>: refusing data mining
    /// refuses every training, refusing AI training refuses generative training; refusing generative training
    /// leaves other AI training open.
    /// </summary>
    public static bool RefusalCovers(ConsentUse refused, ConsentUse asked) => refused switch
    {
        ConsentUse.DataMining => true,
        ConsentUse.AiTraining => asked is ConsentUse.AiTraining or ConsentUse.GenAiTraining,
        _ => asked == ConsentUse.GenAiTraining,
    };
}
