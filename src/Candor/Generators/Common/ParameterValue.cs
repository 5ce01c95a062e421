using System.Globalization;

namespace Candor.Generators.Common;

/// <summary>
/// Reads numbers and sizes the way generator tools write them: invariant culture, optional surrounding
/// whitespace, integers that tools print as floats ("30.0"), sizes as "WxH", "W x H" or "(W, H)".
/// </summary>
public static class ParameterValue
{
    /// <summary>Parses an integer; accepts a float with no fractional part ("20.0").</summary>
    public static bool TryParseInt(string text, out int value)
    {
        var s = text.AsSpan().Trim();
        if (int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value)) return true;
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            && d == Math.Floor(d) && d >= int.MinValue && d <= int.MaxValue)
        {
            value = (int)d;
            return true;
        }
        value = 0;
        return false;
    }

    /// <summary>Parses a finite floating-point number in invariant culture.</summary>
    public static bool TryParseDouble(string text, out double value)
    {
        var s = text.AsSpan().Trim();
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value)) return true;
        value = 0;
        return false;
    }

    /// <summary>Parses "512x768", "512 x 768", "512×768", "(768, 1280)" or "[768, 1280]" into width and height.</summary>
    public static bool TryParseSize(string text, out int width, out int height)
    {
        width = height = 0;
        var s = text.AsSpan().Trim();
        if (s.Length >= 2 && ((s[0] == '(' && s[^1] == ')') || (s[0] == '[' && s[^1] == ']'))) s = s[1..^1];
        var cut = s.IndexOfAny("x×,X");
        if (cut <= 0 || cut == s.Length - 1) return false;
        return TryParsePositive(s[..cut], out width) && TryParsePositive(s[(cut + 1)..], out height);
    }

    private static bool TryParsePositive(ReadOnlySpan<char> s, out int value) =>
        int.TryParse(s.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0;
}
