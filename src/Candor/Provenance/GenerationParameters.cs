namespace Candor.Provenance;

/// <summary>Typed generation parameters; anything without a typed slot goes to <see cref="Other"/> unchanged.</summary>
public sealed class GenerationParameters
{
    /// <summary>The positive prompt as written.</summary>
    public string? Prompt { get; set; }
    /// <summary>The negative prompt as written.</summary>
    public string? NegativePrompt { get; set; }
    /// <summary>Seed as written (seeds exceed 64-bit signed range in some tools, and are strings in others).</summary>
    public string? Seed { get; set; }
    /// <summary>Number of sampling steps.</summary>
    public int? Steps { get; set; }
    /// <summary>Sampler name as the tool writes it ("DPM++ 2M Karras", "euler_ancestral"; InvokeAI's scheduler).</summary>
    public string? Sampler { get; set; }
    /// <summary>Noise schedule when the tool writes it apart from the sampler ("karras", "normal").</summary>
    public string? Scheduler { get; set; }
    /// <summary>Classifier-free guidance scale.</summary>
    public double? CfgScale { get; set; }
    /// <summary>Requested image width in pixels.</summary>
    public int? Width { get; set; }
    /// <summary>Requested image height in pixels.</summary>
    public int? Height { get; set; }
    /// <summary>Denoising strength (img2img, hires fix, inpaint): below 1 means an input image was used.</summary>
    public double? Denoise { get; set; }
    /// <summary>How many final CLIP text-encoder layers were skipped.</summary>
    public int? ClipSkip { get; set; }
    /// <summary>Tool version string as written.</summary>
    public string? Version { get; set; }
    /// <summary>Every other key/value, in the order written, with original key names.</summary>
    public List<KeyValuePair<string, string>> Other { get; } = [];
}
