using System.Text;
using Candor.Generators;
using Candor.Generators.ComfyUi;
using Candor.Generators.InvokeAi;
using Candor.Generators.StabilityMatrix;
using Candor.Generators.TensorArt;
using Candor.Metadata;
using Candor.Provenance;
using Candor.Tests.Generators.Common;
using FsCheck;
using FsCheck.Fluent;

namespace Candor.Tests.Generators.ComfyUi;

public class ComfyGraphPropertyTests
{
    private static readonly string[] Classes =
    [
        "KSampler", "SamplerCustomAdvanced", "CheckpointLoaderSimple", "LoraLoader", "CLIPTextEncode", "ConditioningCombine",
        "ControlNetApplyAdvanced", "ControlNetLoader", "LoadImage", "VAEEncode", "VAEEncodeForInpaint", "IPAdapterAdvanced",
        "PrimitiveString", "StringConcatenate", "SaveImage", "Canny", "CFGGuider", "BasicScheduler",
    ];

    private static readonly string[] InputNames =
    [
        "model", "positive", "negative", "latent_image", "conditioning", "conditioning_1", "control_net", "image", "pixels", "clip",
        "text", "value", "seed", "steps", "cfg", "sampler_name", "guider", "sigmas", "noise", "ipadapter", "string_a", "string_b", "width", "height",
    ];

    /// <summary>Random API graphs with random links (self-links and cycles included) resolve without throwing.</summary>
    [Fact]
    public void Random_graphs_with_cycles_resolve_without_throwing()
    {
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), n =>
        {
            var rnd = new Random(n);
            var count = rnd.Next(1, 40);
            var sb = new StringBuilder("{");
            for (var i = 0; i < count; i++)
            {
                if (i > 0) sb.Append(',');
                sb.Append($"\"{i}\": {{\"class_type\": \"{Classes[rnd.Next(Classes.Length)]}\", \"inputs\": {{");
                var inputs = rnd.Next(0, 8);
                var used = new HashSet<string>();
                for (var k = 0; k < inputs; k++)
                {
                    var name = InputNames[rnd.Next(InputNames.Length)];
                    if (!used.Add(name)) continue;
                    if (used.Count > 1) sb.Append(',');
                    sb.Append($"\"{name}\": ");
                    sb.Append(rnd.Next(3) switch
                    {
                        0 => $"[\"{rnd.Next(count)}\", {rnd.Next(3)}]",
                        1 => rnd.Next(100).ToString(),
                        _ => "\"text\"",
                    });
                }
                sb.Append("}}");
            }
            sb.Append('}');
            var report = ComfyGraphTests.Resolve(sb.ToString());
            return report.Tool == "ComfyUI";
        }));
    }

    /// <summary>Mutated real-shaped graphs and generator JSON never raise anything but <see cref="CandorFormatException"/>.</summary>
    [Fact]
    public void Mutated_generator_fields_never_raise_unexpected_exceptions()
    {
        const string graph = """
            {"3": {"inputs": {"seed": 1, "steps": 20, "cfg": 8.0, "sampler_name": "euler", "scheduler": "normal", "denoise": 0.5, "model": ["10", 0],
                   "positive": ["23", 0], "negative": ["23", 1], "latent_image": ["12", 0]}, "class_type": "KSampler"},
             "4": {"inputs": {"ckpt_name": "v1.ckpt"}, "class_type": "CheckpointLoaderSimple"},
             "10": {"inputs": {"lora_name": "l.safetensors", "strength_model": 1.0, "model": ["4", 0]}, "class_type": "LoraLoader"},
             "6": {"inputs": {"text": "cat", "clip": ["4", 1]}, "class_type": "CLIPTextEncode"},
             "20": {"inputs": {"image": "x.png"}, "class_type": "LoadImage"},
             "12": {"inputs": {"pixels": ["20", 0]}, "class_type": "VAEEncode"},
             "33": {"inputs": {"control_net_name": "depth.pth"}, "class_type": "ControlNetLoader"},
             "23": {"inputs": {"strength": 1.0, "positive": ["6", 0], "negative": ["6", 0], "control_net": ["33", 0], "image": ["20", 0]}, "class_type": "ControlNetApplyAdvanced"},
             "9": {"inputs": {"images": ["3", 0]}, "class_type": "SaveImage"}}
            """;
        const string invoke = """{"generation_mode":"img2img","positive_prompt":"p","seed":1,"model":{"name":"m","hash":"blake3:ab"},"loras":[{"lora":{"name":"a"},"weight":1}],"controlnets":[{"control_model":{"name":"canny"},"control_weight":1,"image":{"image_name":"i.png"}}]}""";
        const string tensor = """{"prompt":"p","seed":"-1","baseModel":{"modelFileName":"M","hash":"AB"},"models":[{"modelFileName":"L","weight":0.5}]}""";
        const string sm = """{"PositivePrompt":"p","Steps":20,"Sampler":"Euler","ModelName":"m","ModelHash":"AB"}""";
        IGeneratorParser[] parsers = [new StabilityMatrixParser(), new TensorArtParser(), new InvokeAiParser(), new ComfyUiParser()];
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), n =>
        {
            var rnd = new Random(n);
            List<MetadataField> fields =
            [
                Field("prompt", GeneratorJsonTests.Mutate(graph, rnd)),
                Field("workflow", GeneratorJsonTests.Mutate("""{"nodes":[{"id":3,"type":"KSampler","widgets_values":[1,"fixed",2]}],"links":[[1,3,0,3,0]]}""", rnd)),
                Field("invokeai_metadata", GeneratorJsonTests.Mutate(invoke, rnd)),
                Field("generation_data", GeneratorJsonTests.Mutate(tensor, rnd)),
                Field("parameters-json", GeneratorJsonTests.Mutate(sm, rnd)),
                Field("Dream", GeneratorJsonTests.Mutate("\"a [b]\" -s 5 -S 1 -W 64 -I x.png -f 0.5", rnd)),
            ];
            foreach (var parser in parsers)
            {
                try { _ = parser.Parse(new GeneratorContext(fields)).ToList(); }
                catch (CandorFormatException) { }
            }
        }));
    }

    private static MetadataField Field(string name, string value) => new(FieldGroups.PngText, name, value, new Evidence("PNG tEXt", name));
}
