using System.Text.Json;

namespace Candor.Generators.ComfyUi;

/// <summary>One node of a ComfyUI graph in API form: its id, class, optional title and named inputs.</summary>
internal sealed class ComfyNode(string id, string classType, string? title)
{
    public string Id { get; } = id;
    public string ClassType { get; } = classType;
    public string? Title { get; } = title;
    public Dictionary<string, ComfyInput> Inputs { get; } = new(StringComparer.Ordinal);

    /// <summary>"node 3 (KSampler)", as evidence keys name it.</summary>
    public string Label => $"node {Id} ({ClassType})";

    public bool Is(string classType) => string.Equals(ClassType, classType, StringComparison.OrdinalIgnoreCase);

    public bool ClassContains(string token) => ClassType.Contains(token, StringComparison.OrdinalIgnoreCase);

    public ComfyInput? Input(string name) => Inputs.TryGetValue(name, out var i) ? i : null;
}

/// <summary>An input: either a literal value or a link to output <see cref="Slot"/> of node <see cref="From"/>.</summary>
internal readonly record struct ComfyInput(JsonElement Value, string? From, int Slot)
{
    public bool IsLink => From is not null;

    public static ComfyInput Literal(JsonElement value) => new(value, null, 0);

    public static ComfyInput Link(string from, int slot) => new(default, from, slot);
}
