using System.Globalization;
using System.Text.Json;
using Candor.Generators.Json;

namespace Candor.Generators.Common;

/// <summary>
/// Parses JSON values that tools write into text fields, with a nesting cap, and renders JSON values
/// back to the text a person would read. Malformed JSON is "not JSON" (null), never an exception.
/// </summary>
public static class JsonText
{
    /// <summary>True when the text, after leading whitespace, starts like a JSON object or array.</summary>
    public static bool LooksLikeJson(string text)
    {
        var s = text.AsSpan().TrimStart();
        return s.Length > 0 && (s[0] == '{' || s[0] == '[');
    }

    /// <summary>Parses <paramref name="text"/> as a JSON object; null when it is not one.</summary>
    public static JsonElement? TryParseObject(string text) => TryParse(text) is { ValueKind: JsonValueKind.Object } root ? root : null;

    /// <summary>
    /// Parses <paramref name="text"/> as any JSON value with the one tolerant loader every generator parser uses
    /// (<see cref="GeneratorJson"/>: NaN and Infinity, BOM, size and depth caps); null when it is not JSON.
    /// </summary>
    public static JsonElement? TryParse(string text) => GeneratorJson.TryParse(text, out var root, out _) ? root : null;

    /// <summary>Text of a JSON value: strings unquoted, numbers and booleans as written, null as null, arrays and objects as compact JSON.</summary>
    public static string? ToText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    };

    /// <summary>The string or number property <paramref name="name"/> of an object as text; null when absent, null or not an object.</summary>
    public static string? Property(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) ? ToText(v) : null;

    /// <summary>A numeric property (or a numeric string) as a double; null when absent or not a finite number.</summary>
    public static double? Number(JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(name, out var v)) return null;
        return NumberOf(v);
    }

    /// <summary>A JSON number or numeric string as a double; null otherwise.</summary>
    public static double? NumberOf(JsonElement v)
    {
        if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && double.IsFinite(d)) return d;
        if (v.ValueKind == JsonValueKind.String && double.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out d) && double.IsFinite(d)) return d;
        return null;
    }
}
