namespace Candor.Provenance;

/// <summary>Role a model file played.</summary>
public enum ModelRole
{
    Checkpoint,
    Refiner,
    Vae,
    Lora,
    Embedding,
    Hypernetwork,
    ControlNet,
    Adapter,
    Upscaler,
    Detector,
    TextEncoder,
    Other,
}
