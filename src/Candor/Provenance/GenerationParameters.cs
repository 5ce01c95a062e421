namespace Candor.Provenance;

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
