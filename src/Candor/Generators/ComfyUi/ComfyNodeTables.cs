using Candor.Provenance;

namespace Candor.Generators.ComfyUi;

/// <summary>Generation parameters a sampler-side input can carry.</summary>
internal enum ComfyParam { Seed, Steps, Cfg, Sampler, Scheduler, Denoise }

/// <summary>
/// What Candor knows about ComfyUI node classes and input names. ComfyUI has thousands of custom
/// nodes, so knowledge is keyed on input names where they are conventional (<c>ckpt_name</c>,
/// <c>lora_name</c>, <c>sampler_name</c>) and on class-name tokens otherwise; a new node family is one line.
/// </summary>
internal static class ComfyNodeTables
{
    /// <summary>Sampler-side inputs and the parameter each gives (first one found wins).</summary>
    public static readonly (string Key, ComfyParam Param)[] SamplerInputs =
    [
        ("seed", ComfyParam.Seed),
        ("noise_seed", ComfyParam.Seed),
        ("steps", ComfyParam.Steps),
        ("cfg", ComfyParam.Cfg),
        ("sampler_name", ComfyParam.Sampler),
        ("scheduler", ComfyParam.Scheduler),
        ("denoise", ComfyParam.Denoise),
    ];

    /// <summary>Class names that are samplers even without the three usual inputs (their settings sit in helper nodes).</summary>
    public static readonly string[] SamplerClasses = ["KSampler", "KSamplerAdvanced", "SamplerCustom", "SamplerCustomAdvanced"];

    /// <summary>Sampler inputs that link to helper nodes holding more settings (KSamplerSelect, BasicScheduler, RandomNoise, CFGGuider).</summary>
    public static readonly string[] SamplerHelperInputs = ["sampler", "sigmas", "noise", "guider"];

    /// <summary>Inputs of a sampler or guider that are links, not settings, and are not echoed into Other.</summary>
    public static readonly HashSet<string> SamplerStructuralInputs = new(StringComparer.Ordinal)
    {
        "model", "positive", "negative", "latent_image", "conditioning", "sampler", "sigmas", "noise", "guider",
        "control_after_generate", "Random seed after every gen",
    };

    /// <summary>Input names that name a model file, the role it plays, and (when the name is generic) a class-name token that must match.</summary>
    public static readonly (string Key, ModelRole Role, string? ClassToken)[] ModelInputs =
    [
        ("ckpt_name", ModelRole.Checkpoint, null),
        ("unet_name", ModelRole.Checkpoint, null),
        ("model_path", ModelRole.Checkpoint, "Diffusers"),
        ("lora_name", ModelRole.Lora, null),
        ("hypernetwork_name", ModelRole.Hypernetwork, null),
        ("vae_name", ModelRole.Vae, null),
        ("clip_name", ModelRole.TextEncoder, null),
        ("clip_name1", ModelRole.TextEncoder, null),
        ("clip_name2", ModelRole.TextEncoder, null),
        ("clip_name3", ModelRole.TextEncoder, null),
        ("control_net_name", ModelRole.ControlNet, null),
        ("model_name", ModelRole.Upscaler, "Upscale"),
        ("model_name", ModelRole.Detector, "Detector"),
        ("model_name", ModelRole.Detector, "Ultralytics"),
        ("ipadapter_file", ModelRole.Adapter, null),
        ("instantid_file", ModelRole.Adapter, null),
        ("photomaker_model_name", ModelRole.Adapter, null),
        ("pulid_file", ModelRole.Adapter, null),
        ("style_model_name", ModelRole.Adapter, null),
        ("gligen_name", ModelRole.Adapter, null),
    ];

    /// <summary>Inputs that give a model's strength, in order of preference.</summary>
    public static readonly string[] WeightInputs = ["strength_model", "strength", "weight", "lora_strength"];

    /// <summary>Inputs of a text encoder holding prompt text.</summary>
    public static readonly string[] TextInputs = ["text", "text_g", "text_l", "clip_l", "t5xxl", "prompt"];

    /// <summary>Inputs of string/primitive nodes holding the value they pass on.</summary>
    public static readonly string[] ValueInputs = ["value", "text", "string", "seed", "noise_seed", "int", "float", "number", "Number", "Text", "prompt"];

    /// <summary>Inputs of string-joining nodes (StringConcatenate, Text Concatenate) in order.</summary>
    public static readonly string[] JoinInputs = ["string_a", "string_b", "string_c", "string_d", "text_a", "text_b", "text_c", "text_d", "text1", "text2", "text3"];

    /// <summary>Inputs that name the image file a loader read.</summary>
    public static readonly string[] ImageNameInputs = ["image", "image_path", "url", "image_url", "file"];

    /// <summary>Class-name tokens of nodes that write output; only their ancestors ran.</summary>
    public static readonly string[] OutputClassTokens = ["Save", "Preview", "VideoCombine"];

    /// <summary>Nodes that turn an input image into the latent a sampler starts from, and what that makes the input.</summary>
    public static readonly (string ClassToken, ControlKind Kind)[] LatentSources =
    [
        ("VAEEncodeForInpaint", ControlKind.Inpaint),
        ("InpaintModelConditioning", ControlKind.Inpaint),
        ("SetLatentNoiseMask", ControlKind.Inpaint),
        ("VAEEncode", ControlKind.Img2Img),
    ];

    /// <summary>Node families that condition on an image through an adapter; matched on the class name.</summary>
    public static readonly (string ClassToken, ControlKind Kind)[] AdapterClasses =
    [
        ("InstantID", ControlKind.InstantId),
        ("PhotoMaker", ControlKind.PhotoMaker),
        ("PuLID", ControlKind.FaceId),
        ("FaceID", ControlKind.FaceId),
        ("IPAdapter", ControlKind.IpAdapter),
        ("StyleModelApply", ControlKind.Reference),
        ("unCLIPConditioning", ControlKind.Revision),
    ];

    /// <summary>Inputs through which an adapter node receives its image (directly or as a CLIP-vision encoding).</summary>
    public static readonly string[] AdapterImageInputs = ["image", "images", "face_image", "image_kps", "clip_vision_output", "image_weight"];

    /// <summary>Inputs through which an adapter node receives its model loader.</summary>
    public static readonly string[] AdapterModelInputs = ["ipadapter", "instantid", "photomaker", "pulid", "style_model", "faceid"];

    /// <summary>Inputs of an adapter node that give its strength.</summary>
    public static readonly string[] AdapterWeightInputs = ["weight", "strength", "ip_weight", "ip_adapter_scale", "weight_faceidv2"];

    /// <summary>Settings copied from a ControlNet or adapter node when present.</summary>
    public static readonly string[] ControlSettingInputs = ["start_percent", "end_percent", "start_at", "end_at", "weight_type", "combine_embeds", "embeds_scaling", "preset", "control_type", "type"];

    /// <summary>True for input names that carry conditioning (followed when tracing prompts back from a sampler).</summary>
    public static bool IsConditioningInput(string name) =>
        name.Contains("conditioning", StringComparison.OrdinalIgnoreCase)
        || name.Contains("cond", StringComparison.OrdinalIgnoreCase)
        || name is "positive" or "negative";

    /// <summary>True for input names that carry a latent or the image it was encoded from.</summary>
    public static bool IsLatentInput(string name) =>
        name.Contains("latent", StringComparison.OrdinalIgnoreCase)
        || name.Contains("samples", StringComparison.OrdinalIgnoreCase)
        || IsImageInput(name);

    /// <summary>True for input names that carry an image.</summary>
    public static bool IsImageInput(string name) =>
        name.Contains("image", StringComparison.OrdinalIgnoreCase)
        || name.Contains("pixels", StringComparison.OrdinalIgnoreCase);

    /// <summary>Values ComfyUI's UI stores after a seed widget for "control after generate".</summary>
    public static readonly HashSet<string> SeedControlValues = new(StringComparer.Ordinal) { "fixed", "increment", "decrement", "randomize" };
}
