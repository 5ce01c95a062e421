using Candor.Formats;
using System.IO.Compression;
using System.Text;
using Candor.Imaging;

namespace Candor.Generators.Stealth;

// Bit layout of a stealth copy (sd_webui_stealth_pnginfo, NovelAI nai_meta), read from pixel LSBs:
//
//   pixel order  column by column: x = 0..W-1 outer, y = 0..H-1 inner
//   bit source   alpha mode: alpha & 1 (one bit per pixel)
//                RGB mode:   R & 1, G & 1, B & 1 (three bits per pixel, in that order)
//   bit stream   MSB first:
//                magic    15 bytes (120 bits)  "stealth_pnginfo" | "stealth_pngcomp" (alpha)
//                                              "stealth_rgbinfo" | "stealth_rgbcomp" (RGB)
//                length   u32 big-endian, the payload length in BITS
//                payload  length bits: gzip (…comp) or UTF-8 text (…info)
//
// In RGB mode the webui reader fills its length buffer 3 bits at a time and so collects 33 bits; it
// keeps the first 32 as the length and hands the 33rd to the payload. The stream is therefore
// continuous in both modes, which is what the writer produces and what the corpus files confirm.

/// <summary>
/// Reads the hidden copy of generation metadata that A1111/Forge's stealth extension and NovelAI write
/// into the least significant bits of an image's pixels.
/// </summary>
public static class StealthReader
{
    private const int MagicBits = 15 * 8;
    private const int LengthBits = 32;
    private const int MaxPayloadBytes = 8 << 20;
    private const int MaxTextBytes = 8 << 20;

    // Magic → (mode, compressed). A new magic is one line.
    private static readonly (string Magic, StealthMode Mode, bool Compressed)[] Magics =
    [
        ("stealth_pnginfo", StealthMode.Alpha, false),
        ("stealth_pngcomp", StealthMode.Alpha, true),
        ("stealth_rgbinfo", StealthMode.Rgb, false),
        ("stealth_rgbcomp", StealthMode.Rgb, true),
    ];

    /// <summary>
    /// Reads the stealth copy from <paramref name="image"/>; null when neither an alpha nor an RGB magic is present.
    /// Alpha is tried first (only when the image has alpha), then RGB.
    /// </summary>
    /// <exception cref="CandorFormatException">The magic is present but the length runs past the image, the gzip data is corrupt or
    /// inflates past 8 MiB, or the text is not UTF-8.</exception>
    public static StealthPayload? Read(RgbaImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        foreach (var mode in ModesOf(image))
        {
            var bits = new PixelBits(image, image.Height, mode);
            var magic = MatchMagic(ref bits, mode);
            if (magic is null) continue;
            var (name, _, compressed) = magic.Value;
            var length = bits.Available >= LengthBits ? (long)bits.Read(LengthBits) : -1;
            if (length < 0 || length > bits.Available)
                throw new CandorFormatException(
                    length < 0 ? $"The image ends inside the length of the '{name}' stealth copy." : $"The '{name}' stealth copy claims {length} bits but the image holds only {bits.Available} more.",
                    -1, BlockOf(mode), kind: FormatErrorKind.Truncated);
            var byteCount = (length + 7) / 8;
            if (byteCount > MaxPayloadBytes) throw new CandorFormatException($"The '{name}' stealth copy is {byteCount} bytes, over the 8 MiB limit.", -1, BlockOf(mode), kind: FormatErrorKind.LimitExceeded);
            var payload = bits.ReadBytes(length);
            var text = compressed ? Inflate(payload, mode) : DecodeUtf8(payload, mode);
            return new StealthPayload(mode, compressed, text, length, name);
        }
        return null;
    }

    /// <summary>Rows that <see cref="MightStartWithMagic"/> looks at: enough for the first byte of either magic.</summary>
    public const int RowsForQuickCheck = 8;

    /// <summary>
    /// A cheap first test on the top rows of an image (at least <see cref="RowsForQuickCheck"/>, or the whole image):
    /// false when column 0 already rules out every magic (they all begin "stealth_"), so no further decoding is
    /// needed; true when a magic may follow and <see cref="Read"/> on the whole image must decide. In alpha mode the test
    /// sees one byte, so an image with noisy alpha LSBs passes it about once in 256.
    /// </summary>
    public static bool MightStartWithMagic(RgbaImage top)
    {
        ArgumentNullException.ThrowIfNull(top);
        const string prefix = "stealth_";
        foreach (var mode in ModesOf(top))
        {
            var bitsPerRow = mode == StealthMode.Alpha ? 1 : 3;
            var count = Math.Min(top.Height * bitsPerRow, prefix.Length * 8);
            var matches = true;
            for (var i = 0; i < count && matches; i++)
            {
                var expected = (prefix[i / 8] >> (7 - i % 8)) & 1;
                var channel = mode == StealthMode.Alpha ? 3 : i % 3;
                matches = (top.Pixels[(long)(i / bitsPerRow) * top.Width * 4 + channel] & 1) == expected;
            }
            if (matches) return true;
        }
        return false;
    }

    private static StealthMode[] ModesOf(RgbaImage image) =>
        image.HasAlpha ? [StealthMode.Alpha, StealthMode.Rgb] : [StealthMode.Rgb];

    private static (string, StealthMode, bool)? MatchMagic(ref PixelBits bits, StealthMode mode)
    {
        if (bits.Available < MagicBits) return null;
        Span<byte> magic = stackalloc byte[15];
        for (var i = 0; i < magic.Length; i++) magic[i] = (byte)bits.Read(8);
        foreach (var entry in Magics)
        {
            if (entry.Mode == mode && MagicEquals(magic, entry.Magic)) return entry;
        }
        return null;
    }

    private static bool MagicEquals(ReadOnlySpan<byte> bytes, string magic)
    {
        for (var i = 0; i < bytes.Length; i++) if (bytes[i] != magic[i]) return false;
        return true;
    }

    private static string Inflate(byte[] payload, StealthMode mode)
    {
        try
        {
            using var gzip = new GZipStream(new MemoryStream(payload), CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = new byte[16384];
            int n;
            while ((n = gzip.Read(buffer)) > 0)
            {
                if (output.Length + n > MaxTextBytes) throw new CandorFormatException("The stealth copy inflates past 8 MiB.", -1, BlockOf(mode), kind: FormatErrorKind.LimitExceeded);
                output.Write(buffer, 0, n);
            }
            return DecodeUtf8(output.ToArray(), mode);
        }
        catch (Exception e) when (CappedInflate.IsCorruptData(e))
        {
            throw new CandorFormatException($"The compressed stealth copy is not valid gzip ({e.Message}).", -1, BlockOf(mode), e);
        }
    }

    private static string DecodeUtf8(byte[] bytes, StealthMode mode)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new CandorFormatException("The stealth copy is not valid UTF-8 text.", -1, BlockOf(mode), e);
        }
    }

    private static string BlockOf(StealthMode mode) => mode == StealthMode.Alpha ? "alpha LSB stealth copy" : "RGB LSB stealth copy";

    /// <summary>A cursor over the LSBs of an image in the stealth order.</summary>
    private struct PixelBits(RgbaImage image, int height, StealthMode mode)
    {
        private readonly int _bitsPerPixel = mode == StealthMode.Alpha ? 1 : 3;
        private long _position; // bit index in the whole stream

        public readonly long Available => (long)image.Width * height * _bitsPerPixel - _position;

        public ulong Read(int count)
        {
            ulong value = 0;
            for (var i = 0; i < count; i++) value = value << 1 | NextBit();
            return value;
        }

        /// <summary>Reads <paramref name="bits"/> bits into bytes, MSB first; a final partial group keeps its value right-aligned, as Python's <c>int(bits, 2)</c> does.</summary>
        public byte[] ReadBytes(long bits)
        {
            var bytes = new byte[(bits + 7) / 8];
            for (var i = 0; i < bytes.Length; i++)
            {
                var take = (int)Math.Min(8, bits - i * 8L);
                bytes[i] = (byte)Read(take);
            }
            return bytes;
        }

        private uint NextBit()
        {
            var pixel = _position / _bitsPerPixel;
            var channel = mode == StealthMode.Alpha ? 3 : (int)(_position % _bitsPerPixel);
            var x = (int)(pixel / height);
            var y = (int)(pixel % height);
            _position++;
            return (uint)image.Pixels[((long)y * image.Width + x) * 4 + channel] & 1;
        }
    }
}
