namespace Candor.Generators.NovelAi;

/// <summary>Result of <see cref="NovelAiSignature.Verify"/>, with a plain-language <paramref name="Message"/>.</summary>
public sealed record NovelAiSignatureResult(NovelAiSignatureStatus Status, string Message);
