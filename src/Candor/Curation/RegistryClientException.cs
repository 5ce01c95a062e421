namespace Candor.Curation;

/// <summary>A consent registry could not answer a bulk check: refused, unreachable, too slow or answering something else.</summary>
public sealed class RegistryClientException : Exception
{
    /// <summary>Creates the exception with the registry's HTTP status (when it answered) and the error code of its body (when it gave one).</summary>
    public RegistryClientException(string message, int? statusCode = null, string? errorCode = null, Exception? inner = null)
        : base(message, inner)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
    }

    /// <summary>The HTTP status of the last answer; null when none came (connection refused, time-out).</summary>
    public int? StatusCode { get; }

    /// <summary>The <c>error.code</c> of the registry's error body, when it gave one.</summary>
    public string? ErrorCode { get; }
}
