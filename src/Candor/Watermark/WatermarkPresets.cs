using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Candor.Watermark;

/// <summary>
/// The payloads users ask for by name rather than by bits. The "do not train" preset is
/// <see cref="WatermarkPayload.DoNotTrain"/> with the scope of a user's word (<see cref="Consent.TrainingConsent.TryParseWord"/>)
/// and an owner tag read here; hex and text payloads are <see cref="WatermarkPayload.FromHex"/> and <see cref="WatermarkPayload.FromText"/>.
/// </summary>
public static class WatermarkPresets
{
    /// <summary>The payload the bench marks with when none is given: the text "candor".</summary>
    public static WatermarkPayload BenchDefault { get; } = WatermarkPayload.FromText("candor");

    /// <summary>
    /// Reads an owner tag of the "do not train" preset: exactly 8 hex digits. When it is not,
    /// <paramref name="problem"/> says so in plain words.
    /// </summary>
    public static bool TryParseOwnerTag(string hex, out uint tag, [NotNullWhen(false)] out string? problem)
    {
        ArgumentNullException.ThrowIfNull(hex);
        tag = 0;
        problem = hex.Length == 8 && uint.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out tag) ? null : $"'{hex}' is not 8 hex digits";
        return problem is null;
    }
}
