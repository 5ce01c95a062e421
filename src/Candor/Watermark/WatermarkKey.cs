using Candor.FileSystem;
using System.Security.Cryptography;
using System.Text;

namespace Candor.Watermark;

/// <summary>
/// The secret that places a watermark: 32 random bytes. Everything the embedder and detector derive
/// (chip signs, which chips are pilots, where each coded bit goes, the payload check) comes from it
/// through HMAC-SHA256 with a label, so two keys give unrelated patterns. Stored as one line of text,
/// <c>candor-watermark-key-v1 &lt;64 hex digits&gt;</c>.
/// </summary>
public sealed class WatermarkKey
{
    private const string Header = "candor-watermark-key-v1";
    private readonly byte[] _secret;

    /// <summary>Wraps a 32-byte secret.</summary>
    public WatermarkKey(ReadOnlySpan<byte> secret)
    {
        if (secret.Length != 32) throw new ArgumentException("A watermark key is 32 bytes.", nameof(secret));
        _secret = secret.ToArray();
    }

    /// <summary>A new key from the operating system's random number generator.</summary>
    public static WatermarkKey Generate() => new(RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// The published key of the "do not train" preset: SHA-256 of the text
    /// <c>candor watermark public do-not-train key v1</c>. Anyone can detect (and, being public,
    /// also forge or strip) marks made with it; that is the point — a crawler needs no secret to
    /// honour them.
    /// </summary>
    public static WatermarkKey PublicDoNotTrain { get; } =
        new(SHA256.HashData(Encoding.ASCII.GetBytes("candor watermark public do-not-train key v1")));

    /// <summary>A short, non-secret identifier of the key (first 8 hex digits of SHA-256 of the secret).</summary>
    public string Id => Convert.ToHexStringLower(SHA256.HashData(_secret))[..8];

    /// <summary>The key file's text (one line, newline-terminated).</summary>
    public string ToFileText() => $"{Header} {Convert.ToHexStringLower(_secret)}\n";

    /// <summary>Parses a key file's text.</summary>
    /// <exception cref="CandorFormatException">The text is not a Candor watermark key.</exception>
    public static WatermarkKey Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Trim().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || parts[0] != Header)
            throw new CandorFormatException($"not a Candor watermark key: expected \"{Header} <64 hex digits>\" on one line", 0, "watermark key");
        if (parts[1].Length != 64 || !parts[1].All(Uri.IsHexDigit))
            throw new CandorFormatException($"the key must be 64 hex digits; found {parts[1].Length} characters", Header.Length + 1, "watermark key");
        return new WatermarkKey(Convert.FromHexString(parts[1]));
    }

    /// <summary>Reads a key file.</summary>
    public static WatermarkKey Load(string path) => Parse(File.ReadAllText(path));

    /// <summary>
    /// Writes the key to a file readable only by its owner (mode 0600 on Unix from the moment it exists,
    /// written in full or not at all; see <see cref="ExclusiveFile"/>). Refuses to replace an existing file
    /// unless <paramref name="overwrite"/>; a replaced file gets mode 0600 too.
    /// </summary>
    /// <exception cref="FileExistsException"><paramref name="path"/> exists and <paramref name="overwrite"/> is false.</exception>
    /// <exception cref="IOException">The file could not be written; nothing is left behind.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder may not be written.</exception>
    public void Save(string path, bool overwrite = false) =>
        ExclusiveFile.WriteAllText(path, ToFileText(), ExclusiveFile.OwnerOnly, overwrite);

    /// <summary>HMAC-SHA256 of <paramref name="label"/> and <paramref name="data"/> under the key.</summary>
    internal byte[] Derive(string label, ReadOnlySpan<byte> data = default)
    {
        var input = new byte[Encoding.ASCII.GetByteCount(label) + 1 + data.Length];
        var n = Encoding.ASCII.GetBytes(label, input);
        input[n] = 0;
        data.CopyTo(input.AsSpan(n + 1));
        return HMACSHA256.HashData(_secret, input);
    }

    /// <summary>A deterministic pseudo-random stream for <paramref name="label"/> (HMAC-SHA256 in counter mode).</summary>
    internal KeyStream Stream(string label) => new(this, label);

    internal sealed class KeyStream(WatermarkKey key, string label)
    {
        private byte[] _block = [];
        private int _used;
        private uint _counter;

        public uint NextUInt32()
        {
            if (_used + 4 > _block.Length)
            {
                Span<byte> counter = stackalloc byte[4];
                System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(counter, _counter++);
                _block = key.Derive(label, counter);
                _used = 0;
            }
            var value = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(_block.AsSpan(_used));
            _used += 4;
            return value;
        }

        /// <summary>Uniform in [0, <paramref name="bound"/>) without modulo bias.</summary>
        public int Next(int bound)
        {
            var limit = uint.MaxValue - uint.MaxValue % (uint)bound;
            uint value;
            do value = NextUInt32(); while (value >= limit);
            return (int)(value % (uint)bound);
        }
    }
}
