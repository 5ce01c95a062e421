using Candor.C2pa.Signing;
using Candor.Registry;

namespace Candor.Server;

/// <summary>How <see cref="CandorServer.Build"/> configures the server: upload cap, concurrency, the optional signing key and the optional index to search.</summary>
public sealed record ServerOptions
{
    /// <summary>The address served when neither the arguments nor the environment name one: loopback only.</summary>
    public const string DefaultUrl = "http://127.0.0.1:8080";

    /// <summary>The largest uploaded file accepted, in bytes (default 64 MiB); a larger request is answered 413.</summary>
    public long MaxUploadBytes { get; init; } = 64L << 20;

    /// <summary>Requests that read or write images at once (default: the number of cores); the others wait in a queue.</summary>
    public int MaxConcurrentRequests { get; init; } = Environment.ProcessorCount;

    /// <summary>Requests that may wait for a slot (default 64); beyond that a request is answered 503.</summary>
    public int QueueLimit { get; init; } = 64;

    /// <summary>
    /// The key and certificate chain that <c>/api/c2pa/sign</c> and <c>/api/disclose</c> with <c>sign=true</c> sign with,
    /// or null when this server does not sign. The server does not dispose them.
    /// </summary>
    public C2paSigningCredentials? Signing { get; init; }

    /// <summary>
    /// An index folder (<c>candor index build</c>) that the search, attribution and clip-retrieval endpoints query, or
    /// null when this server searches nothing (those endpoints then answer 404). Opened once by
    /// <see cref="CandorServer.Build"/> and closed when the server is disposed.
    /// </summary>
    public string? IndexFolder { get; init; }

    /// <summary>An image encoder configuration to use with <see cref="IndexFolder"/> instead of the one its manifest names (it must share the image index's space).</summary>
    public string? ImageEncoderConfig { get; init; }

    /// <summary>A text encoder configuration to use with <see cref="IndexFolder"/> (e.g. CLIP's text tower, for text-to-image search).</summary>
    public string? TextEncoderConfig { get; init; }

    /// <summary>
    /// The consent registry the <c>/api/consent/…</c> and Spawning-compatible endpoints serve (initialised by the caller,
    /// who also disposes its store), or null when this server has none (those endpoints then answer 404).
    /// </summary>
    public ConsentRegistry? Registry { get; init; }

    /// <summary>Owner registrations accepted per client address per minute (default 30); more are answered 429.</summary>
    public int OwnerRegistrationsPerMinute { get; init; } = 30;
}
