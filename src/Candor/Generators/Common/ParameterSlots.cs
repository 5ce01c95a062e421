using Candor.Provenance;

namespace Candor.Generators.Common;

/// <summary>Writes a value written by a tool into the typed slot of <see cref="GenerationParameters"/> it belongs to.</summary>
public static class ParameterSlots
{
    /// <summary>
    /// Converts <paramref name="value"/> for <paramref name="slot"/> and stores it. Returns false (and stores nothing)
    /// when the value does not parse, so the caller can keep it among the other parameters unchanged.
    /// </summary>
    public static bool TryAssign(GenerationParameters parameters, ParameterSlot slot, string value)
    {
        switch (slot)
        {
            case ParameterSlot.Prompt: parameters.Prompt = value; return true;
            case ParameterSlot.NegativePrompt: parameters.NegativePrompt = value; return true;
            case ParameterSlot.Seed:
                if (value.Trim().Length == 0) return false;
                parameters.Seed = value.Trim();
                return true;
            case ParameterSlot.Sampler: return AssignText(value, v => parameters.Sampler = v);
            case ParameterSlot.Scheduler: return AssignText(value, v => parameters.Scheduler = v);
            case ParameterSlot.Version: return AssignText(value, v => parameters.Version = v);
            case ParameterSlot.Steps:
                if (!ParameterValue.TryParseInt(value, out var steps)) return false;
                parameters.Steps = steps;
                return true;
            case ParameterSlot.ClipSkip:
                if (!ParameterValue.TryParseInt(value, out var clip)) return false;
                parameters.ClipSkip = clip;
                return true;
            case ParameterSlot.Width:
                if (!ParameterValue.TryParseInt(value, out var w)) return false;
                parameters.Width = w;
                return true;
            case ParameterSlot.Height:
                if (!ParameterValue.TryParseInt(value, out var h)) return false;
                parameters.Height = h;
                return true;
            case ParameterSlot.CfgScale:
                if (!ParameterValue.TryParseDouble(value, out var cfg)) return false;
                parameters.CfgScale = cfg;
                return true;
            case ParameterSlot.Denoise:
                if (!ParameterValue.TryParseDouble(value, out var d)) return false;
                parameters.Denoise = d;
                return true;
            case ParameterSlot.Size:
                if (!ParameterValue.TryParseSize(value, out var width, out var height)) return false;
                parameters.Width = width;
                parameters.Height = height;
                return true;
            default:
                return false;
        }
    }

    private static bool AssignText(string value, Action<string> set)
    {
        var trimmed = value.Trim();
        if (trimmed.Length == 0) return false;
        set(trimmed);
        return true;
    }
}
