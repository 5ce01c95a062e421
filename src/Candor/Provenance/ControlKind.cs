namespace Candor.Provenance;

/// <summary>Kinds of inputs that steer generation besides the prompt.</summary>
public enum ControlKind
{
    /// <summary>A ControlNet unit: a conditioning image (edges, depth, pose, scribble) steering the composition.</summary>
    ControlNet,
    /// <summary>A T2I-Adapter: a lighter conditioning network, used like ControlNet.</summary>
    T2IAdapter,
    /// <summary>An IP-Adapter: an image prompt that carries style or content of a reference picture.</summary>
    IpAdapter,
    /// <summary>InstantID: keeps a real person's face identity from a reference photo.</summary>
    InstantId,
    /// <summary>PhotoMaker: builds a person's identity from reference photos.</summary>
    PhotoMaker,
    /// <summary>An IP-Adapter FaceID model: a face embedding from a reference photo.</summary>
    FaceId,
    /// <summary>A reference-only unit or director reference: a picture whose look is copied without a trained adapter.</summary>
    Reference,
    /// <summary>Revision (SDXL): CLIP vision embeddings of a picture used as the prompt.</summary>
    Revision,
    /// <summary>NovelAI Vibe Transfer: the feel of a reference picture.</summary>
    VibeTransfer,
    /// <summary>An init image (img2img): the picture the generation started from.</summary>
    Img2Img,
    /// <summary>Inpainting: part of an existing picture was regenerated under a mask.</summary>
    Inpaint,
    /// <summary>Any other steering input, named as written.</summary>
    Other,
}
