namespace Candor.Inspection;

/// <summary>Whether, and how, AI was involved according to the evidence.</summary>
public enum AiUse
{
    /// <summary>Generator metadata, a C2PA "created" action with an AI source type, or an IPTC AI source type.</summary>
    Generated,
    /// <summary>AI took part in editing (composite with AI, generative fill, AI-backed actions).</summary>
    Edited,
    /// <summary>The file declares a non-AI source (e.g. digitalCapture); a declaration, not proof.</summary>
    DeclaredNotAi,
    /// <summary>Provenance metadata exists but says nothing about AI. Not proof that no AI was used.</summary>
    NoAiSignal,
    /// <summary>No provenance metadata at all. Not proof that no AI was used.</summary>
    NoProvenance,
    /// <summary>The file could not be read.</summary>
    Unreadable,
}
