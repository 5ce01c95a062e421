namespace Candor.Server;

/// <summary>
/// A request the server refuses, with the HTTP status and the error kind of the JSON body
/// (<c>{"error": Message, "kind": Kind}</c>); raised by the endpoints and answered by <see cref="ApiErrors"/>.
/// </summary>
internal sealed class ApiException(int status, string kind, string message) : Exception(message)
{
    /// <summary>The HTTP status code.</summary>
    public int Status { get; } = status;

    /// <summary>The error kind: truncated, limitExceeded, malformed, unsupported, badRequest, tooLarge, forbidden or notFound.</summary>
    public string Kind { get; } = kind;

    /// <summary>400 with kind badRequest.</summary>
    public static ApiException BadRequest(string message) => new(StatusCodes.Status400BadRequest, ApiErrors.BadRequest, message);
}
