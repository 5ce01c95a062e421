using Candor.C2pa.Signing;

namespace Candor.Server;

/// <summary>The server's signing credentials, used by one request at a time (a signing key is not shared between threads).</summary>
internal sealed class SigningGate(ServerOptions options) : IDisposable
{
    private readonly SemaphoreSlim _one = new(1, 1);

    /// <summary>The credentials, or null when this server does not sign.</summary>
    public C2paSigningCredentials? Credentials => options.Signing;

    /// <summary>Runs <paramref name="work"/> with the credentials held by this request alone.</summary>
    public async Task<T> RunAsync<T>(Func<C2paSigningCredentials, T> work, CancellationToken cancellationToken)
    {
        var credentials = Credentials ?? throw new ApiException(StatusCodes.Status404NotFound, ApiErrors.NotFound, "this server has no signing key");
        await _one.WaitAsync(cancellationToken);
        try
        {
            return work(credentials);
        }
        finally
        {
            _one.Release();
        }
    }

    public void Dispose() => _one.Dispose();
}
