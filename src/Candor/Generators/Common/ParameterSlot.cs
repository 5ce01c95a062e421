namespace Candor.Generators.Common;

/// <summary>
/// The typed slots of <see cref="Candor.Provenance.GenerationParameters"/> that a tool's key can fill.
/// Parsers map their own key names to these in a table; <see cref="ParameterSlots.TryAssign"/> does the conversion.
/// </summary>
public enum ParameterSlot
{
    Prompt,
    NegativePrompt,
    Seed,
    Steps,
    Sampler,
    Scheduler,
    CfgScale,
    /// <summary>Both dimensions in one value: "512x768", "(768, 1280)", "1024 x 1024".</summary>
    Size,
    Width,
    Height,
    Denoise,
    ClipSkip,
    Version,
}
