namespace Candor.Provenance;

/// <summary>One control input: a ControlNet unit, an adapter, an init image.</summary>
public sealed class ControlInput
{
    public required ControlKind Kind { get; init; }
    /// <summary>Preprocessor/module ("canny", "openpose_full", "none").</summary>
    public string? Module { get; set; }
    /// <summary>Model name as written, hash included if it was inline.</summary>
    public string? Model { get; set; }
    public double? Weight { get; set; }
    public ControlRisk Risk { get; set; } = ControlRisk.Unknown;
    /// <summary>A real person's face may have been used (InstantID, PhotoMaker, FaceID, face-only IP-Adapters).</summary>
    public bool Identity { get; set; }
    /// <summary>Why this risk class, in one sentence.</summary>
    public string? RiskReason { get; set; }
    /// <summary>Other settings as written (guidance start/end, control mode, resize mode).</summary>
    public List<KeyValuePair<string, string>> Settings { get; } = [];
    public required Evidence Evidence { get; init; }
}
