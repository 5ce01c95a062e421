using Candor.Server;

namespace Candor.Tests.Server.Browser;

/// <summary>
/// The browser fixture of the Search and Attribute pages: <see cref="SearchIndexes"/> built first, then a
/// <see cref="ServedBrowser"/> whose server searches the image index, and two more local servers — the caption index
/// and no index — whose pages the same chromium opens.
/// </summary>
public sealed class SearchBrowser : IAsyncLifetime
{
    private readonly SearchIndexes _indexes = new();
    private ServerHost? _captions;
    private ServerHost? _noIndex;

    /// <summary>The browser, on the server of the image index.</summary>
    public ServedBrowser Browser { get; private set; } = null!;

    /// <summary>The address of the server of the caption index.</summary>
    public Uri CaptionsAddress => _captions?.Client.BaseAddress ?? throw new InvalidOperationException("the fixture is not started");

    /// <summary>The address of a server without an index.</summary>
    public Uri NoIndexAddress => _noIndex?.Client.BaseAddress ?? throw new InvalidOperationException("the fixture is not started");

    public async Task InitializeAsync()
    {
        if (Corpus.RootOrNull is null) return;
        Browser = new ServedBrowser(new ServerOptions { IndexFolder = _indexes.ImageFolder });
        await Browser.InitializeAsync();
        _captions = await ServerHost.StartAsync(new ServerOptions { IndexFolder = _indexes.CaptionFolder });
        _noIndex = await ServerHost.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_noIndex is not null) await _noIndex.DisposeAsync();
        if (_captions is not null) await _captions.DisposeAsync();
        if (Browser is not null) await Browser.DisposeAsync();
        _indexes.Dispose();
    }
}
