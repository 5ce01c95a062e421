namespace Candor.Provenance;

/// <summary>One control input: a ControlNet unit, an adapter, an init image.</summary>
public sealed class ControlInput
{
    /// <summary>What kind of input it is (ControlNet unit, adapter, init image, reference).</summary>
    public required ControlKind Kind { get; init; }
    /// <summary>Preprocessor/module ("canny", "openpose_full", "none").</summary>
    public string? Module { get; set; }
    /// <summary>Model name as written, hash included if it was inline.</summary>
    public string? Model { get; set; }
    /// <summary>Strength as written, when given.</summary>
    public double? Weight { get; set; }
    /// <summary>How closely the input can reproduce someone else's work or likeness (see <see cref="ControlRiskTable"/>).</summary>
    public ControlRisk Risk { get; set; } = ControlRisk.Unknown;
    /// <summary>A real person's face may have been used (InstantID, PhotoMaker, FaceID, face-only IP-Adapters).</summary>
    public bool Identity { get; set; }
    /// <summary>Why this risk class, in one sentence.</summary>
    public string? RiskReason { get; set; }
    /// <summary>Other settings as written (guidance start/end, control mode, resize mode).</summary>
    public List<KeyValuePair<string, string>> Settings { get; } = [];
    /// <summary>The field this input was read from.</summary>
    public required Evidence Evidence { get; init; }
}
