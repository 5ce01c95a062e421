using System.Collections.Concurrent;
using Candor.Registry;
using Candor.Server;

namespace Candor.Tests.Server.Browser;

/// <summary>
/// The browser fixture of the Consent, Signals and (with consent status) Search pages: a SQLite consent registry in a
/// temporary folder whose domain proofs are read from <see cref="Published"/>, the caption index of
/// <see cref="SearchIndexes"/>, and a <see cref="ServedBrowser"/> whose server serves both.
/// </summary>
public sealed class ConsentBrowser : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("candor-consent-browser-").FullName;
    private readonly SearchIndexes _indexes = new();

    /// <summary>Domain → the proof lines it publishes.</summary>
    public ConcurrentDictionary<string, string> Published { get; } = new();

    /// <summary>The registry the server serves.</summary>
    public ConsentRegistry Registry { get; private set; } = null!;

    /// <summary>The browser, on the server.</summary>
    public ServedBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (Corpus.RootOrNull is null) return;
        Registry = new ConsentRegistry(new SqliteConsentStore(Path.Combine(_folder, "consent.db")), [new PublishedChecker(Published)]);
        await Registry.InitializeAsync();
        Browser = new ServedBrowser(new ServerOptions { Registry = Registry, IndexFolder = _indexes.CaptionFolder });
        await Browser.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        if (Registry is not null) await Registry.Store.DisposeAsync();
        _indexes.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private sealed class PublishedChecker(ConcurrentDictionary<string, string> published) : IDomainProofChecker
    {
        public Task<DomainProofResult> CheckAsync(string domain, string proofText, CancellationToken cancellationToken = default)
        {
            var found = published.TryGetValue(domain, out var text) && text.Split('\n').Any(l => l.Trim() == proofText);
            return Task.FromResult(new DomainProofResult(found, "well-known", found ? $"https://{domain}/.well-known/candor-consent.txt holds the proof text" : $"https://{domain}/.well-known/candor-consent.txt does not hold the line '{proofText}'"));
        }
    }
}
