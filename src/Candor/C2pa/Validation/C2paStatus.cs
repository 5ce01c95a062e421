namespace Candor.C2pa.Validation;

/// <summary>
/// One validation status: the C2PA status code, how it counts, what it is about (the hashed
/// URI or assertion label), a plain-language message, and the manifest it belongs to.
/// </summary>
/// <param name="Code">Status code, e.g. "assertion.hashedURI.match" (see <see cref="C2paStatusCodes"/>).</param>
/// <param name="Kind">Success, informational or failure.</param>
/// <param name="Url">The hashed URI or assertion label the status is about, or null for the manifest as a whole.</param>
/// <param name="Message">What was checked and found, for people.</param>
/// <param name="ManifestLabel">Label of the manifest the status belongs to.</param>
public sealed record C2paStatus(string Code, C2paStatusKind Kind, string? Url, string Message, string ManifestLabel)
{
    /// <summary>
    /// The ingredient assertion (absolute JUMBF URI) whose check produced this status, or null
    /// for a status of the active manifest's own checks.
    /// </summary>
    public string? IngredientUri { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{Kind.ToString().ToLowerInvariant()} {Code}{(Url is null ? "" : $" [{Url}]")}: {Message}";
}
