namespace Candor.Metadata.Iptc;

/// <summary>What an IPTC digital source type says about the part AI played.</summary>
public enum DigitalSourceAiRole
{
    /// <summary>Captured, scanned or made by people with ordinary tools; no AI claimed.</summary>
    None,
    /// <summary>Made or processed by algorithms that are not generative AI (procedural art, charts, multi-frame merging).</summary>
    NonGenerativeAlgorithm,
    /// <summary>Content kept, its look changed by an algorithm that may be AI (denoising, upscaling).</summary>
    AlgorithmicEnhancement,
    /// <summary>The term does not say whether AI was involved (a retired catch-all, or a composite of unspecified parts).</summary>
    Undetermined,
    /// <summary>Real or human-made content combined with elements produced by generative AI (e.g. generative fill).</summary>
    AiComposite,
    /// <summary>Produced by a generative model trained on sampled content.</summary>
    AiGenerated,
}
