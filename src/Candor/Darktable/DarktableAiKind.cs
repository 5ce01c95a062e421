namespace Candor.Darktable;

/// <summary>The kinds of AI-backed edit Candor recognises in a darktable history.</summary>
public enum DarktableAiKind
{
    /// <summary>An AI object mask: a segmentation model selected a subject; an ordinary module was applied through it. Selects pixels, generates none.</summary>
    AiObjectMask,
    /// <summary>A neural raw denoiser in the pipeline (Ansel's <c>rawdenoiseai</c>).</summary>
    NeuralDenoise,
    /// <summary>The picture is the output of darktable's neural restore (AI denoise or upscale), found by its file name.</summary>
    NeuralRestore,
    /// <summary>A mask loaded from an external file (<c>rasterfile</c>): it may come from an AI tool, nothing says.</summary>
    ExternalRasterMask,
}
