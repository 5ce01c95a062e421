using System.Text.RegularExpressions;

namespace Candor.Darktable;

/// <summary>
/// Finds the AI-backed edits in a darktable history and decides the IPTC Digital Source Type they call for.
/// Only the picture as exported counts: the history embedded in the exported file when there is one, else the
/// sidecar's; for each module instance, its last history row below <c>history_end</c>, and only when that row is
/// enabled; a mask counts when such a module applies it. The mapping to a source type is in docs/darktable.md.
/// <list type="table">
///   <item><term>AI object mask</term><description>form type 256 (Certain), or group/path named like darktable's
///   generated "ai object group #N" / "ai object #N" (Likely: names are translated and renamable)</description></item>
///   <item><term>rawdenoiseai</term><description>Ansel's neural raw denoise operation (Certain)</description></item>
///   <item><term>neural restore</term><description>source or exported file named *_denoise, *_upscale-2x, *_upscale-4x (Likely)</description></item>
///   <item><term>rasterfile</term><description>mask read from an external file of unknown origin (Possible)</description></item>
/// </list>
/// </summary>
public static class DarktableAiDetector
{
    /// <summary>
    /// The generated names of darktable's AI object forms that Candor matches, per locale. darktable writes them
    /// with gettext (<c>_("ai object group #%d")</c>, <c>_("ai object #%d")</c>); only the English source strings
    /// are listed, as no released translation of them could be checked. A new locale is one line here.
    /// </summary>
    public static IReadOnlyList<(string Locale, string Group, string Path)> AiObjectNames { get; } =
    [
        ("en", "ai object group #", "ai object #"),
    ];

    /// <summary>Deepest nesting of mask groups followed (darktable nests two or three).</summary>
    public const int MaxGroupDepth = 16;

    private static readonly Regex RestoreSuffix = new(@"_(?<what>denoise|upscale-2x|upscale-4x)(_\d+)?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    /// <summary>
    /// Analyses the edit behind an export. When <paramref name="exportedPath"/> is given and the file carries the
    /// history darktable embeds, that history is analysed, as it is what darktable applied (a module the exporting
    /// darktable does not know is dropped from it); <paramref name="sidecar"/> is then only compared with it, and
    /// what it has beyond it goes to <see cref="DarktableAiReport.Notes"/>. The exported file's name is checked for
    /// neural-restore naming too.
    /// </summary>
    public static DarktableAiReport Analyze(DarktableSidecar sidecar, string? exportedPath = null)
    {
        ArgumentNullException.ThrowIfNull(sidecar);
        var notes = new List<string>();
        DarktableSidecar? embedded = null;
        if (!string.IsNullOrEmpty(exportedPath) && File.Exists(exportedPath))
        {
            try
            {
                embedded = DarktableSidecar.LoadEmbedded(exportedPath);
            }
            catch (CandorFormatException e)
            {
                notes.Add($"the exported file's own XMP could not be read ({e.Describe()}); the sidecar was analysed");
            }
        }
        var findings = HistoryFindings(embedded ?? sidecar, notes);
        if (embedded is not null)
        {
            notes.Insert(0, $"analysed the history embedded in {Path.GetFileName(exportedPath)}: what darktable applied");
            foreach (var extra in HistoryFindings(sidecar, []).Where(f => f.Used && !findings.Any(g => g.Kind == f.Kind && g.Module == f.Module && g.Used)))
                notes.Add($"the sidecar also has: {extra.Describe()}; the exported file's history does not, so darktable did not apply it");
        }

        foreach (var name in CandidateNames(sidecar, exportedPath).Concat(embedded is null ? [] : CandidateNames(embedded, null)))
        {
            var stem = Path.GetFileNameWithoutExtension(name);
            var match = RestoreSuffix.Match(stem);
            if (!match.Success) continue;
            var what = match.Groups["what"].Value.ToLowerInvariant();
            var dng = Path.GetExtension(name).Equals(".dng", StringComparison.OrdinalIgnoreCase);
            findings.Add(new(DarktableAiKind.NeuralRestore, name, $"file name '{name}'", DarktableConfidence.Likely,
                dng && what == "denoise"
                    ? "a linear DNG named _denoise, as darktable's neural raw denoise writes it"
                    : $"the name ends in _{what}, as darktable's neural restore names its output"));
            break;
        }

        findings.Sort((a, b) => b.Confidence.CompareTo(a.Confidence));
        var (code, why) = Decide(findings);
        return new DarktableAiReport { Findings = findings, SuggestedSourceType = code, Reason = why, Notes = notes };
    }

    private static List<DarktableAiFinding> HistoryFindings(DarktableSidecar sidecar, List<string> notes)
    {
        var findings = new List<DarktableAiFinding>();
        notes.AddRange(sidecar.Problems);

        var active = sidecar.History
            .Where(h => h.Num < sidecar.HistoryEnd)
            .GroupBy(h => (h.Operation, h.MultiPriority))
            .Select(g => g.MaxBy(h => h.Num)!)
            .Where(h => h.Enabled)
            .OrderBy(h => h.Num)
            .ToList();
        var forms = sidecar.Masks
            .Where(m => m.Num < sidecar.HistoryEnd)
            .GroupBy(m => m.Id)
            .ToDictionary(g => g.Key, g => g.MaxBy(m => m.Num)!);

        var usedAiForms = new HashSet<int>();
        foreach (var item in active)
        {
            if (item.Blend is not { UsesDrawnMask: true } blend) continue;
            foreach (var (form, confidence, reason) in AiFormsUnder(blend.MaskId, forms, item, notes))
            {
                usedAiForms.Add(form.Id);
                findings.Add(new(DarktableAiKind.AiObjectMask, item.DisplayName,
                    $"masks_history line {form.Line}: {(form.IsGroup ? "group" : "form")} '{form.Name}' (id {form.Id}), applied by history line {item.Line}",
                    confidence, reason));
            }
        }
        // A path inside an AI group is reported as part of that group, used or not.
        var inAiGroup = forms.Values.Where(g => g.IsGroup && Classify(g, forms) is not null).SelectMany(g => g.MemberIds).ToHashSet();
        foreach (var form in forms.Values.OrderBy(f => f.Line))
        {
            if (usedAiForms.Contains(form.Id) || inAiGroup.Contains(form.Id) || Classify(form, forms) is not { } hit) continue;
            findings.Add(new(DarktableAiKind.AiObjectMask, "none",
                $"masks_history line {form.Line}: {(form.IsGroup ? "group" : "form")} '{form.Name}' (id {form.Id})",
                hit.Confidence, hit.Reason, Used: false));
            notes.Add($"AI object mask '{form.Name}' exists in the edit but no enabled module applies it; it does not count");
        }

        foreach (var item in active)
        {
            if (item.Operation == "rawdenoiseai")
                findings.Add(new(DarktableAiKind.NeuralDenoise, item.DisplayName, $"history line {item.Line}: operation rawdenoiseai",
                    DarktableConfidence.Certain, "Ansel's neural raw denoise module is in the pipeline"));
            if (item.Operation == "rasterfile")
            {
                var users = active.Where(u => u.Blend is { UsesRasterMask: true } b && b.RasterMaskSource == "rasterfile" && b.RasterMaskInstance == item.MultiPriority).ToList();
                findings.Add(new(DarktableAiKind.ExternalRasterMask, item.DisplayName,
                    $"history line {item.Line}: operation rasterfile" + (users.Count > 0 ? $", mask used by {string.Join(", ", users.Select(u => u.DisplayName))}" : ""),
                    DarktableConfidence.Possible, "possibly AI: the mask comes from an external file whose origin is unknown", Used: users.Count > 0));
            }
        }

        return findings;
    }

    // The mapping table of docs/darktable.md: the strongest Likely-or-Certain AI edit that shapes the picture decides.
    private static (string? Code, string Reason) Decide(IReadOnlyList<DarktableAiFinding> findings)
    {
        var counted = findings.Where(f => f.Used && f.Confidence >= DarktableConfidence.Likely).ToList();
        if (counted.Any(f => f.Kind is DarktableAiKind.NeuralDenoise or DarktableAiKind.NeuralRestore))
            return ("algorithmicallyEnhanced", "a neural network denoised or upscaled the picture without changing what it shows");
        if (counted.Any(f => f.Kind == DarktableAiKind.AiObjectMask))
            return ("humanEdits", "an AI model only selected pixels; a person's ordinary adjustment changed them, and nothing was generated");
        if (findings.Any(f => f.Used))
            return (null, "only Possible AI use (an external mask of unknown origin): nothing is declared on a guess");
        return (null, "no AI-backed edit in the darktable history; the history cannot tell what the source image is, so nothing is declared");
    }

    private static IEnumerable<(DarktableMask Form, DarktableConfidence Confidence, string Reason)> AiFormsUnder(
        int id, IReadOnlyDictionary<int, DarktableMask> forms, DarktableHistoryItem item, List<string> notes)
    {
        var visited = new HashSet<int>();
        var pending = new Stack<(int Id, int Depth)>();
        pending.Push((id, 0));
        while (pending.Count > 0)
        {
            var (current, depth) = pending.Pop();
            if (!visited.Add(current)) continue;
            if (!forms.TryGetValue(current, out var form))
            {
                notes.Add($"history line {item.Line}: {item.DisplayName} uses mask id {current}, which masks_history does not hold");
                continue;
            }
            if (Classify(form, forms) is { } hit)
            {
                yield return (form, hit.Confidence, hit.Reason);
                continue;
            }
            if (!form.IsGroup) continue;
            if (depth >= MaxGroupDepth)
            {
                notes.Add($"masks_history line {form.Line}: groups nested deeper than {MaxGroupDepth}; not followed further");
                continue;
            }
            foreach (var member in form.MemberIds.Reverse()) pending.Push((member, depth + 1));
        }
    }

    private sealed record Hit(DarktableConfidence Confidence, string Reason);

    private static Hit? Classify(DarktableMask form, IReadOnlyDictionary<int, DarktableMask> forms)
    {
        if ((form.Type & DarktableMask.TypeObject) != 0)
            return new(DarktableConfidence.Certain, $"form type {form.Type} is darktable's AI object form");
        foreach (var (locale, group, path) in AiObjectNames)
        {
            if (form.IsGroup && IsGenerated(form.Name, group))
            {
                var paths = form.MemberIds.Count(m => forms.TryGetValue(m, out var f) && IsGenerated(f.Name, path));
                return new(DarktableConfidence.Likely,
                    $"named '{form.Name}'{(paths > 0 ? $", holding {paths} path{(paths == 1 ? "" : "s")} named '{path}N'" : "")}; darktable's generated name ({locale}), which a user can rename");
            }
            if (!form.IsGroup && IsGenerated(form.Name, path))
                return new(DarktableConfidence.Likely, $"named '{form.Name}'; darktable's generated name ({locale}), which a user can rename");
        }
        return null;
    }

    // "ai object group #3": the prefix, then a number and nothing else.
    private static bool IsGenerated(string name, string prefix) =>
        name.Length > prefix.Length
        && name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
        && name.AsSpan(prefix.Length).ContainsAnyExceptInRange('0', '9') is false;

    private static IEnumerable<string> CandidateNames(DarktableSidecar sidecar, string? exportedPath)
    {
        if (!string.IsNullOrEmpty(sidecar.DerivedFrom)) yield return Path.GetFileName(sidecar.DerivedFrom);
        if (sidecar.Origin.EndsWith(".xmp", StringComparison.OrdinalIgnoreCase))
            yield return Path.GetFileName(sidecar.Origin[..^4]);
        if (!string.IsNullOrEmpty(exportedPath)) yield return Path.GetFileName(exportedPath);
    }
}
