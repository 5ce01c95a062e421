namespace Candor.Generators.Common;

/// <summary>
/// The typed slots of <see cref="Candor.Provenance.GenerationParameters"/> that a tool's key can fill.
/// Parsers map their own key names to these in a table; <see cref="ParameterSlots.TryAssign"/> does the conversion.
/// </summary>
public enum ParameterSlot
{
    /// <summary>The positive prompt, kept verbatim (whitespace and line breaks included).</summary>
    Prompt,

    /// <summary>The negative prompt (what the image should avoid), kept verbatim.</summary>
    NegativePrompt,

    /// <summary>The random seed, kept as trimmed text because some tools write seeds beyond 64-bit range.</summary>
    Seed,

    /// <summary>The number of sampling (denoising) steps; a whole number, or the key stays unassigned.</summary>
    Steps,

    /// <summary>The sampler name as the tool wrote it ("Euler a", "dpmpp_2m"), trimmed.</summary>
    Sampler,

    /// <summary>The noise schedule name ("Karras", "normal"), trimmed; some tools fold it into the sampler name instead.</summary>
    Scheduler,

    /// <summary>The classifier-free guidance scale ("CFG scale", "guidance"); a decimal number.</summary>
    CfgScale,

    /// <summary>Both dimensions in one value: "512x768", "(768, 1280)", "1024 x 1024".</summary>
    Size,

    /// <summary>The output width in pixels, from a key that holds only the width.</summary>
    Width,

    /// <summary>The output height in pixels, from a key that holds only the height.</summary>
    Height,

    /// <summary>The denoising strength of an img2img or hires pass, usually between 0 and 1.</summary>
    Denoise,

    /// <summary>How many of the text encoder's last layers are skipped (A1111 "Clip skip"); a whole number.</summary>
    ClipSkip,

    /// <summary>The generating tool's own version string, trimmed.</summary>
    Version,
}
