using System.Text.Json;
using Candor.Provenance;

namespace Candor.Generators.NovelAi;

/// <summary>
/// Verifies every signed NovelAI Comment in the file against its pixels: PNG text chunks, the stealth copy
/// (derived fields), and the <c>Comment</c> key of the JSON that NovelAI WebP files keep in EXIF UserComment.
/// Adds <c>novelai-signature-valid</c> (Info), <c>novelai-signature-invalid</c> (Inconsistency) or
/// <c>novelai-signature-malformed</c> (Warning) to <see cref="GeneratorContext.Findings"/>. Meant to run after the
/// NovelAI parser; it claims no fields and returns no reports.
/// </summary>
public sealed class NovelAiSignatureCheck : IGeneratorParser
{
    private const string CommentName = "Comment";
    private const string UserCommentName = "UserComment";
    private const string SignatureKey = "signed_hash";

    // Prefixes an EXIF UserComment may still carry when a container reader kept the character-code header.
    private static readonly string[] UserCommentPrefixes = ["ASCII\0\0\0", "UNICODE\0"];

    private static readonly JsonDocumentOptions JsonOptions = new() { MaxDepth = 64 };

    /// <inheritdoc />
    public string Id => "novelai-signature";

    /// <inheritdoc />
    public IEnumerable<GeneratorReport> Parse(GeneratorContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var comments = SignedComments(context).ToList();
        if (comments.Count == 0) return [];
        var pixels = context.Pixels;
        if (pixels is null) return [];
        // The text and the hidden copy usually carry the same Comment: hashing the 3-byte-per-pixel
        // message is the expensive part, so each distinct Comment is verified once.
        var results = new Dictionary<string, NovelAiSignatureResult>(StringComparer.Ordinal);
        foreach (var (comment, evidence) in comments)
        {
            if (!results.TryGetValue(comment, out var result))
                results[comment] = result = NovelAiSignature.Verify(pixels, comment);
            var finding = result.Status switch
            {
                NovelAiSignatureStatus.Valid => new Finding(FindingSeverity.Info, "novelai-signature-valid", result.Message, evidence),
                NovelAiSignatureStatus.Invalid => new Finding(FindingSeverity.Inconsistency, "novelai-signature-invalid", result.Message, evidence),
                NovelAiSignatureStatus.Malformed => new Finding(FindingSeverity.Warning, "novelai-signature-malformed", result.Message, evidence),
                _ => null,
            };
            if (finding is not null) context.Findings.Add(finding);
        }
        return [];
    }

    private static IEnumerable<(string Comment, Evidence Evidence)> SignedComments(GeneratorContext context)
    {
        foreach (var field in context.Fields.Concat(context.Derived))
        {
            if (field.Name == CommentName && field.Value.Contains(SignatureKey, StringComparison.Ordinal))
                yield return (field.Value, field.Evidence.Sub(SignatureKey));
            else if (field.Name == UserCommentName && field.Value.Contains(SignatureKey, StringComparison.Ordinal)
                     && NestedComment(field.Value) is { } nested)
                yield return (nested, field.Evidence.Sub(CommentName).Sub(SignatureKey));
        }
    }

    /// <summary>The string value of <c>Comment</c> inside a UserComment that holds NovelAI's JSON text dictionary.</summary>
    private static string? NestedComment(string userComment)
    {
        var text = userComment;
        foreach (var prefix in UserCommentPrefixes)
            if (text.StartsWith(prefix, StringComparison.Ordinal)) text = text[prefix.Length..];
        text = text.Trim('\0', ' ', '\r', '\n', '\t');
        if (!text.StartsWith('{')) return null;
        try
        {
            using var doc = JsonDocument.Parse(text, JsonOptions);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                   && doc.RootElement.TryGetProperty(CommentName, out var comment)
                   && comment.ValueKind == JsonValueKind.String
                ? comment.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
