namespace Candor.C2pa;

/// <summary>What part a tool named in a C2PA manifest played.</summary>
public enum C2paToolRole
{
    /// <summary>A generative AI service or model (DALL·E, Firefly, Titan, Gemini…).</summary>
    AiGenerator,
    /// <summary>An editing application (Photoshop, Lightroom).</summary>
    Editor,
    /// <summary>A camera or capture app: evidence of a capture, not of AI.</summary>
    CaptureDevice,
}
