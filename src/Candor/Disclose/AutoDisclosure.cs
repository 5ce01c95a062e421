using Candor.Inspection;
using Candor.Metadata.Iptc;
using Candor.Provenance;

namespace Candor.Disclose;

/// <summary>
/// What <c>candor disclose --auto</c> declares for a file, from what <c>inspect</c> found in it.
/// The rules, most specific first (docs/disclose.md says why):
/// <list type="number">
/// <item>generator metadata with an inpainting input: <c>compositeWithTrainedAlgorithmicMedia</c>
/// (an existing picture with generated regions);</item>
/// <item>any other generator metadata (text-to-image, image-to-image, ControlNet…):
/// <c>trainedAlgorithmicMedia</c> — the pixels are the model's output;</item>
/// <item>a Digital Source Type the file already declares: kept (a retired one becomes its
/// replacement, or is left alone when it has none);</item>
/// <item>AI-assisted edits the report names (C2PA actions, composite declarations):
/// <c>compositeWithTrainedAlgorithmicMedia</c>;</item>
/// <item>nothing AI found: no source type (Candor does not declare "not AI" on a guess).</item>
/// </list>
/// </summary>
public static class AutoDisclosure
{
    // The parser id of generator reports that come from C2PA manifests (they already are a disclosure).
    private const string C2paParser = "c2pa";

    /// <summary>The decision for <paramref name="report"/>.</summary>
    public static AutoDisclosureDecision Decide(ProvenanceReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var generators = report.Generators.Where(g => g.Parser != C2paParser).ToList();
        var tools = generators.Select(g => g.Version is null ? g.Tool : $"{g.Tool} {g.Version}").Distinct().ToList();
        var actions = new List<string>();
        foreach (var g in generators)
        {
            var checkpoint = g.Models.FirstOrDefault(m => m.Role == ModelRole.Checkpoint)?.Name;
            actions.Add(checkpoint is null or "(unnamed)" ? $"generated with {g.Tool}" : $"generated with {g.Tool} (model {checkpoint})");
            foreach (var c in g.Controls)
                actions.Add($"{Describe(c.Kind)}{(c.Model is null ? "" : $" ({c.Model})")}");
        }

        if (generators.Any(g => g.Controls.Any(c => c.Kind == ControlKind.Inpaint)))
            return new("compositeWithTrainedAlgorithmicMedia", tools, actions.Distinct().ToList(),
                "generator metadata shows inpainting: generated regions in an existing picture");
        if (generators.Count > 0)
            return new("trainedAlgorithmicMedia", tools, actions.Distinct().ToList(),
                $"generator metadata from {string.Join(", ", tools)}: the picture is a model's output");

        var declared = report.Disclosure.DigitalSourceTypes.FirstOrDefault(d => d.Code is not null);
        if (declared is not null && DigitalSourceType.TryGetByCode(declared.Code!, out var term))
        {
            if (!term.IsRetired) return new(term.Code, [], [], $"the file already declares {term.Code}");
            return term.ReplacedBy is not null
                ? new(term.ReplacedBy, [], [], $"the file declares the retired {term.Code}, written as its replacement {term.ReplacedBy}")
                : new(null, [], [], $"the file declares the retired {term.Code}, which has no current equivalent; left as it is");
        }

        if (report.Ai.Use == AiUse.Edited)
            return new("compositeWithTrainedAlgorithmicMedia", [], [], $"AI-assisted edits: {report.Ai.Summary}");
        if (report.Ai.Use == AiUse.Generated)
            return new("trainedAlgorithmicMedia", [], [], $"AI generation: {report.Ai.Summary}");
        return new(null, [], [], report.Ai.Use == AiUse.Unreadable
            ? "the file could not be read"
            : "no sign of AI use was found; Candor declares nothing on a guess (give --source-type to declare one)");
    }

    private static string Describe(ControlKind kind) => kind switch
    {
        ControlKind.Img2Img => "image-to-image from an input picture",
        ControlKind.Inpaint => "inpainting of an input picture",
        ControlKind.ControlNet => "ControlNet guidance from an input picture",
        ControlKind.T2IAdapter => "T2I-Adapter guidance from an input picture",
        ControlKind.IpAdapter => "IP-Adapter image prompt",
        ControlKind.InstantId or ControlKind.PhotoMaker or ControlKind.FaceId => "identity (face) input",
        ControlKind.Reference or ControlKind.Revision or ControlKind.VibeTransfer => "style reference image",
        _ => "image input",
    };
}
