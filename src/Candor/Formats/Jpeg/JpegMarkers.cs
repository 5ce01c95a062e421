namespace Candor.Formats.Jpeg;

/// <summary>Names and classes of JPEG markers (ITU T.81 table B.1).</summary>
internal static class JpegMarkers
{
    public const byte Soi = 0xD8;
    public const byte Eoi = 0xD9;
    public const byte Sos = 0xDA;
    public const byte Com = 0xFE;
    public const byte Tem = 0x01;

    private static readonly string?[] Names = BuildNames();

    private static string?[] BuildNames()
    {
        var names = new string?[256];
        for (var i = 0; i < 16; i++)
        {
            names[0xC0 + i] = $"SOF{i}";
            names[0xE0 + i] = $"APP{i}";
        }
        for (var i = 0; i < 8; i++) names[0xD0 + i] = $"RST{i}";
        for (var i = 0; i < 14; i++) names[0xF0 + i] = $"JPG{i}";
        names[0xC4] = "DHT";
        names[0xC8] = "JPG";
        names[0xCC] = "DAC";
        names[Soi] = "SOI";
        names[Eoi] = "EOI";
        names[Sos] = "SOS";
        names[0xDB] = "DQT";
        names[0xDC] = "DNL";
        names[0xDD] = "DRI";
        names[0xDE] = "DHP";
        names[0xDF] = "EXP";
        names[Com] = "COM";
        names[Tem] = "TEM";
        return names;
    }

    /// <summary>The marker's name ("APP1", "SOF2"), or "FFxx" for reserved codes.</summary>
    public static string Name(byte marker) => Names[marker] ?? $"FF{marker:X2}";

    /// <summary>Markers that stand alone, with no length field.</summary>
    public static bool IsStandalone(byte marker) => marker is Soi or Eoi or Tem or (>= 0xD0 and <= 0xD7);

    /// <summary>Restart markers RST0-RST7, which may appear inside entropy-coded data.</summary>
    public static bool IsRestart(byte marker) => marker is >= 0xD0 and <= 0xD7;

    /// <summary>Start-of-frame markers, which carry the image size.</summary>
    public static bool IsStartOfFrame(byte marker) => marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC;
}
