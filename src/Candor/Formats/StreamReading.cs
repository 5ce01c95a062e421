namespace Candor.Formats;

/// <summary>
/// Bounded reads shared by the container readers: every read is checked against the bytes that
/// remain in the file, and a short read becomes a <see cref="CandorFormatException"/> with the offset.
/// </summary>
internal static class StreamReading
{
    /// <summary>Reads exactly <paramref name="buffer"/>.Length bytes at the current position, or throws with <paramref name="what"/> in the message.</summary>
    public static void ReadExactly(Stream stream, Span<byte> buffer, string what)
    {
        var offset = stream.Position;
        var done = 0;
        while (done < buffer.Length)
        {
            var n = stream.Read(buffer[done..]);
            if (n == 0) throw new CandorFormatException($"file ends inside {what} ({done} of {buffer.Length} bytes present)", offset + done, kind: FormatErrorKind.Truncated);
            done += n;
        }
    }

    /// <summary>Allocates and reads <paramref name="length"/> bytes at the current position after checking they exist.</summary>
    public static byte[] ReadBytes(Stream stream, long length, string what)
    {
        var remaining = stream.Length - stream.Position;
        if (length < 0 || length > remaining)
            throw new CandorFormatException($"{what} declares {length} bytes but only {remaining} remain", stream.Position, kind: FormatErrorKind.Truncated);
        if (length > Array.MaxLength)
            throw new CandorFormatException($"{what} declares {length} bytes, more than can be held in memory", stream.Position, kind: FormatErrorKind.LimitExceeded);
        var bytes = new byte[length];
        ReadExactly(stream, bytes, what);
        return bytes;
    }

    /// <summary>Reads up to <paramref name="buffer"/>.Length bytes; returns how many were read (fewer only at end of file).</summary>
    public static int ReadAtMost(Stream stream, Span<byte> buffer)
    {
        var done = 0;
        while (done < buffer.Length)
        {
            var n = stream.Read(buffer[done..]);
            if (n == 0) break;
            done += n;
        }
        return done;
    }

    /// <summary>Formats the first bytes of a file as hex for messages: "4D 5A 90 00".</summary>
    public static string Hex(ReadOnlySpan<byte> bytes, int max = 8)
    {
        var take = bytes[..Math.Min(max, bytes.Length)];
        var s = Convert.ToHexString(take);
        var parts = new string[take.Length];
        for (var i = 0; i < take.Length; i++) parts[i] = s.Substring(i * 2, 2);
        return string.Join(' ', parts) + (bytes.Length > max ? " …" : "");
    }
}
