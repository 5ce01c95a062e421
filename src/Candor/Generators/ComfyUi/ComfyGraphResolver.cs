using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Candor.Generators.Common;
using Candor.Provenance;

namespace Candor.Generators.ComfyUi;

/// <summary>
/// Turns a <see cref="ComfyGraph"/> into report entries. Only nodes that ran count: the ancestors of output
/// nodes (or the whole graph when it has none). The first sampling pass is the sampler whose latent does not come
/// from another sampler; later passes (hires fix, refiner) are summarised in Other. Every walk keeps a visited
/// set and stops after <see cref="MaxSteps"/> nodes, so cycles and deep chains end.
/// </summary>
internal sealed partial class ComfyGraphResolver(ComfyGraph graph, GeneratorReport report, Evidence source)
{
    private const int MaxSteps = 4096;
    private const int MaxValueDepth = 16;
    private const int MaxPassesListed = 16;

    // Total work allowed for one graph: every node visit and value lookup spends one unit, so even a graph built
    // to make the walks fan out exponentially ends after a bounded number of steps.
    private int _budget = 1_000_000;

    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);

    public void Resolve()
    {
        var relevant = RelevantNodes();
        var samplers = relevant.Where(IsSampler).ToList();
        var first = samplers.FirstOrDefault(s => !LatentAncestors(s).Any(IsSampler)) ?? samplers.FirstOrDefault();
        string? checkpointNode = null;
        if (first is not null)
        {
            report.Evidence.Add(At(first));
            var pass = ReadPass(first);
            ApplyPass(pass);
            checkpointNode = CheckpointOf(pass.Model);
            ReadPrompts(pass);
            ReadSize(first);
            ReadLatentSource(first, pass.Denoise);
            var n = 2;
            foreach (var other in samplers.Where(s => s != first).Take(MaxPassesListed))
                report.Parameters.Other.Add(new($"Pass {n++}", DescribePass(other, ReadPass(other), checkpointNode)));
        }
        ReadModels(relevant, checkpointNode);
        ReadAdapters(relevant);
        if (_budget <= 0)
            report.Findings.Add(new Finding(FindingSeverity.Warning, "comfyui-graph-too-large",
                "The ComfyUI graph is too large or too tangled to resolve completely; some details may be missing.", source));
    }

    private bool Spend() => --_budget > 0;

    // ---- which nodes ran ----

    private List<ComfyNode> RelevantNodes()
    {
        var outputs = graph.Nodes.Where(n => ComfyNodeTables.OutputClassTokens.Any(n.ClassContains)).ToList();
        if (outputs.Count > 0)
        {
            var ran = Ancestors(outputs, _ => true);
            if (ran.Any(IsSampler)) return graph.Nodes.Where(ran.Contains).ToList();
        }
        return graph.Nodes.ToList();
    }

    private HashSet<ComfyNode> Ancestors(IEnumerable<ComfyNode> starts, Func<string, bool> follow)
    {
        var seen = new HashSet<ComfyNode>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<ComfyNode>(starts);
        while (stack.Count > 0 && seen.Count < MaxSteps && Spend())
        {
            var n = stack.Pop();
            if (!seen.Add(n)) continue;
            foreach (var (name, input) in n.Inputs)
                if (input.IsLink && follow(name) && graph.Node(input.From) is { } up && !seen.Contains(up)) stack.Push(up);
        }
        return seen;
    }

    private static bool IsSampler(ComfyNode n) =>
        ComfyNodeTables.SamplerClasses.Any(n.Is)
        || (n.Inputs.ContainsKey("sampler_name") && n.Inputs.ContainsKey("steps") && n.Inputs.ContainsKey("cfg"));

    // ---- the sampling pass ----

    private sealed class Pass
    {
        public readonly Dictionary<ComfyParam, (string Text, ComfyNode Node)> Values = [];
        public readonly List<KeyValuePair<string, string>> Extra = [];
        public ComfyInput? Model, Positive, Negative;
        public double? Denoise;
    }

    private Pass ReadPass(ComfyNode sampler)
    {
        var pass = new Pass();
        CollectSettings(sampler, pass, withExtras: true);
        var helpers = ComfyNodeTables.SamplerHelperInputs
            .Select(h => sampler.Input(h)).Where(i => i is { IsLink: true }).Select(i => graph.Node(i!.Value.From)).OfType<ComfyNode>().ToList();
        foreach (var h in helpers) CollectSettings(h, pass, withExtras: false);
        // The guider carries the conditioning; a scheduler helper may also take the model, so prefer the former.
        var guider = helpers.FirstOrDefault(h => h.Inputs.ContainsKey("positive") || h.Inputs.ContainsKey("conditioning"))
                     ?? helpers.FirstOrDefault(h => h.Inputs.ContainsKey("model"));
        pass.Model = sampler.Input("model") ?? guider?.Input("model");
        pass.Positive = sampler.Input("positive") ?? guider?.Input("positive") ?? guider?.Input("conditioning");
        pass.Negative = sampler.Input("negative") ?? guider?.Input("negative");
        if (pass.Values.TryGetValue(ComfyParam.Denoise, out var d) && double.TryParse(d.Text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var dv))
            pass.Denoise = dv;
        return pass;
    }

    private void CollectSettings(ComfyNode node, Pass pass, bool withExtras)
    {
        foreach (var (key, param) in ComfyNodeTables.SamplerInputs)
        {
            if (pass.Values.ContainsKey(param) || node.Input(key) is not { } input) continue;
            if (ScalarText(input, 0) is { } text) pass.Values[param] = (text, node);
        }
        if (!withExtras) return;
        foreach (var (name, input) in node.Inputs)
        {
            if (input.IsLink || ComfyNodeTables.SamplerStructuralInputs.Contains(name)) continue;
            if (ComfyNodeTables.SamplerInputs.Any(s => s.Key == name)) continue;
            if (input.Value.AsText() is { } text) pass.Extra.Add(new(name, text));
        }
    }

    private void ApplyPass(Pass pass)
    {
        var p = report.Parameters;
        foreach (var (param, (text, _)) in pass.Values)
        {
            switch (param)
            {
                case ComfyParam.Seed: p.Seed = text; break;
                case ComfyParam.Steps: p.Steps = ParseInt(text); break;
                case ComfyParam.Cfg: p.CfgScale = ParseDouble(text); break;
                case ComfyParam.Sampler: p.Sampler = text; break;
                case ComfyParam.Scheduler: p.Scheduler = text; break;
                case ComfyParam.Denoise: p.Denoise = ParseDouble(text); break;
            }
        }
        p.Other.AddRange(pass.Extra);
    }

    private string DescribePass(ComfyNode sampler, Pass pass, string? firstCheckpoint)
    {
        var sb = new StringBuilder(sampler.Label);
        foreach (var (param, (text, _)) in pass.Values.OrderBy(v => v.Key))
            sb.Append(", ").Append(param.ToString().ToLowerInvariant()).Append(' ').Append(text);
        var ckpt = CheckpointOf(pass.Model);
        if (ckpt is not null && ckpt != firstCheckpoint && graph.Node(ckpt) is { } c && ModelNameOf(c) is { } name)
            sb.Append(", model ").Append(name.Name);
        return sb.ToString();
    }

    // ---- model chain ----

    private string? CheckpointOf(ComfyInput? model)
    {
        var node = model is { IsLink: true } m ? graph.Node(m.From) : null;
        for (var steps = 0; node is not null && steps < MaxSteps && Spend(); steps++)
        {
            if (ModelNameOf(node) is { Role: ModelRole.Checkpoint }) return node.Id;
            node = node.Input("model") is { IsLink: true } up ? graph.Node(up.From) : null;
        }
        return null;
    }

    private (string Key, ModelRole Role, string Name)? ModelNameOf(ComfyNode node)
    {
        foreach (var (key, role, token) in ComfyNodeTables.ModelInputs)
        {
            if (token is not null && !node.ClassContains(token)) continue;
            if (node.Input(key) is { } input && ScalarText(input, 0) is { Length: > 0 } name) return (key, role, name);
        }
        return null;
    }

    private void ReadModels(List<ComfyNode> relevant, string? checkpointNode)
    {
        foreach (var node in relevant)
        {
            foreach (var (key, role, token) in ComfyNodeTables.ModelInputs)
            {
                if (token is not null && !node.ClassContains(token)) continue;
                if (node.Input(key) is not { } input || ScalarText(input, 0) is not { Length: > 0 } name) continue;
                var actual = role == ModelRole.Checkpoint && checkpointNode is not null && node.Id != checkpointNode ? ModelRole.Refiner : role;
                AddModel(actual, name, node, key, Weight(node));
            }
            // rgthree "Power Lora Loader": lora_1 = { "on": true, "lora": "x.safetensors", "strength": 1 }
            foreach (var (name, input) in node.Inputs)
            {
                if (input.IsLink || input.Value.ValueKind != JsonValueKind.Object) continue;
                if (input.Value.Text("lora") is not { Length: > 0 } lora || input.Value.Text("lora") == "None") continue;
                if (input.Value.Prop("on")?.ValueKind == JsonValueKind.False) continue;
                AddModel(ModelRole.Lora, lora, node, name, input.Value.Double("strength"));
            }
        }
    }

    private double? Weight(ComfyNode node)
    {
        foreach (var key in ComfyNodeTables.WeightInputs)
            if (node.Input(key) is { } i && ScalarText(i, 0) is { } t && ParseDouble(t) is { } w) return w;
        return null;
    }

    private void AddModel(ModelRole role, string name, ComfyNode node, string key, double? weight)
    {
        if (!_reported.Add($"{role}|{name}|{node.Id}")) return;
        report.Models.Add(new ModelReference { Role = role, Name = name, Weight = weight, Evidence = At(node, key) });
    }

    // ---- prompts ----

    private void ReadPrompts(Pass pass)
    {
        var positive = TracePrompts(pass.Positive);
        var negative = TracePrompts(pass.Negative);
        if (positive.Count > 0) report.Parameters.Prompt = string.Join("\n\n", positive.Select(p => p.Text));
        if (negative.Count > 0) report.Parameters.NegativePrompt = string.Join("\n\n", negative.Select(p => p.Text));
        if (positive.Count > 1)
            report.Parameters.Other.Add(new("Combined prompts", string.Join(", ", positive.Select(p => p.Node.Label))));
        foreach (var (_, node) in positive.Concat(negative)) report.Evidence.Add(At(node));
        foreach (var (text, node) in positive.Concat(negative))
            foreach (Match m in EmbeddingPattern().Matches(text))
                AddModel(ModelRole.Embedding, m.Groups[1].Value, node, "text", null);
        var encoder = positive.Concat(negative).Select(p => p.Node).FirstOrDefault();
        if (encoder is not null) ReadClipSkip(encoder);
    }

    private List<(string Text, ComfyNode Node)> TracePrompts(ComfyInput? start)
    {
        var found = new List<(string, ComfyNode)>();
        if (start is not { IsLink: true } s) return found;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<(string Id, int Slot)>();
        stack.Push((s.From!, s.Slot));
        while (stack.Count > 0 && seen.Count < MaxSteps && Spend())
        {
            var (id, slot) = stack.Pop();
            if (!seen.Add($"{id}:{slot}") || graph.Node(id) is not { } node) continue;
            var texts = ComfyNodeTables.TextInputs
                .Select(k => node.Input(k) is { } i ? TextOf(i, 0) : null)
                .Where(t => !string.IsNullOrWhiteSpace(t)).Distinct().ToList();
            if (texts.Count > 0)
            {
                found.Add((string.Join("\n", texts!), node));
                continue;
            }
            if (node.Input("control_net") is { IsLink: true }) AddControlNet(node);
            // Nodes with both positive and negative inputs pass them through on output slots 0 and 1.
            var next = node.Inputs.ContainsKey("positive") && node.Inputs.ContainsKey("negative")
                ? node.Inputs.Where(i => i.Key == (slot == 1 ? "negative" : "positive"))
                : node.Inputs.Where(i => ComfyNodeTables.IsConditioningInput(i.Key));
            // Push in reverse so the walk visits inputs in the order written.
            foreach (var (_, input) in next.Reverse())
                if (input.IsLink) stack.Push((input.From!, input.Slot));
        }
        return found;
    }

    private void ReadClipSkip(ComfyNode encoder)
    {
        var node = encoder.Input("clip") is { IsLink: true } c ? graph.Node(c.From) : null;
        for (var steps = 0; node is not null && steps < MaxSteps && Spend(); steps++)
        {
            if (node.Input("stop_at_clip_layer") is { } layer && ScalarText(layer, 0) is { } t && ParseInt(t) is < 0 and var v)
            {
                report.Parameters.ClipSkip = -v;
                return;
            }
            node = node.Input("clip") is { IsLink: true } up ? graph.Node(up.From) : null;
        }
    }

    // ---- size and the starting latent ----

    private List<ComfyNode> LatentAncestors(ComfyNode sampler)
    {
        var result = new List<ComfyNode>();
        var seen = new HashSet<string>(StringComparer.Ordinal) { sampler.Id };
        var queue = new Queue<ComfyNode>();
        if (sampler.Input("latent_image") is { IsLink: true } l && graph.Node(l.From) is { } start) queue.Enqueue(start);
        while (queue.Count > 0 && result.Count < MaxSteps && Spend())
        {
            var n = queue.Dequeue();
            if (!seen.Add(n.Id)) continue;
            result.Add(n);
            if (IsSampler(n)) continue;
            foreach (var (name, input) in n.Inputs)
                if (input.IsLink && ComfyNodeTables.IsLatentInput(name) && graph.Node(input.From) is { } up) queue.Enqueue(up);
        }
        return result;
    }

    private void ReadSize(ComfyNode sampler)
    {
        foreach (var n in LatentAncestors(sampler))
        {
            if (IsSampler(n)) break;
            if (n.Input("width") is not { } w || n.Input("height") is not { } h) continue;
            var width = ParseInt(ScalarText(w, 0));
            var height = ParseInt(ScalarText(h, 0));
            if (width is not > 0 || height is not > 0) continue;
            report.Parameters.Width = width;
            report.Parameters.Height = height;
            return;
        }
    }

    private void ReadLatentSource(ComfyNode sampler, double? denoise)
    {
        foreach (var n in LatentAncestors(sampler))
        {
            if (IsSampler(n)) return;
            var match = ComfyNodeTables.LatentSources.FirstOrDefault(s => n.ClassContains(s.ClassToken));
            if (match.ClassToken is null) continue;
            if (match.Kind == ControlKind.Img2Img && denoise is >= 1) return;
            var control = new ControlInput { Kind = match.Kind, Weight = match.Kind == ControlKind.Img2Img ? denoise : null, Evidence = At(n) };
            ControlRiskTable.Classify(null, null, match.Kind).ApplyTo(control);
            AddImageSettings(control, n);
            report.Controls.Add(control);
            return;
        }
    }

    // ---- control inputs ----

    private void AddControlNet(ComfyNode apply)
    {
        if (!_reported.Add($"control|{apply.Id}")) return;
        var loader = FollowTo(apply.Input("control_net"), n => n.Inputs.ContainsKey("control_net_name"), "control_net");
        var model = loader?.Input("control_net_name") is { } cn ? ScalarText(cn, 0) : null;
        var (module, imageName) = TraceImage(apply, ComfyNodeTables.AdapterImageInputs);
        var control = new ControlInput { Kind = ControlKind.ControlNet, Module = module, Model = model, Evidence = At(apply) };
        if (apply.Input("strength") is { } s) control.Weight = ParseDouble(ScalarText(s, 0));
        ControlRiskTable.Classify(module, model).ApplyTo(control);
        AddSettings(control, apply);
        if (imageName is not null) control.Settings.Add(new("Image", imageName));
        report.Controls.Add(control);
    }

    private void ReadAdapters(List<ComfyNode> relevant)
    {
        foreach (var node in relevant)
        {
            var family = ComfyNodeTables.AdapterClasses.FirstOrDefault(a => node.ClassContains(a.ClassToken));
            if (family.ClassToken is null) continue;
            if (!ComfyNodeTables.AdapterImageInputs.Any(k => node.Input(k) is { IsLink: true })) continue;
            if (!_reported.Add($"control|{node.Id}")) continue;
            string? model = null;
            foreach (var key in ComfyNodeTables.AdapterModelInputs)
            {
                var loader = FollowTo(node.Input(key), n => ModelNameOf(n) is not null || n.Inputs.ContainsKey("preset"), key);
                if (loader is null) continue;
                model = ModelNameOf(loader)?.Name ?? (loader.Input("preset") is { } p ? ScalarText(p, 0) : null);
                if (model is not null) break;
            }
            var (_, imageName) = TraceImage(node, ComfyNodeTables.AdapterImageInputs);
            var control = new ControlInput { Kind = family.Kind, Module = node.ClassType, Model = model, Evidence = At(node) };
            foreach (var key in ComfyNodeTables.AdapterWeightInputs)
                if (node.Input(key) is { IsLink: false } w && ParseDouble(w.Value.AsText()) is { } weight) { control.Weight = weight; break; }
            ControlRiskTable.Classify(null, $"{model} {node.ClassType}", family.Kind).ApplyTo(control);
            AddSettings(control, node);
            if (imageName is not null) control.Settings.Add(new("Image", imageName));
            report.Controls.Add(control);
        }
    }

    private void AddSettings(ControlInput control, ComfyNode node)
    {
        foreach (var key in ComfyNodeTables.ControlSettingInputs)
            if (node.Input(key) is { IsLink: false } i && i.Value.AsText() is { } t) control.Settings.Add(new(key, t));
    }

    private void AddImageSettings(ControlInput control, ComfyNode encoder)
    {
        var (_, imageName) = TraceImage(encoder, ["pixels", "image", "images"]);
        if (imageName is not null) control.Settings.Add(new("Image", imageName));
    }

    // Walks back along image inputs: the first node a risk rule recognises is the preprocessor; a literal image name is the source file.
    private (string? Module, string? ImageName) TraceImage(ComfyNode from, IReadOnlyList<string> firstInputs)
    {
        string? module = null, imageName = null;
        var seen = new HashSet<string>(StringComparer.Ordinal) { from.Id };
        var queue = new Queue<ComfyNode>();
        foreach (var key in firstInputs)
            if (from.Input(key) is { IsLink: true } i && graph.Node(i.From) is { } n) queue.Enqueue(n);
        while (queue.Count > 0 && seen.Count < MaxSteps && (module is null || imageName is null) && Spend())
        {
            var n = queue.Dequeue();
            if (!seen.Add(n.Id)) continue;
            if (module is null)
            {
                var named = n.Input("preprocessor") is { IsLink: false } p ? p.Value.AsText() : null;
                foreach (var candidate in new[] { named, n.ClassType })
                    if (candidate is not null && module is null && ControlRiskTable.Classify(candidate, null, ControlKind.Other).Risk != ControlRisk.Unknown)
                        module = candidate;
            }
            if (imageName is null)
                foreach (var key in ComfyNodeTables.ImageNameInputs)
                    if (n.Input(key) is { IsLink: false } lit && lit.Value.ValueKind == JsonValueKind.String) { imageName = lit.Value.GetString(); break; }
            foreach (var (name, input) in n.Inputs)
                if (input.IsLink && (ComfyNodeTables.IsImageInput(name) || name == "clip_vision_output") && graph.Node(input.From) is { } up) queue.Enqueue(up);
        }
        return (module, imageName);
    }

    private ComfyNode? FollowTo(ComfyInput? start, Func<ComfyNode, bool> target, string through)
    {
        var node = start is { IsLink: true } s ? graph.Node(s.From) : null;
        for (var steps = 0; node is not null && steps < MaxSteps && Spend(); steps++)
        {
            if (target(node)) return node;
            node = node.Input(through) is { IsLink: true } up ? graph.Node(up.From) : null;
        }
        return null;
    }

    // ---- values behind links ----

    // A literal as text, or the value of the primitive/seed node a link points to.
    private string? ScalarText(ComfyInput input, int depth)
    {
        if (!input.IsLink) return input.Value.AsText();
        if (depth >= MaxValueDepth || !Spend() || graph.Node(input.From) is not { } node) return null;
        foreach (var key in ComfyNodeTables.ValueInputs)
            if (node.Input(key) is { } i && ScalarText(i, depth + 1) is { } t) return t;
        return null;
    }

    // A prompt text: a literal string, or what a string/primitive/concatenation node a link points to produces.
    private string? TextOf(ComfyInput input, int depth)
    {
        if (!input.IsLink) return input.Value.ValueKind == JsonValueKind.String ? input.Value.GetString() : null;
        if (depth >= MaxValueDepth || !Spend() || graph.Node(input.From) is not { } node) return null;
        foreach (var key in ComfyNodeTables.ValueInputs)
            if (node.Input(key) is { } i && TextOf(i, depth + 1) is { } t) return t;
        var parts = ComfyNodeTables.JoinInputs.Select(k => node.Input(k) is { } i ? TextOf(i, depth + 1) : null).OfType<string>().ToList();
        if (parts.Count == 0) return null;
        var separator = node.Input("delimiter") ?? node.Input("separator");
        return string.Join(separator is { IsLink: false } sep ? sep.Value.AsText() ?? "" : "", parts);
    }

    private Evidence At(ComfyNode node, string? key = null) =>
        source.Sub(key is null ? node.Label : $"{node.Label} → {key}");

    private static int? ParseInt(string? text) =>
        double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d)
        && d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue ? (int)d : null;

    private static double? ParseDouble(string? text) =>
        double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? d : null;

    [GeneratedRegex(@"embedding:([^\s,()\[\]:]+)", RegexOptions.CultureInvariant)]
    private static partial Regex EmbeddingPattern();
}
