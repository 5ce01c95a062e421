using Candor.Provenance;

namespace Candor.C2pa;

/// <summary>
/// Identifies the tools a C2PA manifest names (claim generator, claim_generator_info, action
/// software agents) through a table, and turns AI generators into <see cref="GeneratorReport"/>s.
/// Cameras and editors are identified too, so the store summary can describe them, but only AI
/// generators and AI-backed actions become generator reports.
/// </summary>
public static class C2paGenerators
{
    /// <summary>The <see cref="GeneratorReport.Parser"/> id of reports made here.</summary>
    public const string ParserId = "c2pa";

    /// <summary>Evidence key of a claim generator string.</summary>
    public const string ClaimGeneratorKey = "claim_generator";

    /// <summary>Evidence key of a claim_generator_info name.</summary>
    public const string ClaimGeneratorInfoKey = "claim_generator_info";

    /// <summary>Evidence key of an action's software agent.</summary>
    public const string SoftwareAgentKey = "c2pa.actions → softwareAgent";

    private const string OpenAi = "OpenAI (DALL·E / GPT-Image)";
    private const string Google = "Google (Gemini / Imagen)";

    // Token (matched case-insensitively at word boundaries, '_' read as a space) → tool. Most specific
    // first. RequiresAiSource: the name is a shared signing library, so it only means AI when an
    // action of the same manifest declares a generative-AI digital source type.
    private sealed record Rule(string Token, string Tool, C2paToolRole Role, bool RequiresAiSource = false);

    private static readonly Rule[] Rules =
    [
        new("Azure OpenAI", "Microsoft Azure OpenAI (DALL·E / GPT-Image)", C2paToolRole.AiGenerator),
        new("Microsoft Responsible AI", "Microsoft Bing Image Creator", C2paToolRole.AiGenerator),
        new("Image Creator from Designer", "Microsoft Bing Image Creator", C2paToolRole.AiGenerator),
        new("Bing Image Creator", "Microsoft Bing Image Creator", C2paToolRole.AiGenerator),
        new("Microsoft Designer", "Microsoft Designer", C2paToolRole.AiGenerator),
        new("ChatGPT", OpenAi, C2paToolRole.AiGenerator),
        new("OpenAI API", OpenAi, C2paToolRole.AiGenerator),
        new("OpenAI", OpenAi, C2paToolRole.AiGenerator),
        new("DALL·E", OpenAi, C2paToolRole.AiGenerator),
        new("DALL-E", OpenAi, C2paToolRole.AiGenerator),
        new("gpt-image", OpenAi, C2paToolRole.AiGenerator),
        new("Sora", "OpenAI Sora", C2paToolRole.AiGenerator),
        new("Adobe Firefly", "Adobe Firefly", C2paToolRole.AiGenerator),
        new("Firefly", "Adobe Firefly", C2paToolRole.AiGenerator),
        new("Amazon Bedrock", "Amazon Titan", C2paToolRole.AiGenerator),
        new("Amazon Titan", "Amazon Titan", C2paToolRole.AiGenerator),
        new("Titan Image Generator", "Amazon Titan", C2paToolRole.AiGenerator),
        new("Amazon Nova", "Amazon Nova", C2paToolRole.AiGenerator),
        new("Google C2PA Core Generator Library", Google, C2paToolRole.AiGenerator, RequiresAiSource: true),
        new("Gemini", Google, C2paToolRole.AiGenerator),
        new("Imagen", Google, C2paToolRole.AiGenerator),
        new("Midjourney", "Midjourney", C2paToolRole.AiGenerator),
        new("Meta AI", "Meta AI", C2paToolRole.AiGenerator),
        new("Imagine with Meta", "Meta AI", C2paToolRole.AiGenerator),
        new("Stability AI", "Stability AI", C2paToolRole.AiGenerator),
        new("Stable Diffusion", "Stability AI", C2paToolRole.AiGenerator),
        new("Stable Image", "Stability AI", C2paToolRole.AiGenerator),
        new("Ideogram", "Ideogram", C2paToolRole.AiGenerator),
        new("Leonardo.Ai", "Leonardo.Ai", C2paToolRole.AiGenerator),
        new("Runway", "Runway", C2paToolRole.AiGenerator),
        new("Adobe Photoshop", "Adobe Photoshop", C2paToolRole.Editor),
        new("Photoshop", "Adobe Photoshop", C2paToolRole.Editor),
        new("Lightroom", "Adobe Lightroom", C2paToolRole.Editor),
        new("Adobe Illustrator", "Adobe Illustrator", C2paToolRole.Editor),
        new("Truepic", "Truepic", C2paToolRole.CaptureDevice),
        new("Leica", "Leica camera", C2paToolRole.CaptureDevice),
        new("Nikon", "Nikon camera", C2paToolRole.CaptureDevice),
        new("Sony", "Sony camera", C2paToolRole.CaptureDevice),
        new("Canon", "Canon camera", C2paToolRole.CaptureDevice),
        new("FUJIFILM", "Fujifilm camera", C2paToolRole.CaptureDevice),
        new("Pixel Camera", "Google Pixel camera", C2paToolRole.CaptureDevice),
        new("Samsung", "Samsung camera", C2paToolRole.CaptureDevice),
    ];

    // IPTC digital source type terms (https://cv.iptc.org/newscodes/digitalsourcetype/) → meaning, generative AI.
    private static readonly Dictionary<string, (string Meaning, bool Ai)> SourceTypes = new(StringComparer.Ordinal)
    {
        ["trainedAlgorithmicMedia"] = ("created by a generative AI model trained on sampled content", true),
        ["compositeWithTrainedAlgorithmicMedia"] = ("a composite that includes generative AI content", true),
        ["algorithmicMedia"] = ("created by an algorithm without sampled training data", false),
        ["algorithmicallyEnhanced"] = ("a capture enhanced by an algorithm", false),
        ["compositeSynthetic"] = ("a composite including synthetic elements", false),
        ["composite"] = ("a composite of several items", false),
        ["compositeCapture"] = ("a composite of several captures", false),
        ["computationalCapture"] = ("a capture processed computationally in the device", false),
        ["digitalCapture"] = ("captured from a real-life scene by a digital device", false),
        ["negativeFilm"] = ("digitised from a film negative", false),
        ["positiveFilm"] = ("digitised from a film positive", false),
        ["print"] = ("digitised from a print", false),
        ["screenCapture"] = ("a screen capture", false),
        ["virtualRecording"] = ("a recording of a virtual event", false),
        ["dataDrivenMedia"] = ("produced from data (e.g. a chart)", false),
        ["digitalCreation"] = ("created by a person with digital tools", false),
        ["digitalArt"] = ("digital art made by a person", false),
        ["humanEdits"] = ("edited by a person", false),
        ["minorHumanEdits"] = ("minor edits by a person", false),
    };

    /// <summary>Every tool the manifest names, in the order: claim generator, claim_generator_info, action software agents.</summary>
    public static IReadOnlyList<C2paToolMatch> Identify(C2paManifestSummary manifest)
    {
        var aiDeclared = manifest.Actions.Any(a => IsGenerativeAiSource(a.DigitalSourceType));
        var matches = new List<C2paToolMatch>();
        void Add(string? written, string key, string? version)
        {
            if (string.IsNullOrWhiteSpace(written)) return;
            if (Match(written) is not { } hit) return;
            if (hit.Rule.RequiresAiSource && !aiDeclared) return;
            if (matches.Any(m => m.Tool == hit.Rule.Tool && m.Key == key)) return;
            matches.Add(new C2paToolMatch(hit.Rule.Tool, hit.Rule.Role, manifest.Label, key, written, version ?? hit.Version));
        }
        Add(manifest.ClaimGenerator, ClaimGeneratorKey, null);
        foreach (var info in manifest.ClaimGeneratorInfo) Add(info.Name, ClaimGeneratorInfoKey, info.Version);
        foreach (var action in manifest.Actions) Add(action.SoftwareAgent?.Name, SoftwareAgentKey, action.SoftwareAgent?.Version);
        return matches;
    }

    /// <summary>
    /// One report per AI tool found in any manifest of the store (evidence merged across manifests),
    /// plus one for an action that declares generative-AI content under a software agent or claim
    /// generator the table does not know. <paramref name="storeEvidence"/> says where the store lives
    /// in the file ("PNG caBX", "JPEG APP11"); it is the first evidence of every report.
    /// </summary>
    public static IEnumerable<GeneratorReport> ToGeneratorReports(C2paManifestStore store, Evidence storeEvidence)
    {
        var reports = new Dictionary<string, GeneratorReport>(StringComparer.Ordinal);
        foreach (var manifest in store.Manifests)
        {
            var matches = Identify(manifest);
            var editors = matches.Where(m => m.Role == C2paToolRole.Editor).ToList();
            var ai = matches.Where(m => m.Role == C2paToolRole.AiGenerator).ToList();
            foreach (var match in ai)
            {
                var report = ReportFor(reports, match.Tool, storeEvidence, Confidence.Certain);
                report.Version ??= match.Version;
                report.Evidence.Add(new Evidence(ManifestBlock(manifest), match.Key, null, manifest.Offset));
                AddOther(report, match.Key, match.Written);
                foreach (var editor in editors) AddOther(report, "Editor", editor.Version is null ? editor.Tool : $"{editor.Tool} {editor.Version}");
                AddManifestFacts(report, manifest);
            }
            if (ai.Count > 0) continue;
            // No known AI tool, but an action says its output is generative-AI content.
            foreach (var action in manifest.Actions.Where(a => IsGenerativeAiSource(a.DigitalSourceType)))
            {
                var name = action.SoftwareAgent?.Name ?? FirstToken(manifest.ClaimGenerator) ?? manifest.ClaimGeneratorInfo.FirstOrDefault()?.Name;
                if (name is null) continue;
                var report = ReportFor(reports, name, storeEvidence, Confidence.High);
                report.Version ??= action.SoftwareAgent?.Version;
                report.Evidence.Add(new Evidence(ManifestBlock(manifest), action.SoftwareAgent is null ? ClaimGeneratorKey : SoftwareAgentKey, null, manifest.Offset));
                AddManifestFacts(report, manifest);
            }
        }
        return reports.Values;
    }

    /// <summary>The digital source types declared by the actions of every manifest, in store order, with evidence.</summary>
    public static IEnumerable<C2paSourceTypeDeclaration> DeclaredSourceTypes(C2paManifestStore store, Evidence storeEvidence)
    {
        var active = store.ActiveManifest;
        foreach (var manifest in store.Manifests)
        {
            foreach (var action in manifest.Actions)
            {
                if (string.IsNullOrWhiteSpace(action.DigitalSourceType)) continue;
                var term = SourceTypeTerm(action.DigitalSourceType);
                var known = SourceTypes.TryGetValue(term, out var entry);
                yield return new C2paSourceTypeDeclaration(
                    action.DigitalSourceType, term, known ? entry.Meaning : null, known && entry.Ai, action.Action,
                    action.SoftwareAgent?.ToString(), manifest.Label, ReferenceEquals(manifest, active),
                    new Evidence($"{storeEvidence.Block} → {ManifestBlock(manifest)}", $"{action.AssertionLabel} → {action.Action} → digitalSourceType", null, action.Offset));
            }
        }
    }

    /// <summary>True when the digital source type URI names generative-AI content.</summary>
    public static bool IsGenerativeAiSource(string? uri) =>
        uri is not null && SourceTypes.TryGetValue(SourceTypeTerm(uri), out var entry) && entry.Ai;

    private static string SourceTypeTerm(string uri)
    {
        var trimmed = uri.TrimEnd('/');
        var cut = Math.Max(trimmed.LastIndexOf('/'), trimmed.LastIndexOf(':'));
        return cut >= 0 ? trimmed[(cut + 1)..] : trimmed;
    }

    private static GeneratorReport ReportFor(Dictionary<string, GeneratorReport> reports, string tool, Evidence storeEvidence, Confidence confidence)
    {
        if (reports.TryGetValue(tool, out var existing)) return existing;
        var report = new GeneratorReport { Tool = tool, Parser = ParserId, Confidence = confidence };
        report.Evidence.Add(storeEvidence);
        reports[tool] = report;
        return report;
    }

    private static void AddManifestFacts(GeneratorReport report, C2paManifestSummary manifest)
    {
        foreach (var action in manifest.Actions)
        {
            if (action.DigitalSourceType is { } dst) AddOther(report, "digitalSourceType", $"{action.Action}: {dst}");
        }
        if (manifest.Signature is { } sig && (sig.SubjectOrganization ?? sig.SubjectCommonName) is { } signer)
            AddOther(report, "Signed by", sig.SubjectCommonName is { } cn && cn != signer ? $"{cn} ({signer})" : signer);
    }

    private static void AddOther(GeneratorReport report, string key, string value)
    {
        var pair = new KeyValuePair<string, string>(key, value);
        if (!report.Parameters.Other.Contains(pair)) report.Parameters.Other.Add(pair);
    }

    private static string ManifestBlock(C2paManifestSummary manifest) => $"C2PA manifest '{manifest.Label}'";

    private static string? FirstToken(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var token = text.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        var slash = token.IndexOf('/');
        return (slash > 0 ? token[..slash] : token).Replace('_', ' ');
    }

    private static (Rule Rule, string? Version)? Match(string written)
    {
        var text = written.Replace('_', ' ');
        foreach (var rule in Rules)
        {
            var at = 0;
            while ((at = text.IndexOf(rule.Token, at, StringComparison.OrdinalIgnoreCase)) >= 0)
            {
                var end = at + rule.Token.Length;
                var startsWord = at == 0 || !char.IsLetterOrDigit(text[at - 1]);
                var endsWord = end == text.Length || !char.IsLetter(text[end]);
                if (startsWord && endsWord) return (rule, VersionAfter(written, end));
                at = end;
            }
        }
        return null;
    }

    // "Adobe_Photoshop/25.1.0 adobe_c2pa/0.7.6" → "25.1.0" after the matched name.
    private static string? VersionAfter(string written, int end)
    {
        if (end >= written.Length || written[end] != '/') return null;
        var stop = written.IndexOf(' ', end);
        var version = stop < 0 ? written[(end + 1)..] : written[(end + 1)..stop];
        return version.Length > 0 ? version : null;
    }
}
