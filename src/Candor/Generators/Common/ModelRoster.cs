using Candor.Provenance;

namespace Candor.Generators.Common;

/// <summary>
/// Collects the models of one report, merging mentions of the same model (same role, same name, case-insensitive)
/// so that a LoRA named in the prompt and in "Lora hashes" becomes one reference with its weight and its hash.
/// </summary>
public sealed class ModelRoster
{
    private readonly List<ModelReference> _models;

    /// <summary>Collects into <paramref name="models"/> (usually <see cref="GeneratorReport.Models"/>).</summary>
    public ModelRoster(List<ModelReference> models) => _models = models;

    /// <summary>The reference for this role and name, created with <paramref name="evidence"/> if new.</summary>
    public ModelReference Get(ModelRole role, string name, Evidence evidence)
    {
        var trimmed = name.Trim();
        foreach (var m in _models)
            if (m.Role == role && string.Equals(m.Name, trimmed, StringComparison.OrdinalIgnoreCase)) return m;
        var created = new ModelReference { Role = role, Name = trimmed, Evidence = evidence };
        _models.Add(created);
        return created;
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
