using System.Globalization;
using System.Net.Http.Headers;

namespace Candor.C2pa.Validation;

/// <summary>Fetches a remote manifest store (only ever called when network use is allowed).</summary>
internal static class RemoteManifest
{
    // HttpClient.Timeout covers only the wait for the headers when the body is streamed, so a server
    // that answers at once and then sends a byte a second would hold the fetch for as long as it
    // likes. The client has no timeout of its own; each fetch has one deadline over connect,
    // headers and body, as a token every await observes.
    private static readonly HttpClient Client = new() { Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>The outcome of a fetch: the store's bytes, or why there are none.</summary>
    public readonly record struct Result(byte[]? Bytes, string? Problem);

    /// <summary>
    /// Fetches the store at <paramref name="url"/>, refusing it once more than
    /// <paramref name="maxBytes"/> have been announced or received, and giving up after
    /// <paramref name="deadline"/> in all. Cancelling <paramref name="cancellationToken"/> throws
    /// <see cref="OperationCanceledException"/>; every other failure is a <see cref="Result.Problem"/>.
    /// </summary>
    public static async Task<Result> FetchAsync(string url, int maxBytes, TimeSpan deadline, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(deadline, TimeSpan.Zero);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return new(null, $"the remote manifest URL '{url}' is not an http(s) URL");
        using var timeout = new CancellationTokenSource(deadline);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        var token = linked.Token;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/c2pa"));
            using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                return new(null, $"fetching the remote manifest {url} failed: HTTP {(int)response.StatusCode}");
            if (response.Content.Headers.ContentLength > maxBytes)
                return new(null, $"the remote manifest {url} is {response.Content.Headers.ContentLength} bytes, more than the {maxBytes} allowed");
            using var body = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(chunk, token).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                    return new(null, $"the remote manifest {url} is more than the {maxBytes} bytes allowed");
                buffer.Write(chunk, 0, read);
            }
            return new(buffer.ToArray(), null);
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException or IOException)
        {
            // A cancelled read can surface as an IOException; which token fired says what happened.
            cancellationToken.ThrowIfCancellationRequested();
            if (timeout.IsCancellationRequested)
                return new(null, $"fetching the remote manifest {url} timed out after {deadline.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s");
            return new(null, $"fetching the remote manifest {url} failed: {e.Message}");
        }
    }
}
