namespace Candor.Darktable;

/// <summary>
/// One row of <c>darktable:history</c>: a module instance's state after one edit. The module
/// instance is (<see cref="Operation"/>, <see cref="MultiPriority"/>); later rows of the same
/// instance replace earlier ones.
/// </summary>
public sealed record DarktableHistoryItem
{
    /// <summary>Position in the history (<c>darktable:num</c>).</summary>
    public required int Num { get; init; }

    /// <summary>The module's operation name, e.g. "exposure", "rawdenoiseai".</summary>
    public required string Operation { get; init; }

    /// <summary>Whether the module is switched on in this row.</summary>
    public required bool Enabled { get; init; }

    /// <summary>Version of the module's params layout.</summary>
    public int ModVersion { get; init; }

    /// <summary>The module's params, decoded from hex or gzNN+base64.</summary>
    public byte[] Params { get; init; } = [];

    /// <summary>The instance's label ("" for the first instance).</summary>
    public string MultiName { get; init; } = "";

    /// <summary>Which instance of the module (0 for the first).</summary>
    public int MultiPriority { get; init; }

    /// <summary>Version of the blend params layout.</summary>
    public int BlendopVersion { get; init; }

    /// <summary>The blend params, decoded.</summary>
    public byte[] BlendopParams { get; init; } = [];

    /// <summary>The mask fields of the blend params; null when their layout version is unknown.</summary>
    public DarktableBlendParams? Blend { get; init; }

    /// <summary>1-based line of the row in the XMP text (0 when unknown).</summary>
    public int Line { get; init; }

    /// <summary>"exposure", or "exposure 1" / "exposure sky" for another instance, as darktable labels it.</summary>
    public string DisplayName =>
        MultiName.Length > 0 && MultiName != "0" ? $"{Operation} {MultiName}"
        : MultiPriority == 0 ? Operation
        : $"{Operation} {MultiPriority}";
}
