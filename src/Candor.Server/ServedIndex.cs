using Candor.Embeddings;
using Candor.Search;

namespace Candor.Server;

/// <summary>
/// The index this server searches (<see cref="ServerOptions.IndexFolder"/>), opened once when the server is built and
/// closed with it, or none. A singleton of the server's services.
/// </summary>
internal sealed class ServedIndex : IDisposable
{
    /// <summary>What the search endpoints answer (404) on a server started without an index.</summary>
    public const string NoIndexMessage =
        "this server has no index to search: start it with 'candor serve --index FOLDER' (build one with 'candor index build DATASET --out FOLDER --embed image')";

    private ServedIndex(SearchIndex? index) => Index = index;

    /// <summary>The open index, or null when the server was started without one.</summary>
    public SearchIndex? Index { get; }

    /// <summary>The open index; 404 with <see cref="NoIndexMessage"/> when there is none.</summary>
    public SearchIndex Require() => Index ?? throw new ApiException(StatusCodes.Status404NotFound, ApiErrors.NotFound, NoIndexMessage);

    /// <summary>
    /// Opens the index of <paramref name="options"/> (checking the encoder configurations it names first, so that a
    /// wrong one stops the server at start rather than failing the first query), or none when it names no folder.
    /// </summary>
    /// <exception cref="ArgumentException">An encoder configuration is given without an index folder.</exception>
    /// <exception cref="DirectoryNotFoundException">The folder is not an index folder.</exception>
    /// <exception cref="FileNotFoundException">An encoder configuration file, or a file of the index, is missing.</exception>
    /// <exception cref="CandorFormatException">A file of the index, or an encoder configuration, is damaged or of another version.</exception>
    public static ServedIndex Open(ServerOptions options)
    {
        if (options.IndexFolder is not { } folder)
        {
            if (options.ImageEncoderConfig is not null || options.TextEncoderConfig is not null)
                throw new ArgumentException("an image or text encoder was given without an index folder to use it with", nameof(options));
            return new ServedIndex(null);
        }
        foreach (var config in new[] { options.ImageEncoderConfig, options.TextEncoderConfig })
            if (config is not null) EncoderConfig.Load(config);
        return new ServedIndex(SearchIndex.Open(folder, new SearchIndexOptions
        {
            ImageEncoderConfig = options.ImageEncoderConfig,
            TextEncoderConfig = options.TextEncoderConfig,
        }));
    }

    public void Dispose() => Index?.Dispose();
}
