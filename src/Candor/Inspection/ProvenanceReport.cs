using Candor.Provenance;

namespace Candor.Inspection;

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

    /// <summary>Programs the metadata names as having written or edited the file (absent when none is named).</summary>
    public List<SoftwareMention>? Software { get; set; }

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
