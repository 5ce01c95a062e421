using Candor.Server;

namespace Candor.Tests.Server;

/// <summary>
/// <see cref="SearchIndexes"/> and three servers over them, started once per test class: one searching the images,
/// one searching the captions and one started without an index.
/// </summary>
public sealed class SearchServers : IAsyncLifetime
{
    private readonly SearchIndexes _indexes = new();

    /// <summary>The server of <see cref="SearchIndexes.ImageFolder"/>.</summary>
    internal ServerHost Images { get; private set; } = null!;

    /// <summary>The server of <see cref="SearchIndexes.CaptionFolder"/>.</summary>
    internal ServerHost Captions { get; private set; } = null!;

    /// <summary>A server started without an index.</summary>
    internal ServerHost NoIndex { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        NoIndex = await ServerHost.StartAsync();
        if (Corpus.RootOrNull is null) return;
        Images = await ServerHost.StartAsync(new ServerOptions { IndexFolder = _indexes.ImageFolder });
        Captions = await ServerHost.StartAsync(new ServerOptions { IndexFolder = _indexes.CaptionFolder });
    }

    public async Task DisposeAsync()
    {
        foreach (var host in new[] { Images, Captions, NoIndex })
            if (host is not null) await host.DisposeAsync();
        _indexes.Dispose();
    }
}
