using Candor.Metadata;
using Candor.Provenance;

namespace Candor.Inspection;

/// <summary>
/// The rules that look across all evidence of a file: the AI verdict, and findings about what is
/// missing or inconsistent between sources (generator metadata without a standard disclosure, a
/// retired IPTC term, a C2PA "created" action without a source type). A rule never turns
/// absence of evidence into "not AI".
/// </summary>
internal static class ProvenanceRules
{
    private static readonly HashSet<string> GeneratedRoles = ["AiGenerated"];
    private static readonly HashSet<string> EditedRoles = ["AiComposite"];

    public static void Apply(ProvenanceReport report, IReadOnlyList<MetadataField> fields)
    {
        var d = report.Disclosure;
        foreach (var dst in d.DigitalSourceTypes)
        {
            if (dst.Code is null)
                report.Findings.Add(new Finding(FindingSeverity.Warning, "iptc-unknown-source-type",
                    $"Digital Source Type \"{dst.Value}\" is not in the IPTC vocabulary.", dst.Evidence));
            else if (dst.Retired)
                report.Findings.Add(new Finding(FindingSeverity.Warning, "iptc-retired-term",
                    $"Digital Source Type \"{dst.Code}\" is a retired IPTC term; current readers may not understand it.", dst.Evidence));
        }

        var toolReports = report.Generators.Where(g => g.Parser != "c2pa").ToList();
        var c2paReports = report.Generators.Where(g => g.Parser == "c2pa").ToList();
        var generatedDst = d.DigitalSourceTypes.Where(x => x.AiRole is not null && GeneratedRoles.Contains(x.AiRole)).ToList();
        var editedDst = d.DigitalSourceTypes.Where(x => x.AiRole is not null && EditedRoles.Contains(x.AiRole)).ToList();
        var c2paCreated = d.C2pa?.Actions.Any(a => a.StartsWith("c2pa.created", StringComparison.Ordinal)) ?? false;

        if (toolReports.Count > 0 && d.DigitalSourceTypes.Count == 0 && d.C2pa is null)
            report.Findings.Add(new Finding(FindingSeverity.Info, "no-standard-disclosure",
                "Generator metadata shows AI made this image, but the file carries no standard disclosure (IPTC Digital Source Type or C2PA); that metadata is easily lost.",
                toolReports.SelectMany(g => g.Evidence).Take(3).ToList()));
        var ai = report.Ai;
        if (generatedDst.Count > 0 || toolReports.Count > 0 || (c2paReports.Count > 0 && c2paCreated && editedDst.Count == 0))
        {
            ai.Use = AiUse.Generated;
            var names = report.Generators.Select(g => g.Tool).Distinct().ToList();
            ai.Summary = names.Count > 0
                ? $"Generator metadata from {string.Join(", ", names)}."
                : "The file's Digital Source Type declares it.";
            ai.Evidence.AddRange(generatedDst.Select(x => x.Evidence));
            ai.Evidence.AddRange(report.Generators.SelectMany(g => g.Evidence.Take(1)));
        }
        else if (editedDst.Count > 0 || c2paReports.Count > 0)
        {
            ai.Use = AiUse.Edited;
            var names = c2paReports.Select(g => g.Tool).Distinct().ToList();
            ai.Summary = names.Count > 0
                ? $"{string.Join(", ", names)} took part, per the C2PA manifest."
                : "The file's Digital Source Type declares AI editing.";
            ai.Evidence.AddRange(editedDst.Select(x => x.Evidence));
            ai.Evidence.AddRange(c2paReports.SelectMany(g => g.Evidence.Take(1)));
        }
        else if (d.DigitalSourceTypes.Count > 0)
        {
            ai.Use = AiUse.DeclaredNotAi;
            ai.Summary = $"The file declares a non-AI source ({string.Join(", ", d.DigitalSourceTypes.Select(x => x.Code ?? x.Value).Distinct())}). That is a claim, not proof.";
            ai.Evidence.AddRange(d.DigitalSourceTypes.Select(x => x.Evidence));
        }
        else if (fields.Count > 0 || d.C2pa is not null)
        {
            ai.Use = AiUse.NoAiSignal;
            ai.Summary = "The file has metadata, but none of it says whether AI was used. This does not mean no AI was used.";
        }
        else
        {
            ai.Use = AiUse.NoProvenance;
            ai.Summary = "No provenance found. This does not mean the image was not made with AI: metadata is easily stripped.";
            report.Findings.Add(new Finding(FindingSeverity.Info, "no-provenance",
                "No provenance metadata at all (no EXIF, XMP, IPTC, text chunks or C2PA).", new Evidence(report.Format ?? "file")));
        }
    }
}
