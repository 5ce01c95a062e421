namespace Candor.Provenance;

/// <summary>Kinds of inputs that steer generation besides the prompt.</summary>
public enum ControlKind
{
    ControlNet,
    T2IAdapter,
    IpAdapter,
    InstantId,
    PhotoMaker,
    FaceId,
    Reference,
    Revision,
    VibeTransfer,
    Img2Img,
    Inpaint,
    Other,
}
