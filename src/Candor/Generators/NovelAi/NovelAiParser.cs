using Candor.Provenance;

namespace Candor.Generators.NovelAi;

/// <summary>
/// Recognises NovelAI's metadata: the text dictionary {Title, Description, Software, Source,
/// Generation time, Comment} in PNG text chunks, in WebP/JPEG EXIF (IFD0 tags plus the whole
/// dictionary as UTF-8 JSON in UserComment), or in the stealth copy another parser decoded from
/// the pixels. The first copy that marks itself as NovelAI's is read (PNG text, then EXIF, then
/// stealth); a key it lacks is taken from the next copy. Fields of other copies that repeat the
/// values read are claimed too, so one image yields one report. Whether the copies agree, and
/// whether the Ed25519 signature holds, are other parsers' questions.
/// </summary>
public sealed class NovelAiParser : IGeneratorParser
{
    /// <inheritdoc />
    public string Id => "novelai";

    /// <inheritdoc />
    public IEnumerable<GeneratorReport> Parse(GeneratorContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var copies = NovelAiTextCopy.Collect(context.Unclaimed).Where(c => c.Identification() is not null).ToList();
        if (copies.Count == 0) return [];

        var report = new GeneratorReport
        {
            Tool = "NovelAI",
            Parser = Id,
            Confidence = copies.Max(c => c.Identification()!.Value),
        };
        var values = Merge(copies);
        ClaimAndCite(context, report, copies, values);

        if (values.GetValueOrDefault(NovelAiTextCopy.Source) is { } source) ReadSource(report, source);
        if (values.GetValueOrDefault(NovelAiTextCopy.Comment) is { } comment) NovelAiComment.Read(comment.Value, comment.Evidence, report);
        ReadDescription(report, values.GetValueOrDefault(NovelAiTextCopy.Description));
        if (values.GetValueOrDefault(NovelAiTextCopy.GenerationTime) is { } time)
            report.Parameters.Other.Add(new(NovelAiTextCopy.GenerationTime, time.Value));
        AddFindings(report, copies[0], values);
        return [report];
    }

    // Per key, the value of the first copy that has it.
    private static Dictionary<string, NovelAiTextCopy.Entry> Merge(List<NovelAiTextCopy> copies)
    {
        var values = new Dictionary<string, NovelAiTextCopy.Entry>(StringComparer.Ordinal);
        foreach (var copy in copies)
            foreach (var e in copy.Entries)
                values.TryAdd(e.Key, e);
        return values;
    }

    // The first copy is claimed whole; a field of a later copy only when every value it holds is the one read.
    private static void ClaimAndCite(GeneratorContext context, GeneratorReport report, List<NovelAiTextCopy> copies,
        Dictionary<string, NovelAiTextCopy.Entry> values)
    {
        for (var i = 0; i < copies.Count; i++)
        {
            foreach (var field in copies[i].Fields)
            {
                var agrees = i == 0 || copies[i].Entries
                    .Where(e => ReferenceEquals(e.Field, field))
                    .All(e => values.TryGetValue(e.Key, out var used) && used.Value == e.Value);
                if (!agrees || context.IsClaimed(field)) continue;
                context.Claim(field);
                if (!report.Evidence.Contains(field.Evidence)) report.Evidence.Add(field.Evidence);
            }
        }
    }

    private static void ReadSource(GeneratorReport report, NovelAiTextCopy.Entry source)
    {
        report.Version = source.Value;
        report.Parameters.Version = source.Value;
        var model = new ModelReference
        {
            Role = ModelRole.Checkpoint,
            Name = NovelAiModelTable.NameOf(source.Value) ?? source.Value,
            Evidence = source.Evidence,
        };
        if (NovelAiModelTable.HashOf(source.Value) is { } hash) model.Hashes.Add(new ClaimedHash(HashKind.Unknown, hash, source.Evidence));
        report.Models.Add(model);
    }

    // Description is the prompt as typed; the Comment's prompt wins when both exist, and a differing Description is kept.
    private static void ReadDescription(GeneratorReport report, NovelAiTextCopy.Entry? description)
    {
        if (description is null) return;
        if (report.Parameters.Prompt is null) report.Parameters.Prompt = description.Value;
        else if (report.Parameters.Prompt.Trim() != description.Value.Trim())
            report.Parameters.Other.Add(new(NovelAiTextCopy.Description, description.Value));
    }

    private static void AddFindings(GeneratorReport report, NovelAiTextCopy primary, Dictionary<string, NovelAiTextCopy.Entry> values)
    {
        var software = values.GetValueOrDefault(NovelAiTextCopy.Software);
        var title = values.GetValueOrDefault(NovelAiTextCopy.Title);
        var any = primary.Entries[0].Evidence;

        if (software is not null && software.Value.StartsWith("NovelAI", StringComparison.Ordinal) && !values.ContainsKey(NovelAiTextCopy.Comment))
            report.Findings.Add(new Finding(FindingSeverity.Warning, "novelai-software-without-comment",
                "Software says NovelAI but no Comment with the generation settings was found in any copy; the settings were removed or never written.",
                software.Evidence));

        if (software is null && (title ?? values.GetValueOrDefault(NovelAiTextCopy.Description)) is { } titled)
            report.Findings.Add(new Finding(FindingSeverity.Warning, "novelai-software-missing",
                "NovelAI's Title/Description are present but its Software field is missing; another program probably re-wrote the metadata.",
                titled.Evidence));

        // Only the text and EXIF copies carry a Title; the stealth copy never did.
        if (title is null && primary.Where != "stealth")
            report.Findings.Add(new Finding(FindingSeverity.Warning, "novelai-title-missing",
                "NovelAI writes a Title with every image and it is missing here; another program probably re-wrote the metadata (keys dropped or reordered).",
                software?.Evidence ?? any));

        if (title is not null)
        {
            if (!NovelAiTextCopy.KnownTitles.TryGetValue(title.Value, out var made))
                report.Findings.Add(new Finding(FindingSeverity.Info, "novelai-unknown-title",
                    $"The Title \"{title.Value}\" is not one NovelAI writes.", title.Evidence));
            else if (made.TransformsInput)
                report.Findings.Add(new Finding(FindingSeverity.Info, "novelai-director-tool",
                    $"Made with NovelAI's {made.Tool}: an input image was transformed (background removal, line art, colourise, emotion, declutter or sketch).",
                    title.Evidence));
        }
    }
}
