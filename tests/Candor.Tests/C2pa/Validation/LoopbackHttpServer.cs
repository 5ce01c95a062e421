using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Candor.Tests.C2pa.Validation;

/// <summary>
/// A raw HTTP/1.1 server on 127.0.0.1 (random port) for remote-manifest tests: after reading a
/// request's headers it hands the connection to the responder given, which writes whatever it
/// likes, well-formed, slow or endless. Raw TCP rather than HttpListener so a response can
/// trickle, lie about its length or never end. Every connection ends when the server is disposed.
/// </summary>
internal sealed class LoopbackHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<Stream, CancellationToken, Task> _respond;
    private readonly TaskCompletionSource _requested = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LoopbackHttpServer(Func<Stream, CancellationToken, Task> respond)
    {
        _respond = respond;
        _listener.Start();
        Url = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/manifest.c2pa";
        _ = Task.Run(AcceptAsync);
    }

    /// <summary>The URL to fetch.</summary>
    public string Url { get; }

    /// <summary>Completes when the first request's headers have been read.</summary>
    public Task Requested => _requested.Task;

    /// <summary>"HTTP/1.1 200 OK" with the given extra header lines and the blank line after them.</summary>
    public static Task WriteHeadAsync(Stream stream, string headers, CancellationToken ct) =>
        stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\n{headers}Connection: close\r\n\r\n"), ct).AsTask();

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var seen = new List<byte>();
                var one = new byte[1];
                while (!EndsWithBlankLine(seen) && await stream.ReadAsync(one, _stop.Token) == 1) seen.Add(one[0]);
                _requested.TrySetResult();
                await _respond(stream, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
            {
                // The client gave up or the server stopped: both are what the tests provoke.
            }
        }
    }

    private static bool EndsWithBlankLine(List<byte> b) =>
        b.Count >= 4 && b[^4] == '\r' && b[^3] == '\n' && b[^2] == '\r' && b[^1] == '\n';

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }
}
