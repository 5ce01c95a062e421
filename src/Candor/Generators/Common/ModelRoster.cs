using Candor.Provenance;

namespace Candor.Generators.Common;

/// <summary>
/// Collects the models of one report, merging mentions of the same model (same role, same name, case-insensitive)
/// so that a LoRA named in the prompt and in "Lora hashes" becomes one reference with its weight and its hash.
/// Names compare without a model-file extension: tools write "x.safetensors" in one place and "x" in another.
/// </summary>
public sealed class ModelRoster
{
    private static readonly string[] FileExtensions = [".safetensors", ".ckpt", ".pt", ".pth", ".bin", ".sft", ".gguf", ".onnx"];

    private readonly List<ModelReference> _models;

    /// <summary>Collects into <paramref name="models"/> (usually <see cref="GeneratorReport.Models"/>).</summary>
    public ModelRoster(List<ModelReference> models) => _models = models;

    /// <summary>The reference for this role and name, created with <paramref name="evidence"/> if new.</summary>
    public ModelReference Get(ModelRole role, string name, Evidence evidence)
    {
        var trimmed = name.Trim();
        var stem = Stem(trimmed);
        foreach (var m in _models)
            if (m.Role == role && Stem(m.Name).Equals(stem, StringComparison.OrdinalIgnoreCase)) return m;
        var created = new ModelReference { Role = role, Name = trimmed, Evidence = evidence };
        _models.Add(created);
        return created;
    }

    /// <summary>The name without a known model-file extension.</summary>
    public static ReadOnlySpan<char> Stem(string name)
    {
        foreach (var ext in FileExtensions)
            if (name.Length > ext.Length && name.EndsWith(ext, StringComparison.OrdinalIgnoreCase)) return name.AsSpan(0, name.Length - ext.Length);
        return name;
    }

    /// <summary>Adds a claimed hash unless the same value is already there; the kind comes from <see cref="ModelHashText"/>.</summary>
    public static void AddHash(ModelReference model, string hash, Evidence evidence, HashKind twelveHex = HashKind.Unknown)
    {
        var value = hash.Trim();
        if (value.Length == 0) return;
        foreach (var h in model.Hashes)
            if (string.Equals(h.Value, value, StringComparison.OrdinalIgnoreCase)) return;
        model.Hashes.Add(new ClaimedHash(ModelHashText.Classify(value, twelveHex), value, evidence));
    }
}
