using Candor.Formats;
using Candor.Metadata;

namespace Candor.Provenance;

/// <summary>
/// Everything <see cref="Inspector"/> found in one file, explained: the generators with their
/// parameters, models and control inputs; the AI disclosure the file makes; findings (missing or
/// inconsistent evidence); and, on request, every raw block and field. Serialised as the
/// <c>candor.inspect/1</c> JSON schema (docs/inspect-json.md).
/// </summary>
public sealed class ProvenanceReport
{
    /// <summary>Identifier of the JSON schema this report follows.</summary>
    public const string CurrentSchema = "candor.inspect/1";

    /// <summary>Always <see cref="CurrentSchema"/>.</summary>
    public string Schema { get; init; } = CurrentSchema;

    /// <summary>Path (or name) of the file as given.</summary>
    public required string Path { get; init; }

    /// <summary>Container format, e.g. "PNG".</summary>
    public string? Format { get; set; }

    /// <summary>MIME type.</summary>
    public string? MimeType { get; set; }

    /// <summary>File size in bytes.</summary>
    public long FileSize { get; set; }

    /// <summary>Pixel width, when known.</summary>
    public int? Width { get; set; }

    /// <summary>Pixel height, when known.</summary>
    public int? Height { get; set; }

    /// <summary>The answer to "was AI used?", with what it rests on.</summary>
    public AiAssessment Ai { get; set; } = new();

    /// <summary>Every generator whose metadata was found.</summary>
    public List<GeneratorReport> Generators { get; } = [];

    /// <summary>Standard disclosures: IPTC Digital Source Type, PLUS Data Mining, C2PA.</summary>
    public Disclosure Disclosure { get; } = new();

    /// <summary>Findings about the file as a whole and about each generator's metadata.</summary>
    public List<Finding> Findings { get; } = [];

    /// <summary>Hash checks against local model files (only with a model library).</summary>
    public List<ModelCheck>? ModelChecks { get; set; }

    /// <summary>Every block and decoded field (only when raw output was asked for).</summary>
    public RawContents? Raw { get; set; }

    /// <summary>When the file could not be read at all: the one-line reason. Other members are then mostly empty.</summary>
    public string? Error { get; set; }

    /// <summary>
    /// When <see cref="Error"/> comes from malformed content: what kind of problem it is (truncated, over a
    /// limit, unsupported, malformed). Null when the file was read, or could not be opened at all.
    /// </summary>
    public FormatErrorKind? ErrorKind { get; set; }
}

/// <summary>Whether, and how, AI was involved according to the evidence.</summary>
public enum AiUse
{
    /// <summary>Generator metadata, a C2PA "created" action with an AI source type, or an IPTC AI source type.</summary>
    Generated,
    /// <summary>AI took part in editing (composite with AI, generative fill, AI-backed actions).</summary>
    Edited,
    /// <summary>The file declares a non-AI source (e.g. digitalCapture); a declaration, not proof.</summary>
    DeclaredNotAi,
    /// <summary>Provenance metadata exists but says nothing about AI. Not proof that no AI was used.</summary>
    NoAiSignal,
    /// <summary>No provenance metadata at all. Not proof that no AI was used.</summary>
    NoProvenance,
    /// <summary>The file could not be read.</summary>
    Unreadable,
}

/// <summary>The AI verdict and its grounds.</summary>
public sealed class AiAssessment
{
    /// <summary>The verdict.</summary>
    public AiUse Use { get; set; } = AiUse.NoProvenance;

    /// <summary>One sentence for people giving the grounds of <see cref="Use"/> (it does not repeat the verdict).</summary>
    public string Summary { get; set; } = "";

    /// <summary>The evidence the verdict rests on.</summary>
    public List<Evidence> Evidence { get; } = [];
}

/// <summary>Standard disclosures the file makes about its source and its use for AI.</summary>
public sealed class Disclosure
{
    /// <summary>IPTC Digital Source Type values (from XMP, IPTC or C2PA actions).</summary>
    public List<SourceTypeClaim> DigitalSourceTypes { get; } = [];

    /// <summary>PLUS Data Mining values and C2PA/CAWG training-mining entries.</summary>
    public List<TrainingPermission> Training { get; } = [];

    /// <summary>C2PA manifest store summary, when present.</summary>
    public C2paOverview? C2pa { get; set; }
}

/// <summary>One Digital Source Type statement.</summary>
public sealed record SourceTypeClaim(string Value, string? Code, string? Label, bool Retired, string? AiRole, Evidence Evidence);

/// <summary>One statement about AI training / data mining permission.</summary>
public sealed record TrainingPermission(string Scheme, string Value, string Meaning, bool ProhibitsAiTraining, Evidence Evidence);

/// <summary>What a C2PA store says, in short. Signature validation is not part of <c>inspect</c>.</summary>
public sealed class C2paOverview
{
    public string? ActiveManifest { get; set; }
    public int ManifestCount { get; set; }
    public string? ClaimGenerator { get; set; }
    public string? Signer { get; set; }
    public string? Title { get; set; }
    public List<string> Actions { get; } = [];
    public List<string> Ingredients { get; } = [];
    /// <summary>The validation verdict (Trusted, Valid, Invalid) when the store was validated, else null.</summary>
    public string? Validation { get; set; }
    /// <summary>Failure codes behind an Invalid verdict (a signer not on a trust list is not one).</summary>
    public List<string> ValidationFailures { get; } = [];
    public required Evidence Evidence { get; init; }
}

/// <summary>Result of checking one claimed model hash against local files.</summary>
public sealed record ModelCheck(string Model, ModelRole Role, string? ClaimedHash, HashKind? Kind, ModelCheckStatus Status, string? LocalFile, string Detail);

/// <summary>Outcome of a model check.</summary>
public enum ModelCheckStatus
{
    /// <summary>A local file has the claimed hash.</summary>
    Match,
    /// <summary>The name points at a local file whose hash differs from the claim.</summary>
    Mismatch,
    /// <summary>No local file has the hash or the name.</summary>
    Unknown,
}

/// <summary>The raw view: every block and every decoded field, like <c>exiftool -a -G1</c>.</summary>
public sealed class RawContents
{
    public List<ContainerBlock> Blocks { get; } = [];
    public List<MetadataField> Fields { get; } = [];
    public List<string> Problems { get; } = [];
}
