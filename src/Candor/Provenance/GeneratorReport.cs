namespace Candor.Provenance;

/// <summary>
/// What one generator's metadata says: the tool, its parameters, the models and control inputs
/// it used, each with evidence. A file can carry several (e.g. Stability Matrix writes both its
/// own JSON and the ComfyUI graph; a Forge PNG has the text chunk and a stealth copy).
/// </summary>
public sealed class GeneratorReport
{
    /// <summary>Tool that wrote the metadata, e.g. "AUTOMATIC1111", "Forge", "ComfyUI", "NovelAI".</summary>
    public required string Tool { get; init; }

    /// <summary>Stable identifier of the parser that produced this report, e.g. "a1111", "comfyui".</summary>
    public required string Parser { get; init; }

    /// <summary>Version or variant as the tool wrote it ("v1.10.1", "f2.0.1v1.10.1-previous-669-gdfdcbab6", "NovelAI Diffusion V4.5 C02D4F98").</summary>
    public string? Version { get; set; }

    /// <summary>How sure the identification of <see cref="Tool"/> is.</summary>
    public Confidence Confidence { get; set; } = Confidence.Certain;

    /// <summary>Why this tool: the fields that identify it.</summary>
    public List<Evidence> Evidence { get; } = [];

    /// <summary>Typed generation parameters.</summary>
    public GenerationParameters Parameters { get; } = new();

    /// <summary>Checkpoint, VAE, LoRAs, embeddings, hypernetworks, upscalers, detectors.</summary>
    public List<ModelReference> Models { get; } = [];

    /// <summary>Every input that steered the image besides the prompt: ControlNet, adapters, init images, references.</summary>
    public List<ControlInput> Controls { get; } = [];

    /// <summary>Findings specific to this metadata (inconsistencies, unsupported keys).</summary>
    public List<Finding> Findings { get; } = [];
}

/// <summary>How sure a statement is.</summary>
public enum Confidence
{
    /// <summary>Inferred from weak hints (a sampler name's style, a renamable label).</summary>
    Low,
    /// <summary>Strong hints but not a tool's own marker.</summary>
    Medium,
    /// <summary>High but not conclusive (e.g. key set typical of one tool only).</summary>
    High,
    /// <summary>The tool named itself (a Software tag, an App key, a scheme marker, a signed claim).</summary>
    Certain,
}

/// <summary>Typed generation parameters; anything without a typed slot goes to <see cref="Other"/> unchanged.</summary>
public sealed class GenerationParameters
{
    public string? Prompt { get; set; }
    public string? NegativePrompt { get; set; }
    /// <summary>Seed as written (seeds exceed 64-bit signed range in some tools, and are strings in others).</summary>
    public string? Seed { get; set; }
    public int? Steps { get; set; }
    public string? Sampler { get; set; }
    public string? Scheduler { get; set; }
    public double? CfgScale { get; set; }
    public int? Width { get; set; }
    public int? Height { get; set; }
    /// <summary>Denoising strength (img2img, hires fix, inpaint): below 1 means an input image was used.</summary>
    public double? Denoise { get; set; }
    public int? ClipSkip { get; set; }
    /// <summary>Tool version string as written.</summary>
    public string? Version { get; set; }
    /// <summary>Every other key/value, in the order written, with original key names.</summary>
    public List<KeyValuePair<string, string>> Other { get; } = [];
}

/// <summary>Role a model file played.</summary>
public enum ModelRole
{
    Checkpoint,
    Refiner,
    Vae,
    Lora,
    Embedding,
    Hypernetwork,
    ControlNet,
    Adapter,
    Upscaler,
    Detector,
    TextEncoder,
    Other,
}

/// <summary>A model an image claims to have used.</summary>
public sealed class ModelReference
{
    public required ModelRole Role { get; init; }
    /// <summary>Name as written (file name, alias, or a URN such as <c>urn:air:sdxl:checkpoint:civitai:827184@2514310</c>).</summary>
    public required string Name { get; init; }
    /// <summary>Strength/weight when given.</summary>
    public double? Weight { get; set; }
    /// <summary>Every hash claimed for it.</summary>
    public List<ClaimedHash> Hashes { get; } = [];
    public required Evidence Evidence { get; init; }
}

/// <summary>Which algorithm a claimed model hash is.</summary>
public enum HashKind
{
    /// <summary>A1111 before 2023: 8 hex of SHA-256 over 64 KiB at 1 MiB.</summary>
    AutoV1,
    /// <summary>A1111 "Model hash": first 10 hex of SHA-256 of the file.</summary>
    AutoV2,
    /// <summary>LoRA "addnet" hash: first 12 hex of SHA-256 of the safetensors data after the header.</summary>
    Addnet,
    /// <summary>Civitai AutoV3: SHA-256 of the safetensors data after the header (full).</summary>
    AutoV3,
    /// <summary>Full SHA-256 of the file.</summary>
    Sha256,
    /// <summary>BLAKE3 of the file (InvokeAI).</summary>
    Blake3,
    /// <summary>CRC32 of the file (Civitai, byte-reversed).</summary>
    Crc32,
    /// <summary>First 12 hex of SHA-256 of the file (A1111 TI hashes).</summary>
    Sha256Prefix12,
    /// <summary>Could not tell.</summary>
    Unknown,
}

/// <summary>A hash as written in the image, with its kind (decided from the key that held it and its length).</summary>
public sealed record ClaimedHash(HashKind Kind, string Value, Evidence Evidence);

/// <summary>Kinds of inputs that steer generation besides the prompt.</summary>
public enum ControlKind
{
    ControlNet,
    T2IAdapter,
    IpAdapter,
    InstantId,
    PhotoMaker,
    FaceId,
    Reference,
    Revision,
    VibeTransfer,
    Img2Img,
    Inpaint,
    Other,
}

/// <summary>
/// How much of an input image can survive into the output: the question an artist asks
/// ("could my drawing have been traced?").
/// </summary>
public enum ControlRisk
{
    /// <summary>Cannot reproduce its input (IP-Adapter: image embedding only).</summary>
    VeryLow,
    /// <summary>Style or pose only (Reference, Revision, Vibe Transfer, OpenPose, Blur, Shuffle, Tile).</summary>
    Low,
    /// <summary>Composition (Depth, NormalMap, MLSD, Segmentation, Scribble).</summary>
    Medium,
    /// <summary>Outlines can be traced (Canny, Lineart, SoftEdge, Sketch) or pixels reused (img2img, inpaint).</summary>
    High,
    /// <summary>Not enough information to say.</summary>
    Unknown,
}

/// <summary>One control input: a ControlNet unit, an adapter, an init image.</summary>
public sealed class ControlInput
{
    public required ControlKind Kind { get; init; }
    /// <summary>Preprocessor/module ("canny", "openpose_full", "none").</summary>
    public string? Module { get; set; }
    /// <summary>Model name as written, hash included if it was inline.</summary>
    public string? Model { get; set; }
    public double? Weight { get; set; }
    public ControlRisk Risk { get; set; } = ControlRisk.Unknown;
    /// <summary>A real person's face may have been used (InstantID, PhotoMaker, FaceID, face-only IP-Adapters).</summary>
    public bool Identity { get; set; }
    /// <summary>Why this risk class, in one sentence.</summary>
    public string? RiskReason { get; set; }
    /// <summary>Other settings as written (guidance start/end, control mode, resize mode).</summary>
    public List<KeyValuePair<string, string>> Settings { get; } = [];
    public required Evidence Evidence { get; init; }
}
