using System.Collections.Frozen;

namespace Candor.Consent;

/// <summary>
/// The PLUS Data Mining vocabulary (<c>http://ns.useplus.org/ldf/vocab/</c>), written in
/// <c>plus:DataMining</c> (namespace <c>http://ns.useplus.org/ldf/xmp/1.0/</c>): whether the
/// owner lets the image be mined, and in particular used to train AI.
/// </summary>
public static class DataMining
{
    /// <summary>The vocabulary URI every code is appended to.</summary>
    public const string Namespace = "http://ns.useplus.org/ldf/vocab/";

    /// <summary>No data mining of any kind, AI training included.</summary>
    public const string Prohibited = "DMI-PROHIBITED";

    /// <summary>No AI or machine-learning training.</summary>
    public const string ProhibitedAiMlTraining = "DMI-PROHIBITED-AIMLTRAINING";

    /// <summary>No generative AI or machine-learning training.</summary>
    public const string ProhibitedGenAiMlTraining = "DMI-PROHIBITED-GENAIMLTRAINING";

    /// <summary>Every value of the vocabulary.</summary>
    public static IReadOnlyList<DataMiningTerm> All { get; } =
    [
        new("DMI-UNSPECIFIED", "Unspecified",
            "The owner has said nothing about data mining; no permission or refusal can be read from it.", false, false, false),
        new("DMI-ALLOWED", "Allowed",
            "The owner allows data mining, AI training included.", false, false, false),
        new(ProhibitedAiMlTraining, "Prohibited for AI/ML training",
            "The image must not be used to train any AI or machine-learning model; other mining is not refused.", true, true, false),
        new(ProhibitedGenAiMlTraining, "Prohibited for generative AI/ML training",
            "The image must not be used to train generative AI models; other uses, including other AI training, are not refused.", false, true, false),
        new("DMI-PROHIBITED-EXCEPTSEARCHENGINEINDEXING", "Prohibited except for search engine indexing",
            "No data mining and no AI training, except indexing by search engines.", true, true, false),
        new(Prohibited, "Prohibited",
            "No data mining of any kind, AI training included.", true, true, true),
        new("DMI-PROHIBITED-SEECONSTRAINT", "Prohibited, see constraints",
            "Mining is restricted under conditions written in the other-constraints field.", false, false, false, "plus:OtherConstraints"),
        new("DMI-PROHIBITED-SEEEMBEDDEDRIGHTSEXPR", "Prohibited, see embedded rights expression",
            "Mining is restricted under conditions given by a machine-readable rights expression embedded in the file.", false, false, false, "Iptc4xmpExt:EmbdEncRightsExpr"),
        new("DMI-PROHIBITED-SEELINKEDRIGHTSEXPR", "Prohibited, see linked rights expression",
            "Mining is restricted under conditions given by a machine-readable rights expression the file links to.", false, false, false, "Iptc4xmpExt:LinkedEncRightsExpr"),
    ];

    private static readonly FrozenDictionary<string, DataMiningTerm> ByCode =
        All.ToFrozenDictionary(t => t.Code, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The value named by <paramref name="value"/>: a URI with http:// or https://, with or without
    /// a trailing slash, or a bare code; matched case-insensitively. Null for anything else.
    /// </summary>
    public static DataMiningTerm? Parse(string? value)
    {
        var code = VocabularyCode.ShortName(value, "ns.useplus.org/ldf/vocab/");
        return code is not null && ByCode.TryGetValue(code, out var term) ? term : null;
    }

    /// <summary>Looks a bare code up (case-insensitive).</summary>
    public static bool TryGetByCode(string code, out DataMiningTerm term) =>
        ByCode.TryGetValue(code, out term!);
}
