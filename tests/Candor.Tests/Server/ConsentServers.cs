using Candor.Registry;
using Candor.Server;

namespace Candor.Tests.Server;

/// <summary>
/// A SQLite consent registry in a temporary folder, whose domain proofs are looked up in <see cref="Published"/>
/// (what each domain "publishes", so no test reaches the network), and a server over it; started once per test class.
/// </summary>
public sealed class ConsentServers : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("candor-consent-server-").FullName;

    /// <summary>Domain → the proof lines it publishes, as the test sets them.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, string> Published { get; } = new();

    /// <summary>The registry the server serves.</summary>
    public ConsentRegistry Registry { get; private set; } = null!;

    /// <summary>The server with the registry.</summary>
    internal ServerHost Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Registry = new ConsentRegistry(new SqliteConsentStore(Path.Combine(_folder, "consent.db")), [new PublishedChecker(Published)]);
        await Registry.InitializeAsync();
        Server = await ServerHost.StartAsync(new ServerOptions { Registry = Registry, OwnerRegistrationsPerMinute = 1000 });
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Registry.Store.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>A checker that reads what a domain "publishes" from a dictionary.</summary>
    private sealed class PublishedChecker(System.Collections.Concurrent.ConcurrentDictionary<string, string> published) : IDomainProofChecker
    {
        public Task<DomainProofResult> CheckAsync(string domain, string proofText, CancellationToken cancellationToken = default)
        {
            var found = published.TryGetValue(domain, out var text) && text.Split('\n').Any(l => l.Trim() == proofText);
            return Task.FromResult(new DomainProofResult(found, "well-known", found ? $"{domain} publishes the proof text" : $"{domain} does not publish '{proofText}'"));
        }
    }
}
