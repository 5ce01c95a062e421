using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Candor.Tests.Registry;

/// <summary>A loopback HTTP server that answers every request with one body (200), for the well-known proof file.</summary>
internal sealed class LoopbackHttp : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();

    public LoopbackHttp(string body)
    {
        _listener.Start();
        _ = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var stream = client.GetStream();
                var buffer = new byte[8192];
                var read = 0;
                while (!Encoding.ASCII.GetString(buffer, 0, read).Contains("\r\n\r\n", StringComparison.Ordinal))
                    read += await stream.ReadAsync(buffer.AsMemory(read), _stop.Token);
                var payload = Encoding.UTF8.GetBytes(body);
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {payload.Length}\r\nConnection: close\r\n\r\n"), _stop.Token);
                await stream.WriteAsync(payload, _stop.Token);
            }
        });
    }

    public Uri Base => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }
}

/// <summary>A loopback UDP DNS responder that answers every query with the given TXT strings.</summary>
internal sealed class LoopbackDns : IDisposable
{
    private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _stop = new();

    public LoopbackDns(params string[] texts)
    {
        _ = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                var q = await _udp.ReceiveAsync(_stop.Token);
                var m = q.Buffer;
                var end = 12;
                while (m[end] != 0) end += 1 + m[end];
                end += 5; // zero byte, type, class
                var answer = new List<byte>(m[..2]) { 0x81, 0x80, 0, 1, 0, (byte)texts.Length, 0, 0, 0, 0 };
                answer.AddRange(m[12..end]);
                foreach (var t in texts)
                {
                    var bytes = Encoding.UTF8.GetBytes(t);
                    answer.AddRange([0xC0, 0x0C, 0, 16, 0, 1, 0, 0, 0, 60, 0, (byte)(bytes.Length + 1), (byte)bytes.Length]);
                    answer.AddRange(bytes);
                }
                await _udp.SendAsync(answer.ToArray(), q.RemoteEndPoint, _stop.Token);
            }
        });
    }

    public IPEndPoint EndPoint => (IPEndPoint)_udp.Client.LocalEndPoint!;

    public void Dispose()
    {
        _stop.Cancel();
        _udp.Dispose();
    }
}
