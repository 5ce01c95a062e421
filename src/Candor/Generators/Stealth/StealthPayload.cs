namespace Candor.Generators.Stealth;

/// <summary>A metadata copy recovered from pixel bits by <see cref="StealthReader"/>.</summary>
/// <param name="Mode">Which channel bits held it.</param>
/// <param name="Compressed">True for the <c>…comp</c> magics (gzip payload), false for <c>…info</c> (plain UTF-8).</param>
/// <param name="Text">The decoded text (A1111 infotext, or NovelAI's JSON object).</param>
/// <param name="BitLength">The payload length in bits as stored after the magic.</param>
/// <param name="Magic">The 15-character magic that introduced it, e.g. <c>stealth_pngcomp</c>.</param>
public sealed record StealthPayload(StealthMode Mode, bool Compressed, string Text, long BitLength, string Magic);
