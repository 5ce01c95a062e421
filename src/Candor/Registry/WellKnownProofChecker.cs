namespace Candor.Registry;

/// <summary>
/// Proves a domain by the file <c>https://DOMAIN/.well-known/candor-consent.txt</c>: verified when one of its lines
/// (trimmed) is the owner's proof text. Reads at most 64 KiB.
/// </summary>
/// <param name="http">The client to fetch with (its timeout applies).</param>
/// <param name="location">Where the file of a domain is; by default <c>https://DOMAIN/.well-known/candor-consent.txt</c> (tests point it at loopback).</param>
public sealed class WellKnownProofChecker(HttpClient http, Func<string, Uri>? location = null) : IDomainProofChecker
{
    /// <summary>The path of the proof file on the domain.</summary>
    public const string FilePath = "/.well-known/candor-consent.txt";

    private const int MaxBytes = 64 * 1024;

    /// <inheritdoc/>
    public async Task<DomainProofResult> CheckAsync(string domain, string proofText, CancellationToken cancellationToken = default)
    {
        var uri = location?.Invoke(domain) ?? new Uri($"https://{domain}{FilePath}");
        try
        {
            using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode) return new(false, "well-known", $"{uri} answered {(int)response.StatusCode}");
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var buffer = new byte[MaxBytes];
            var total = 0;
            int n;
            while (total < MaxBytes && (n = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0) total += n;
            var text = System.Text.Encoding.UTF8.GetString(buffer, 0, total);
            var found = text.Split('\n').Any(line => line.Trim() == proofText);
            return new(found, "well-known", found ? $"{uri} holds the proof text" : $"{uri} does not hold the line '{proofText}'");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return new(false, "well-known", $"{uri} could not be read: {e.Message}");
        }
    }
}
