namespace Candor.Generators.NovelAi;

/// <summary>Outcome of checking NovelAI's <c>signed_hash</c>.</summary>
public enum NovelAiSignatureStatus
{
    /// <summary>The Comment has no <c>signed_hash</c> (NovelAI before late 2023, or removed).</summary>
    NoSignature,
    /// <summary>The signature verifies: pixels and Comment are as NovelAI produced them.</summary>
    Valid,
    /// <summary>The signature does not verify: pixels or Comment changed after NovelAI signed them.</summary>
    Invalid,
    /// <summary>The Comment or the signature cannot be read (not JSON, not base64, wrong length).</summary>
    Malformed,
}
