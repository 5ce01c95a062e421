namespace Candor.Darktable;

/// <summary>How sure a <see cref="DarktableAiFinding"/> is that AI was involved.</summary>
public enum DarktableConfidence
{
    /// <summary>Could be AI; nothing in the file says so (an external mask file of unknown origin).</summary>
    Possible,
    /// <summary>A name or file-name convention that darktable uses for AI output; names can be renamed or coincide.</summary>
    Likely,
    /// <summary>A structural mark only an AI tool writes: an operation name or a form type.</summary>
    Certain,
}
