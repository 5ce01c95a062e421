namespace Candor.Generators.ComfyUi;

/// <summary>
/// Widget names in the order ComfyUI's UI stores their values in <c>widgets_values</c>, per node type.
/// Needed only when a file carries the UI workflow without the API prompt. The "control after generate"
/// value the UI stores after seed widgets is not listed: it is skipped wherever it appears.
/// </summary>
internal static class ComfyWorkflowWidgets
{
    public static readonly Dictionary<string, string[]> ByType = new(StringComparer.Ordinal)
    {
        ["KSampler"] = ["seed", "steps", "cfg", "sampler_name", "scheduler", "denoise"],
        ["KSamplerAdvanced"] = ["add_noise", "noise_seed", "steps", "cfg", "sampler_name", "scheduler", "start_at_step", "end_at_step", "return_with_leftover_noise"],
        ["SamplerCustom"] = ["add_noise", "noise_seed", "cfg"],
        ["KSamplerSelect"] = ["sampler_name"],
        ["BasicScheduler"] = ["scheduler", "steps", "denoise"],
        ["KarrasScheduler"] = ["steps", "sigma_max", "sigma_min", "rho"],
        ["RandomNoise"] = ["noise_seed"],
        ["CFGGuider"] = ["cfg"],
        ["FluxGuidance"] = ["guidance"],
        ["CheckpointLoaderSimple"] = ["ckpt_name"],
        ["CheckpointLoader"] = ["config_name", "ckpt_name"],
        ["ImageOnlyCheckpointLoader"] = ["ckpt_name"],
        ["UNETLoader"] = ["unet_name", "weight_dtype"],
        ["VAELoader"] = ["vae_name"],
        ["CLIPLoader"] = ["clip_name", "type"],
        ["DualCLIPLoader"] = ["clip_name1", "clip_name2", "type"],
        ["TripleCLIPLoader"] = ["clip_name1", "clip_name2", "clip_name3"],
        ["LoraLoader"] = ["lora_name", "strength_model", "strength_clip"],
        ["LoraLoaderModelOnly"] = ["lora_name", "strength_model"],
        ["HypernetworkLoader"] = ["hypernetwork_name", "strength"],
        ["CLIPTextEncode"] = ["text"],
        ["CLIPTextEncodeSDXL"] = ["width", "height", "crop_w", "crop_h", "target_width", "target_height", "text_g", "text_l"],
        ["CLIPTextEncodeSDXLRefiner"] = ["ascore", "width", "height", "text"],
        ["CLIPTextEncodeFlux"] = ["clip_l", "t5xxl", "guidance"],
        ["CLIPSetLastLayer"] = ["stop_at_clip_layer"],
        ["EmptyLatentImage"] = ["width", "height", "batch_size"],
        ["EmptySD3LatentImage"] = ["width", "height", "batch_size"],
        ["EmptyMochiLatentVideo"] = ["width", "height", "length", "batch_size"],
        ["LatentUpscale"] = ["upscale_method", "width", "height", "crop"],
        ["LatentUpscaleBy"] = ["upscale_method", "scale_by"],
        ["ImageScale"] = ["upscale_method", "width", "height", "crop"],
        ["ConditioningSetArea"] = ["width", "height", "x", "y", "strength"],
        ["ControlNetLoader"] = ["control_net_name"],
        ["DiffControlNetLoader"] = ["control_net_name"],
        ["ControlNetApply"] = ["strength"],
        ["ControlNetApplyAdvanced"] = ["strength", "start_percent", "end_percent"],
        ["LoadImage"] = ["image", "upload"],
        ["LoadImageMask"] = ["image", "channel", "upload"],
        ["VAEEncodeForInpaint"] = ["grow_mask_by"],
        ["UpscaleModelLoader"] = ["model_name"],
        ["StyleModelLoader"] = ["style_model_name"],
        ["IPAdapterModelLoader"] = ["ipadapter_file"],
        ["InstantIDModelLoader"] = ["instantid_file"],
        ["PhotoMakerLoader"] = ["photomaker_model_name"],
        ["PrimitiveNode"] = ["value"],
        ["PrimitiveString"] = ["value"],
        ["PrimitiveStringMultiline"] = ["value"],
        ["PrimitiveInt"] = ["value"],
        ["PrimitiveFloat"] = ["value"],
        ["Canny"] = ["low_threshold", "high_threshold"],
    };
}
