using System.Buffers;
using System.Runtime.Intrinsics;
using System.Text;
using System.Text.Json;
using Candor.Imaging;
using System.Security.Cryptography;
using Candor.Cryptography;

namespace Candor.Generators.NovelAi;

// What NovelAI signs (its nai_sig.py), Ed25519 with one fixed public key:
//
//   message   = RGB bytes, H × W × 3, rows top to bottom (alpha dropped)
//             + json.dumps(comment without "signed_hash")   ← Python's default serialisation:
//                 separators ", " and ": ", keys in stored order, ensure_ascii (\uXXXX, lower-case hex,
//                 UTF-16 surrogate pairs), short escapes \" \\ \n \r \t \b \f, other controls \u00XX,
//                 numbers as Python's repr (the stored Comment was written by json.dumps, so the raw
//                 number text is reused as is), true / false / null
//   signature = base64(64 bytes) in the Comment's "signed_hash"

/// <summary>Verifies the Ed25519 signature NovelAI puts in the <c>signed_hash</c> key of its Comment JSON.</summary>
public static class NovelAiSignature
{
    /// <summary>NovelAI's public signing key (base64).</summary>
    public const string PublicKeyBase64 = "Y2JcQAOhLwzwSDUJPNgL04nS0Tbqm7cSRc4xk0vRMic=";

    private const string SignatureKey = "signed_hash";
    private const int MaxDepth = 64;
    private static readonly byte[] PublicKey = Convert.FromBase64String(PublicKeyBase64);

    /// <summary>
    /// Checks <paramref name="commentJson"/>'s <c>signed_hash</c> against <paramref name="pixels"/> and the rest of the Comment.
    /// </summary>
    public static NovelAiSignatureResult Verify(RgbaImage pixels, string commentJson)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(commentJson);
        byte[] signed;
        string? signature;
        try
        {
            (signed, signature) = Serialise(Encoding.UTF8.GetBytes(commentJson));
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return new(NovelAiSignatureStatus.Malformed, $"The Comment is not a JSON object that can be re-serialised: {e.Message}");
        }
        if (signature is null) return new(NovelAiSignatureStatus.NoSignature, "The Comment has no signed_hash.");

        var bytes = new byte[64];
        if (!Convert.TryFromBase64String(signature, bytes, out var length) || length != 64)
            return new(NovelAiSignatureStatus.Malformed, "signed_hash is not the base64 of a 64-byte Ed25519 signature.");

        var valid = Ed25519Verifier.Verify(PublicKey, bytes, sha =>
        {
            AppendRgb(sha, pixels);
            sha.AppendData(signed);
        });
        return valid
            ? new(NovelAiSignatureStatus.Valid, "NovelAI's signature verifies: the pixels and the Comment are as NovelAI produced them.")
            : new(NovelAiSignatureStatus.Invalid, "NovelAI's signature does not verify: the pixels or the Comment changed after generation.");
    }

    // The signed message starts with the pixels as RGB bytes: drop alpha a block at a time, four pixels per 16-byte
    // shuffle where the hardware has one (each store writes 16 bytes of which the next store keeps the first 12).
    private static void AppendRgb(IncrementalHash sha, RgbaImage image)
    {
        const int BlockPixels = 1 << 14;
        var rgba = image.Pixels;
        var block = ArrayPool<byte>.Shared.Rent(BlockPixels * 3 + 4);
        try
        {
            var pixels = rgba.Length / 4;
            for (var start = 0; start < pixels; start += BlockPixels)
            {
                var count = Math.Min(BlockPixels, pixels - start);
                var i = 0;
                if (Vector128.IsHardwareAccelerated)
                {
                    var dropAlpha = Vector128.Create((byte)0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, 0x80, 0x80, 0x80, 0x80);
                    for (; i + 4 <= count; i += 4)
                        Vector128.Shuffle(Vector128.Create(rgba, (start + i) * 4), dropAlpha).CopyTo(block, i * 3);
                }
                for (int s = (start + i) * 4, d = i * 3; i < count; i++, s += 4, d += 3)
                {
                    block[d] = rgba[s];
                    block[d + 1] = rgba[s + 1];
                    block[d + 2] = rgba[s + 2];
                }
                sha.AppendData(block, 0, count * 3);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(block);
        }
    }

    /// <summary>Re-serialises the Comment as Python's <c>json.dumps</c> would, leaving out the top-level signature, which it returns.</summary>
    internal static (byte[] Json, string? Signature) Serialise(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException("The Comment is not a JSON object.");
        var output = new ArrayBufferWriter<byte>(json.Length + 64);
        string? signature = null;
        output.Write("{"u8);
        var first = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            reader.Read();
            if (name == SignatureKey && reader.TokenType == JsonTokenType.String)
            {
                signature = reader.GetString();
                continue;
            }
            if (!first) output.Write(", "u8);
            first = false;
            WriteString(output, name);
            output.Write(": "u8);
            WriteValue(ref reader, output);
        }
        output.Write("}"u8);
        if (reader.Read()) throw new JsonException("Text follows the Comment's JSON object.");
        return (output.WrittenSpan.ToArray(), signature);
    }

    private static void WriteValue(ref Utf8JsonReader reader, ArrayBufferWriter<byte> output)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                {
                    output.Write("{"u8);
                    var first = true;
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                    {
                        if (!first) output.Write(", "u8);
                        first = false;
                        WriteString(output, reader.GetString()!);
                        output.Write(": "u8);
                        reader.Read();
                        WriteValue(ref reader, output);
                    }
                    output.Write("}"u8);
                    break;
                }
            case JsonTokenType.StartArray:
                {
                    output.Write("["u8);
                    var first = true;
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        if (!first) output.Write(", "u8);
                        first = false;
                        WriteValue(ref reader, output);
                    }
                    output.Write("]"u8);
                    break;
                }
            case JsonTokenType.String:
                WriteString(output, reader.GetString()!);
                break;
            case JsonTokenType.Number:
                output.Write(reader.ValueSpan);
                break;
            case JsonTokenType.True:
                output.Write("true"u8);
                break;
            case JsonTokenType.False:
                output.Write("false"u8);
                break;
            case JsonTokenType.Null:
                output.Write("null"u8);
                break;
            default:
                throw new JsonException($"Unexpected JSON token {reader.TokenType}.");
        }
    }

    /// <summary>Writes a JSON string the way Python's <c>json.dumps(ensure_ascii=True)</c> does.</summary>
    private static void WriteString(ArrayBufferWriter<byte> output, string value)
    {
        var span = output.GetSpan(value.Length * 6 + 2);
        var n = 0;
        span[n++] = (byte)'"';
        foreach (var c in value)
        {
            var shortForm = c switch
            {
                '"' => '"',
                '\\' => '\\',
                '\n' => 'n',
                '\r' => 'r',
                '\t' => 't',
                '\b' => 'b',
                '\f' => 'f',
                _ => '\0',
            };
            if (shortForm != '\0')
            {
                span[n++] = (byte)'\\';
                span[n++] = (byte)shortForm;
            }
            else if (c < 0x20 || c > 0x7E)
            {
                span[n++] = (byte)'\\';
                span[n++] = (byte)'u';
                ((int)c).TryFormat(span[n..], out _, "x4");
                n += 4;
            }
            else
            {
                span[n++] = (byte)c;
            }
        }
        span[n++] = (byte)'"';
        output.Advance(n);
    }
}
