namespace Candor.Server;

/// <summary>The JSON body of every refusal.</summary>
/// <param name="Error">What went wrong, in plain words (never a stack trace).</param>
/// <param name="Kind">The kind: truncated, limitExceeded, malformed, unsupported, badRequest, tooLarge, forbidden, notFound or internal.</param>
public sealed record ApiError(string Error, string Kind);
