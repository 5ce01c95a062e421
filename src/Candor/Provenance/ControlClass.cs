namespace Candor.Provenance;

/// <summary>Result of <see cref="ControlRiskTable.Classify"/>.</summary>
public sealed record ControlClass(ControlKind Kind, ControlRisk Risk, bool Identity, string Reason)
{
    /// <summary>Copies the classification onto <paramref name="input"/>'s risk fields.</summary>
    public void ApplyTo(ControlInput input)
    {
        input.Risk = Risk;
        input.Identity = Identity;
        input.RiskReason = Reason;
    }
}
