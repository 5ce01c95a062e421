using System.Text.Json;

namespace Candor.Cli;

/// <summary>The one way commands turn a JSON writer callback into the indented text they print.</summary>
internal static class JsonText
{
    public static string Indented(Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true })) write(w);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
