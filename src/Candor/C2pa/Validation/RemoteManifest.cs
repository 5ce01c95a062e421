using System.Net.Http.Headers;

namespace Candor.C2pa.Validation;

/// <summary>Fetches a remote manifest store (only ever called when network use is allowed).</summary>
internal static class RemoteManifest
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>The store's bytes, or null with <paramref name="problem"/> saying why.</summary>
    public static byte[]? Fetch(string url, int maxBytes, out string? problem)
    {
        problem = null;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            problem = $"the remote manifest URL '{url}' is not an http(s) URL";
            return null;
        }
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/c2pa"));
            using var response = Client.Send(request, HttpCompletionOption.ResponseHeadersRead);
            if (!response.IsSuccessStatusCode)
            {
                problem = $"fetching the remote manifest {url} failed: HTTP {(int)response.StatusCode}";
                return null;
            }
            if (response.Content.Headers.ContentLength > maxBytes)
            {
                problem = $"the remote manifest {url} is {response.Content.Headers.ContentLength} bytes, more than the {maxBytes} allowed";
                return null;
            }
            using var body = response.Content.ReadAsStream();
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = body.Read(chunk)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    problem = $"the remote manifest {url} is more than the {maxBytes} bytes allowed";
                    return null;
                }
                buffer.Write(chunk, 0, read);
            }
            return buffer.ToArray();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            problem = $"fetching the remote manifest {url} failed: {e.Message}";
            return null;
        }
    }
}
