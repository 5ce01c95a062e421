namespace Candor.Generators.NovelAi;

/// <summary>
/// Names NovelAI's checkpoints from the "Source" text it writes ("Stable Diffusion XL C1E1DE52",
/// "NovelAI Diffusion V4.5 C02D4F98"): a family prefix followed by 8 hex digits that NovelAI uses
/// to tell its model builds apart (what they hash is not published, so the hash kind is unknown).
/// The table lists only sources that independent readers of NovelAI's own web app agree on
/// (the LlmKira novelai-python PROMOTION table and several metadata viewers); anything else is
/// reported as written.
/// </summary>
internal static class NovelAiModelTable
{
    private static readonly Dictionary<string, string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Stable Diffusion 1D44365E"] = "NAI Diffusion Anime V1 (Curated)",
        ["Stable Diffusion F4D50568"] = "NAI Diffusion Anime V1 (Curated)",
        ["Stable Diffusion 81274D13"] = "NAI Diffusion Anime V1 (Full)",
        ["Stable Diffusion 3B3287AF"] = "NAI Diffusion Anime V1 (Full)",
        ["Stable Diffusion 4CC42576"] = "NAI Diffusion Furry V1",
        ["Stable Diffusion 1D09C008"] = "NAI Diffusion Furry V1",
        ["Stable Diffusion 1D09D794"] = "NAI Diffusion Furry V1",
        ["Stable Diffusion F64BA557"] = "NAI Diffusion Furry V1",
        ["Stable Diffusion 49BFAF6A"] = "NAI Diffusion Anime V2",
        ["Stable Diffusion F1022D28"] = "NAI Diffusion Anime V2",
        ["Stable Diffusion XL B0BDF6C1"] = "NAI Diffusion Anime V3",
        ["Stable Diffusion XL C1E1DE52"] = "NAI Diffusion Anime V3",
        ["Stable Diffusion XL 7BCCAA2C"] = "NAI Diffusion Anime V3",
        ["Stable Diffusion XL 8BA2AF87"] = "NAI Diffusion Anime V3",
        ["Stable Diffusion XL 4BE8C60C"] = "NAI Diffusion Furry V3",
        ["Stable Diffusion XL C8704949"] = "NAI Diffusion Furry V3",
        ["Stable Diffusion XL 37C2B166"] = "NAI Diffusion Furry V3",
        ["Stable Diffusion XL 9CC2F394"] = "NAI Diffusion Furry V3",
        ["NovelAI Diffusion V4 7ABFFA2A"] = "NAI Diffusion V4 Curated",
        ["NovelAI Diffusion V4 C1CCBA86"] = "NAI Diffusion V4 Curated",
        ["NovelAI Diffusion V4 770A9E12"] = "NAI Diffusion V4 Curated",
        ["NovelAI Diffusion V4 37442FCA"] = "NAI Diffusion V4 Full",
        ["NovelAI Diffusion V4 4F49EC75"] = "NAI Diffusion V4 Full",
        ["NovelAI Diffusion V4 CA4B7203"] = "NAI Diffusion V4 Full",
        ["NovelAI Diffusion V4 79F47848"] = "NAI Diffusion V4 Full",
        ["NovelAI Diffusion V4 F6302A9D"] = "NAI Diffusion V4 Full",
        ["NovelAI Diffusion V4.5 C02D4F98"] = "NAI Diffusion V4.5 Curated",
        ["NovelAI Diffusion V4.5 5AB81C7C"] = "NAI Diffusion V4.5 Curated",
        ["NovelAI Diffusion V4.5 B5A2A797"] = "NAI Diffusion V4.5 Curated",
        ["NovelAI Diffusion V4 5AB81C7C"] = "NAI Diffusion V4.5 Curated",
        ["NovelAI Diffusion V4 B5A2A797"] = "NAI Diffusion V4.5 Curated",
        ["NovelAI Diffusion V4.5 4BDE2A90"] = "NAI Diffusion V4.5 Full",
        ["NovelAI Diffusion V4.5 1229B44F"] = "NAI Diffusion V4.5 Full",
        ["NovelAI Diffusion V4.5 B9F340FD"] = "NAI Diffusion V4.5 Full",
        ["NovelAI Diffusion V4.5 F3D95188"] = "NAI Diffusion V4.5 Full",
    };

    /// <summary>The prefixes NovelAI writes before the build hash; a Source starting with one marks NovelAI.</summary>
    public static readonly string[] SourcePrefixes = ["Stable Diffusion", "NovelAI Diffusion"];

    /// <summary>True when <paramref name="source"/> reads like a NovelAI model source.</summary>
    public static bool LooksLikeSource(string? source)
    {
        if (source is null) return false;
        foreach (var prefix in SourcePrefixes)
            if (source.StartsWith(prefix, StringComparison.Ordinal)) return true;
        return false;
    }

    /// <summary>Human model name for a known source; null when the source is not in the table.</summary>
    public static string? NameOf(string source) => Names.GetValueOrDefault(source.Trim());

    /// <summary>The trailing 8-hex build id of a source ("C1E1DE52"), or null when it has none.</summary>
    public static string? HashOf(string source)
    {
        var trimmed = source.AsSpan().Trim();
        var space = trimmed.LastIndexOf(' ');
        var last = space < 0 ? trimmed : trimmed[(space + 1)..];
        if (last.Length != 8) return null;
        foreach (var c in last)
            if (!char.IsAsciiHexDigit(c)) return null;
        return last.ToString().ToUpperInvariant();
    }
}
