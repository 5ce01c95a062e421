using System.Text.Json;
using Candor.Generators.Common;
using Candor.Provenance;

namespace Candor.Generators.ComfyUi;

/// <summary>
/// A ComfyUI node graph, read from either of the two forms ComfyUI embeds, and resolved into a report.
/// <code>
/// API form ("prompt"):   { "3": { "class_type": "KSampler", "inputs": { "seed": 1, "model": ["4", 0], … }, "_meta": { "title": … } }, … }
///                        an input is a literal or a link [source node id, output slot]
/// UI form ("workflow"):  { "nodes": [ { "id": 3, "type": "KSampler", "widgets_values": [ … ],
///                                       "inputs": [ { "name": "model", "link": 12 }, … ] }, … ],
///                          "links": [ [12, from node, from slot, to node, to slot, "MODEL"], … ] }
///                        (newer files write links as objects {id, origin_id, origin_slot, target_id, target_slot})
/// </code>
/// The UI form is converted to the API form with <see cref="ComfyWorkflowWidgets"/>. Resolution follows links
/// with visited sets and depth caps, so cyclic or hostile graphs end quickly.
/// </summary>
public sealed class ComfyGraph
{
    /// <summary>Most nodes read from one graph.</summary>
    public const int MaxNodes = 20_000;

    private readonly Dictionary<string, ComfyNode> _nodes = new(StringComparer.Ordinal);
    private readonly List<ComfyNode> _order = [];

    private ComfyGraph(bool fromWorkflow) => FromWorkflowForm = fromWorkflow;

    /// <summary>True when the graph was rebuilt from the UI workflow (widget values) rather than the API prompt.</summary>
    public bool FromWorkflowForm { get; }

    /// <summary>True when a node with this id exists (e.g. Civitai's "resource-stack").</summary>
    public bool HasNode(string id) => _nodes.ContainsKey(id);

    /// <summary>True when any literal input names a resource by Civitai's AIR URN (<c>urn:air:…</c>).</summary>
    public bool ReferencesAirUrns => _order.Any(n => n.Inputs.Values.Any(i =>
        !i.IsLink && i.Value.ValueKind == JsonValueKind.String && (i.Value.GetString() ?? "").StartsWith("urn:air:", StringComparison.Ordinal)));

    internal IReadOnlyList<ComfyNode> Nodes => _order;

    internal ComfyNode? Node(string? id) => id is not null && _nodes.TryGetValue(id, out var n) ? n : null;

    /// <summary>True when <paramref name="root"/> is an API-form graph: an object whose values include nodes with a string <c>class_type</c>.</summary>
    public static bool IsApiGraph(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) return false;
        foreach (var p in root.EnumerateObject())
            if (p.Value.Prop("class_type")?.ValueKind == JsonValueKind.String) return true;
        return false;
    }

    /// <summary>True when <paramref name="root"/> is a UI-form workflow: an object with a <c>nodes</c> array of typed nodes.</summary>
    public static bool IsWorkflow(JsonElement root) =>
        root.Prop("nodes") is { ValueKind: JsonValueKind.Array } nodes
        && nodes.EnumerateArray().Any(n => n.Prop("type")?.ValueKind == JsonValueKind.String);

    /// <summary>Reads an API-form graph; null when <paramref name="root"/> is not one. Entries that are not nodes (Civitai's "extra") are skipped.</summary>
    public static ComfyGraph? FromApi(JsonElement root)
    {
        if (!IsApiGraph(root)) return null;
        var graph = new ComfyGraph(false);
        foreach (var p in root.EnumerateObject())
        {
            if (p.Value.Prop("class_type") is not { ValueKind: JsonValueKind.String } cls) continue;
            if (graph._nodes.ContainsKey(p.Name)) continue;
            if (graph._order.Count >= MaxNodes) throw new CandorFormatException($"ComfyUI graph has more than {MaxNodes} nodes", kind: FormatErrorKind.LimitExceeded);
            var node = new ComfyNode(p.Name, cls.GetString() ?? "", p.Value.Prop("_meta")?.Text("title"));
            if (p.Value.Prop("inputs") is { ValueKind: JsonValueKind.Object } inputs)
            {
                foreach (var input in inputs.EnumerateObject())
                    node.Inputs.TryAdd(input.Name, ReadApiInput(input.Value));
            }
            graph.Add(node);
        }
        return graph;
    }

    /// <summary>Reads a UI-form workflow, turning widget values into named inputs for the node types Candor knows; null when <paramref name="root"/> is not one.</summary>
    public static ComfyGraph? FromWorkflow(JsonElement root)
    {
        if (!IsWorkflow(root)) return null;
        var links = ReadWorkflowLinks(root.Prop("links"));
        var graph = new ComfyGraph(true);
        foreach (var n in root.Prop("nodes")!.Value.EnumerateArray())
        {
            if (n.Prop("type") is not { ValueKind: JsonValueKind.String } type) continue;
            var id = n.Prop("id")?.AsText();
            if (id is null || graph._nodes.ContainsKey(id)) continue;
            // Mode 2 = muted, 4 = bypassed: ComfyUI does not run them.
            if (n.Int("mode") is 2 or 4) continue;
            if (graph._order.Count >= MaxNodes) throw new CandorFormatException($"ComfyUI workflow has more than {MaxNodes} nodes", kind: FormatErrorKind.LimitExceeded);
            var node = new ComfyNode(id, type.GetString() ?? "", n.Text("title"));
            ReadWidgets(node, n);
            if (n.Prop("inputs") is { ValueKind: JsonValueKind.Array } inputs)
            {
                foreach (var input in inputs.EnumerateArray())
                {
                    var name = input.Text("name");
                    var linkId = input.Prop("link")?.AsText();
                    if (name is null || linkId is null || !links.TryGetValue(linkId, out var source)) continue;
                    // A widget converted to an input keeps its last value in widgets_values; the link is the truth.
                    node.Inputs[name] = ComfyInput.Link(source.From, source.Slot);
                }
            }
            graph.Add(node);
        }
        return graph;
    }

    /// <summary>Fills <paramref name="report"/> with what the graph says: parameters of the first sampling pass, prompts, models, control inputs. <paramref name="source"/> is the field the graph came from.</summary>
    public void DescribeInto(GeneratorReport report, Evidence source) => new ComfyGraphResolver(this, report, source).Resolve();

    private void Add(ComfyNode node)
    {
        _nodes[node.Id] = node;
        _order.Add(node);
    }

    private static ComfyInput ReadApiInput(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() == 2)
        {
            var from = value[0];
            var slot = value[1].AsInt();
            if (from.ValueKind is JsonValueKind.String or JsonValueKind.Number && slot is >= 0)
                return ComfyInput.Link(from.AsText()!, slot.Value);
        }
        return ComfyInput.Literal(value);
    }

    private static Dictionary<string, (string From, int Slot)> ReadWorkflowLinks(JsonElement? links)
    {
        var map = new Dictionary<string, (string, int)>(StringComparer.Ordinal);
        if (links is not { ValueKind: JsonValueKind.Array } array) return map;
        foreach (var l in array.EnumerateArray())
        {
            string? id, from;
            int? slot;
            if (l.ValueKind == JsonValueKind.Array && l.GetArrayLength() >= 3)
            {
                (id, from, slot) = (l[0].AsText(), l[1].AsText(), l[2].AsInt());
            }
            else if (l.ValueKind == JsonValueKind.Object)
            {
                (id, from, slot) = (l.Text("id"), l.Text("origin_id"), l.Int("origin_slot"));
            }
            else continue;
            if (id is null || from is null || slot is not >= 0) continue;
            if (map.Count >= MaxNodes * 8) break;
            map.TryAdd(id, (from, slot.Value));
        }
        return map;
    }

    private static void ReadWidgets(ComfyNode node, JsonElement n)
    {
        var values = n.Prop("widgets_values");
        if (values is { ValueKind: JsonValueKind.Object } named)
        {
            foreach (var p in named.EnumerateObject()) node.Inputs.TryAdd(p.Name, ComfyInput.Literal(p.Value));
            return;
        }
        if (values is not { ValueKind: JsonValueKind.Array } array) return;
        if (!ComfyWorkflowWidgets.ByType.TryGetValue(node.ClassType, out var names)) names = WidgetNamesFromInputs(n);
        var i = 0;
        foreach (var v in array.EnumerateArray())
        {
            if (i >= names.Length) break;
            var afterSeed = i > 0 && names[i - 1] is "seed" or "noise_seed" or "value";
            if (afterSeed && v.ValueKind == JsonValueKind.String && ComfyNodeTables.SeedControlValues.Contains(v.GetString() ?? "")
                && !node.Inputs.ContainsKey("control_after_generate"))
            {
                node.Inputs["control_after_generate"] = ComfyInput.Literal(v);
                continue;
            }
            node.Inputs.TryAdd(names[i++], ComfyInput.Literal(v));
        }
    }

    // Newer UI files list every widget among the inputs ({"name": "seed", "widget": {"name": "seed"}}), in widget order.
    private static string[] WidgetNamesFromInputs(JsonElement n)
    {
        if (n.Prop("inputs") is not { ValueKind: JsonValueKind.Array } inputs) return [];
        return inputs.EnumerateArray()
            .Where(i => i.Prop("widget") is { ValueKind: JsonValueKind.Object })
            .Select(i => i.Text("name"))
            .OfType<string>()
            .ToArray();
    }
}
