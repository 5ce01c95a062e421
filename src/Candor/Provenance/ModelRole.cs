namespace Candor.Provenance;

/// <summary>Role a model file played.</summary>
public enum ModelRole
{
    /// <summary>The main diffusion model.</summary>
    Checkpoint,
    /// <summary>A second model that finishes the last steps (SDXL refiner).</summary>
    Refiner,
    /// <summary>The VAE that turns latents into pixels.</summary>
    Vae,
    /// <summary>A LoRA, LyCORIS or LoCon adaptation of the main model.</summary>
    Lora,
    /// <summary>A textual-inversion embedding.</summary>
    Embedding,
    /// <summary>A hypernetwork.</summary>
    Hypernetwork,
    /// <summary>A ControlNet model.</summary>
    ControlNet,
    /// <summary>An adapter model (T2I-Adapter, IP-Adapter, InstantID, PhotoMaker).</summary>
    Adapter,
    /// <summary>An upscaling model (ESRGAN and the like).</summary>
    Upscaler,
    /// <summary>A detection or segmentation model used for automatic inpainting (ADetailer, face detailers).</summary>
    Detector,
    /// <summary>A separate text encoder (CLIP, T5).</summary>
    TextEncoder,
    /// <summary>Any other model file.</summary>
    Other,
}
