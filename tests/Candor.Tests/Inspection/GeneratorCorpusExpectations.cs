using Candor.Inspection;
using Candor.Provenance;

namespace Candor.Tests.Inspection;

/// <summary>
/// What every file in ../shared/corpus/generators must decode to, transcribed from its SOURCES.md.
/// One row per file; null means "not stated by SOURCES.md, not checked".
/// </summary>
public sealed record GeneratorExpectation(string File)
{
    public string? Tool { get; init; }
    public AiUse? Ai { get; init; }
    public string? Prompt { get; init; }
    public string? Negative { get; init; }
    public string? Seed { get; init; }
    public int? Steps { get; init; }
    public string? Sampler { get; init; }
    public string? Scheduler { get; init; }
    public double? Cfg { get; init; }
    public int? Width { get; init; }
    public int? Height { get; init; }
    public double? Denoise { get; init; }
    public int? ClipSkip { get; init; }
    public string? Version { get; init; }
    public string? Checkpoint { get; init; }
    public string? CheckpointHash { get; init; }
    public string[] Loras { get; init; } = [];
    public string? LoraHash { get; init; }
    public (ControlKind Kind, ControlRisk Risk)[] Controls { get; init; } = [];
    public string[] FindingCodes { get; init; } = [];
    public string[] AbsentFindingCodes { get; init; } = [];
    public string[] SourceTypes { get; init; } = [];
    public bool NoGenerator { get; init; }

    public override string ToString() => File;

    public static readonly GeneratorExpectation[] All =
    [
        new("a1111/automatic1111_cropped.png") { Tool = "AUTOMATIC1111", Prompt = "photo of a duck", Negative = "monochrome", Steps = 15, Sampler = "UniPC", Cfg = 5, Seed = "235284042", Width = 512, Height = 400, CheckpointHash = "c0d1994c73", Checkpoint = "realistic_realisticVisionV20_v20", Ai = AiUse.Generated },
        new("a1111/automatic1111_cropped.jpg") { Tool = "AUTOMATIC1111", Prompt = "photo of a duck", Negative = "monochrome", Steps = 15, Sampler = "UniPC", Cfg = 5, Seed = "235284042", Width = 512, Height = 400, CheckpointHash = "c0d1994c73", Checkpoint = "realistic_realisticVisionV20_v20" },
        new("a1111/automatic1111_stealth.png") { Tool = "AUTOMATIC1111", Prompt = "a circle", Negative = "a square", Steps = 20, Sampler = "Euler", Scheduler = "Automatic", Cfg = 7, Seed = "2015833630", Width = 64, Height = 64, CheckpointHash = "15012c538f", Checkpoint = "realisticVisionV51_v51VAE", ClipSkip = 2, Version = "v1.9.4-169-ga30b19dd", FindingCodes = ["stealth-only"] },
        new("a1111/sd-webui.png") { Tool = "AUTOMATIC1111", Prompt = "テスト", Checkpoint = "waiIllustriousSDXL_v160", CheckpointHash = "45a21ea00a", Sampler = "DPM++ 2M", Scheduler = "Karras", Steps = 20, Cfg = 7, Seed = "3782896554", Width = 1024, Height = 1024, Version = "v1.10.1" },
        new("a1111/sd-webui.webp") { Tool = "AUTOMATIC1111", Checkpoint = "waiIllustriousSDXL_v160", CheckpointHash = "45a21ea00a", Sampler = "DPM++ 2M", Scheduler = "Karras", Steps = 20, Cfg = 5.5, Seed = "1028435836", Width = 1024, Height = 1024, Version = "v1.10.1" },
        new("a1111/controlnet-legacy_dog_rel.png") { Steps = 20, Sampler = "DPM++ SDE", Cfg = 7, Seed = "925894899", Width = 512, Height = 512, CheckpointHash = "679c66ec9a", ClipSkip = 2, Controls = [(ControlKind.ControlNet, ControlRisk.Medium)] },
        new("a1111/lora-hashes_1girl.png") { Tool = "AUTOMATIC1111", Prompt = "<lora:lcm_lora_sd15:1>", Steps = 8, Sampler = "LCM", Cfg = 1.5, Seed = "1157152124", Width = 512, Height = 768, CheckpointHash = "b42b09ff12", Checkpoint = "cetusMix_v4", Denoise = 0.75, ClipSkip = 2, Loras = ["lcm_lora_sd15"], LoraHash = "aaebf6360f7d", Version = "v1.6.0-372-g8aa51f68", Controls = [(ControlKind.Img2Img, ControlRisk.High)] },
        new("a1111/card-no-preview.png") { Prompt = "dreamlike neural network logo that says NO PREVIEW", Negative = "3d", Steps = 20, Sampler = "Euler a", Cfg = 12, Seed = "2448144561", Width = 512, Height = 768, CheckpointHash = "92970aa785", Checkpoint = "dreamlike-photoreal-2.0", Denoise = 0.57 },

        new("forge/forge.png") { Tool = "Forge", Sampler = "Euler", Scheduler = "Karras", Steps = 25, Cfg = 5, Seed = "747066619", Checkpoint = "waiIllustriousSDXL_v160", CheckpointHash = "45a21ea00a", Width = 1024, Height = 1024, Version = "f2.0.1v1.10.1-previous-669-gdfdcbab6", FindingCodes = ["stealth-copy-matches"] },
        new("forge/forge-classic-adetailer.png") { Tool = "Forge Classic", Sampler = "Euler a", Scheduler = "Automatic", Steps = 24, Cfg = 4, Seed = "4179307297", Checkpoint = "waiNSFWIllustrious_v140", CheckpointHash = "c9b4dab236", Version = "classic" },
        new("forge/forge-classic.jpeg") { Tool = "Forge Classic", Sampler = "DPM++ 2M", Scheduler = "Karras", Steps = 20, Cfg = 6, Seed = "2547514258", CheckpointHash = "45a21ea00a", Version = "classic" },
        new("forge/forge-neo.webp") { Tool = "Forge Neo", Sampler = "Euler a", Scheduler = "Automatic", Steps = 24, Cfg = 6, Seed = "2056443400", CheckpointHash = "45a21ea00a", ClipSkip = 2, Version = "neo" },

        new("reforge/reforge.jpeg") { Tool = "reForge", Sampler = "DPM++ 2M", Scheduler = "Karras", Steps = 20, Cfg = 6, Seed = "584157617", CheckpointHash = "45a21ea00a", Version = "f1.0.0v2-v1.10.1RC-latest-2498-g5120e679" },
        new("reforge/reforge-hires.webp") { Seed = "1010990389", Denoise = 0.3 },

        new("sdnext/sd-next.jpg") { Tool = "SD.Next", Sampler = "Euler a", Seed = "899700607", Cfg = 6, Checkpoint = "waiIllustriousSDXL_v160", CheckpointHash = "45a21ea00a", Version = "56a8aea" },
        new("sdnext/DeepFloyd--IF-I-M-v1.0.jpg") { Tool = "SD.Next", Prompt = "18th century smoking pipe on white background", Steps = 32, Width = 64, Height = 64, Seed = "1645606335", Cfg = 6, Checkpoint = "IF-I-M-v1.0", Version = "feaa51c" },

        new("comfyui/img2img_cropped.png") { Tool = "ComfyUI", Sampler = "dpmpp_2m", Scheduler = "normal", Steps = 20, Cfg = 8, Seed = "280823642470253", Denoise = 0.87, Checkpoint = "v1-5-pruned-emaonly.ckpt", Prompt = "photograph of victorian woman with wings, sky clouds, meadow grass", Negative = "watermark, text", Controls = [(ControlKind.Img2Img, ControlRisk.High)] },
        new("comfyui/night_evening_day_morning_cropped.png") { Tool = "ComfyUI", Sampler = "dpmpp_sde", Scheduler = "normal", Steps = 13, Cfg = 8.5, Seed = "335608130539327", Checkpoint = "Anything-V3.0.ckpt" },
        new("comfyui/lora_multiple.png") { Tool = "ComfyUI", Sampler = "euler", Scheduler = "normal", Steps = 20, Cfg = 8, Seed = "513173432917412", Checkpoint = "v1-5-pruned-emaonly.ckpt", Loras = ["epiNoiseoffset_v2.safetensors", "theovercomer8sContrastFix_sd15.safetensors"] },
        new("comfyui/hypernetwork_example_output.png") { Tool = "ComfyUI", Sampler = "uni_pc_bh2", Scheduler = "normal", Steps = 20, Cfg = 8, Seed = "572636856966402", Checkpoint = "v1-5-pruned-emaonly.ckpt" },
        new("comfyui/depth_controlnet.png") { Tool = "ComfyUI", Sampler = "uni_pc_bh2", Steps = 20, Cfg = 8, Seed = "891858402356003", Checkpoint = "v1-5-pruned-emaonly.ckpt", Controls = [(ControlKind.ControlNet, ControlRisk.Medium)] },
        new("comfyui/mochi_simple_checkpoint.webp") { Tool = "ComfyUI", Sampler = "euler", Scheduler = "simple", Steps = 30, Cfg = 4.5, Seed = "93806664037998", Checkpoint = "mochi_preview_fp8_scaled.safetensors" },
        new("comfyui/comfyui-save-image-extended.webp") { Tool = "ComfyUI", Sampler = "euler_ancestral", Scheduler = "karras", Steps = 20, Cfg = 5, Seed = "602057552457611", Checkpoint = "waiIllustriousSDXL_v160.safetensors" },
        new("comfyui/comfyui-saveimagewithmetadata.jpeg") { Sampler = "euler_ancestral", Cfg = 5, Seed = "347382230306562", ClipSkip = 2, Checkpoint = "waiIllustriousSDXL_v160.safetensors", CheckpointHash = "45a21ea00a" },

        new("novelai/novelai1_cropped.png") { Tool = "NovelAI", Steps = 50, Sampler = "k_euler_ancestral", Seed = "2253955223", Cfg = 10 },
        new("novelai/sample-0316.png") { Tool = "NovelAI", Version = "Stable Diffusion XL C1E1DE52", Steps = 28, Cfg = 10, Seed = "1148692016", Sampler = "k_euler", Scheduler = "native", FindingCodes = ["novelai-signature-valid"] },
        new("novelai/sample-0316-out.png") { Tool = "NovelAI", FindingCodes = ["novelai-signature-invalid"] },
        new("novelai/novelai-curated.png") { Tool = "NovelAI", Version = "NovelAI Diffusion V4.5 C02D4F98", Sampler = "k_euler_ancestral", Scheduler = "karras", Steps = 23, Cfg = 5, Seed = "2156638429", Width = 1024, Height = 1024, FindingCodes = ["novelai-signature-valid"] },
        new("novelai/novelai-curated.webp") { Tool = "NovelAI", Seed = "880673757", Steps = 23, Cfg = 5, Sampler = "k_euler_ancestral", Scheduler = "karras", FindingCodes = ["novelai-signature-valid"] },

        new("invokeai/invokeai_dream1.png") { Tool = "InvokeAI", Sampler = "k_lms", Steps = 50, Cfg = 5, Seed = "2980747362", Width = 512, Height = 768 },
        new("invokeai/invokeai_imeta1.png") { Tool = "InvokeAI", Sampler = "euler", Steps = 35, Cfg = 8, Seed = "3293022630", Width = 1024, Height = 1024, Checkpoint = "juggernautXL", Controls = [(ControlKind.IpAdapter, ControlRisk.VeryLow)] },
        new("invokeai/invokeai.png") { Tool = "InvokeAI", Checkpoint = "waiIllustriousSDXL_v160", CheckpointHash = "7c1631b481e1566448f49db7e3b67a8a9d04742fa3c7d4548a0c81b619160c56", Sampler = "euler_a", Steps = 24, Cfg = 6, Seed = "3951921344", Width = 1024, Height = 1024 },

        new("fooocus/fooocus1_cropped.png") { Tool = "Fooocus", Checkpoint = "juggernautXL_v8Rundiffusion", CheckpointHash = "aeb7e9e689", Sampler = "dpmpp_2m_sde_gpu", Scheduler = "karras", Steps = 30, Cfg = 4, Seed = "6952411511246973023" },

        new("swarmui/setmacro-cat.jpg") { Tool = "SwarmUI", Checkpoint = "Lustrijous_-_No-1", Seed = "1974039850", Steps = 30, Cfg = 7, Sampler = "euler_ancestral", Scheduler = "normal", Width = 512, Height = 512, CheckpointHash = "7ea19a26fd6a34523a95717c34716e9c9587dabcfac4761690215eaaab6a0710" },
        new("swarmui/swarmui.webp") { Tool = "SwarmUI", Checkpoint = "waiIllustriousSDXL_v160", Sampler = "euler_ancestral", Scheduler = "karras", Steps = 20, Cfg = 7, Seed = "830680752", Width = 1024, Height = 1024 },

        new("civitai/civitai-generator_usercomment.jpg") { Tool = "Civitai", Steps = 28, Cfg = 5.3, Seed = "2421159222", Width = 832, Height = 1216, ClipSkip = 2 },
        new("civitai/civitai-hires.jpg") { Tool = "Civitai", Sampler = "euler_ancestral", Scheduler = "normal", Steps = 25, Cfg = 5, Seed = "1311178179", Checkpoint = "urn:air:sdxl:checkpoint:civitai:827184@2514310" },

        new("stability-matrix/stability-matrix.png") { Tool = "Stability Matrix", Sampler = "euler_ancestral", Scheduler = "karras", Steps = 20, Cfg = 5, Seed = "395309383", CheckpointHash = "A5F58EB1C33616C4F06BCA55AF39876A7B817913CD829CAA8ACB111B770C85CC" },
        new("tensorart/tensorart.png") { Tool = "Tensor.Art", Sampler = "euler_ancestral", Scheduler = "karras", Steps = 25, Cfg = 7, Seed = "3036459311", CheckpointHash = "A5F58EB1C33616C4F06BCA55AF39876A7B817913CD829CAA8ACB111B770C85CC" },

        new("openai/DALL-E_cloud_surfing_puppy.webp") { Tool = "OpenAI", Ai = AiUse.Generated, SourceTypes = ["trainedAlgorithmicMedia"], AbsentFindingCodes = ["c2pa-created-without-source-type"] },
        new("adobe-firefly/photoshop-generative-fill_splash-banner.png") { Tool = "Adobe Firefly", Ai = AiUse.Edited, SourceTypes = ["compositeWithTrainedAlgorithmicMedia"] },
        new("amazon-titan/amazon-titan-g1.png") { Tool = "Amazon", Ai = AiUse.Generated, SourceTypes = ["trainedAlgorithmicMedia"], AbsentFindingCodes = ["c2pa-created-without-source-type"] },
        new("google-gemini/gemini_3.1pro.png") { Tool = "Google", Ai = AiUse.Generated, SourceTypes = ["trainedAlgorithmicMedia"], AbsentFindingCodes = ["c2pa-created-without-source-type"] },
        new("bing-image-creator/bing_creator_cloud_surfing_puppy.jpg") { Tool = "Microsoft", Ai = AiUse.Generated, FindingCodes = ["c2pa-created-without-source-type"], AbsentFindingCodes = ["unreadable-block", "container-anomaly"] },

        new("iptc/iptc-photometadata-ref-2023.2.jpg") { NoGenerator = true, Ai = AiUse.DeclaredNotAi, SourceTypes = ["softwareImage"], FindingCodes = ["iptc-retired-term"] },
        new("none/gimp.webp") { NoGenerator = true, Ai = AiUse.NoAiSignal },
        new("none/empty.jpg") { NoGenerator = true, Ai = AiUse.NoProvenance, FindingCodes = ["no-provenance"] },
    ];
}
