using System.Globalization;
using System.Text.Json;

namespace Candor.Generators.Json;

/// <summary>
/// Forgiving reads of generator JSON: a property that is missing, of the wrong kind or out of range
/// gives null instead of an exception, because tools disagree on types (seeds as strings, steps as floats).
/// </summary>
internal static class JsonValues
{
    /// <summary>The named property of an object, or null when <paramref name="e"/> is not an object or lacks it.</summary>
    public static JsonElement? Prop(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) ? v : null;

    /// <summary>Scalar as text: strings as is, numbers as written, booleans lower-case; null for null, objects and arrays.</summary>
    public static string? AsText(this JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    /// <summary>Number (or numeric string) as a finite double.</summary>
    public static double? AsDouble(this JsonElement e)
    {
        double d;
        if (e.ValueKind == JsonValueKind.Number) { if (!e.TryGetDouble(out d)) return null; }
        else if (e.ValueKind != JsonValueKind.String || !double.TryParse(e.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out d)) return null;
        return double.IsFinite(d) ? d : null;
    }

    /// <summary>Number (or numeric string) as an int when it is whole and in range.</summary>
    public static int? AsInt(this JsonElement e)
    {
        var d = e.AsDouble();
        if (d is not { } v || v != Math.Floor(v) || v < int.MinValue || v > int.MaxValue) return null;
        return (int)v;
    }

    /// <summary>Text of a named scalar property.</summary>
    public static string? Text(this JsonElement e, string name) => e.Prop(name)?.AsText();

    /// <summary>Double of a named property.</summary>
    public static double? Double(this JsonElement e, string name) => e.Prop(name)?.AsDouble();

    /// <summary>Int of a named property.</summary>
    public static int? Int(this JsonElement e, string name) => e.Prop(name)?.AsInt();

    /// <summary>Formats a double the way people read parameters ("8", "0.87").</summary>
    public static string Show(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
