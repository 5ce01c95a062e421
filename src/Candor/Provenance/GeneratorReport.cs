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
