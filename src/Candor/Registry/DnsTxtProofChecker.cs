using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Candor.Registry;

/// <summary>
/// Proves a domain by a DNS TXT record on the domain itself whose text is the owner's proof text. Asks one name server
/// over UDP (a plain RFC 1035 query, written here), waits at most <paramref name="timeout"/>.
/// </summary>
/// <param name="server">The name server to ask (tests use a loopback responder); by default the first <c>nameserver</c> in /etc/resolv.conf.</param>
/// <param name="timeout">How long to wait for the answer (default 3 s).</param>
public sealed class DnsTxtProofChecker(IPEndPoint? server = null, TimeSpan? timeout = null) : IDomainProofChecker
{
    /// <inheritdoc/>
    public async Task<DomainProofResult> CheckAsync(string domain, string proofText, CancellationToken cancellationToken = default)
    {
        var ns = server ?? SystemServer();
        if (ns is null) return new(false, "dns-txt", "no name server configured");
        try
        {
            var texts = await QueryTxtAsync(ns, domain, timeout ?? TimeSpan.FromSeconds(3), cancellationToken).ConfigureAwait(false);
            var found = texts.Contains(proofText);
            return new(found, "dns-txt", found ? $"TXT record of {domain} holds the proof text" : $"{texts.Count} TXT record(s) of {domain}, none is '{proofText}'");
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or CandorFormatException)
        {
            return new(false, "dns-txt", $"TXT lookup of {domain} at {ns} failed: {e.Message}");
        }
    }

    /// <summary>Asks <paramref name="server"/> for the TXT records of <paramref name="name"/>; each record's strings joined.</summary>
    /// <exception cref="CandorFormatException">The answer is malformed, truncated or an error.</exception>
    public static async Task<IReadOnlyList<string>> QueryTxtAsync(IPEndPoint server, string name, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        var id = (ushort)RandomNumberGenerator.GetInt32(65536);
        var query = new List<byte> { (byte)(id >> 8), (byte)id, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0 };
        foreach (var label in name.TrimEnd('.').Split('.'))
        {
            var bytes = Encoding.ASCII.GetBytes(label);
            if (bytes.Length is 0 or > 63) throw new CandorFormatException($"'{name}' has an empty or too long label");
            query.Add((byte)bytes.Length);
            query.AddRange(bytes);
        }
        query.AddRange([0, 0, 16, 0, 1]);
        using var udp = new UdpClient(server.AddressFamily);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        await udp.SendAsync(query.ToArray(), server, cts.Token).ConfigureAwait(false);
        while (true)
        {
            var answer = await udp.ReceiveAsync(cts.Token).ConfigureAwait(false);
            var m = answer.Buffer;
            if (m.Length < 12 || ((m[0] << 8) | m[1]) != id) continue; // not ours
            return ParseTxt(m);
        }
    }

    private static List<string> ParseTxt(byte[] m)
    {
        if ((m[2] & 0x02) != 0) throw new CandorFormatException("the DNS answer is truncated (TC)");
        var rcode = m[3] & 0x0F;
        if (rcode == 3) return [];
        if (rcode != 0) throw new CandorFormatException($"the name server answered with error code {rcode}");
        var qd = (m[4] << 8) | m[5];
        var an = (m[6] << 8) | m[7];
        var p = 12;
        for (var i = 0; i < qd; i++) { p = SkipName(m, p); p += 4; }
        var texts = new List<string>();
        for (var i = 0; i < an; i++)
        {
            p = SkipName(m, p);
            if (p + 10 > m.Length) throw new CandorFormatException("the DNS answer ends inside a record", p);
            var type = (m[p] << 8) | m[p + 1];
            var length = (m[p + 8] << 8) | m[p + 9];
            p += 10;
            if (p + length > m.Length) throw new CandorFormatException("a DNS record runs past the answer's end", p);
            if (type == 16)
            {
                var sb = new StringBuilder();
                for (var q = p; q < p + length;)
                {
                    var n = m[q++];
                    if (q + n > p + length) throw new CandorFormatException("a TXT string runs past its record", q);
                    sb.Append(Encoding.UTF8.GetString(m, q, n));
                    q += n;
                }
                texts.Add(sb.ToString());
            }
            p += length;
        }
        return texts;
    }

    private static int SkipName(byte[] m, int p)
    {
        while (true)
        {
            if (p >= m.Length) throw new CandorFormatException("a DNS name runs past the answer's end", p);
            var len = m[p];
            if (len == 0) return p + 1;
            if ((len & 0xC0) == 0xC0) return p + 2;
            p += 1 + len;
        }
    }

    private static IPEndPoint? SystemServer()
    {
        try
        {
            foreach (var line in File.ReadLines("/etc/resolv.conf"))
            {
                var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (parts is ["nameserver", var address, ..] && IPAddress.TryParse(address, out var ip)) return new IPEndPoint(ip, 53);
            }
        }
        catch (IOException)
        {
        }
        return null;
    }
}
