using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;

namespace Candor.C2pa.Trust;

/// <summary>
/// Asks an RFC 3161 time-stamp authority (TSA) for a token over some bytes: an HTTP POST of a
/// <c>application/timestamp-query</c> with a random nonce, asking for the TSA's certificate in the
/// token. The answer is checked against the request (status, nonce, message imprint, signature)
/// before the token is returned. Used by signing with <c>--tsa URL</c>; validation never goes online.
/// </summary>
public sealed class Rfc3161Client
{
    private static readonly HttpClient SharedHttp = new();
    private const int MaxResponseBytes = 1 << 20;
    private readonly HttpClient _http;

    /// <summary>A client over <paramref name="http"/>, or over a shared <see cref="HttpClient"/> when null.</summary>
    public Rfc3161Client(HttpClient? http = null) => _http = http ?? SharedHttp;

    /// <summary>How long to wait for the TSA.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The DER <c>TimeStampToken</c> the TSA at <paramref name="tsa"/> issues over the
    /// <paramref name="hash"/> of <paramref name="dataToStamp"/> (for C2PA <c>sigTst2</c>, the bytes of
    /// <see cref="CoseTimeStamp.SigTst2Message(Candor.C2pa.Cose.CoseSign1)"/>). A TSA that cannot be reached, times out or
    /// answers with an HTTP error is an <see cref="HttpRequestException"/>; an answer that is not a
    /// granted, matching RFC 3161 response is a <see cref="CandorFormatException"/>.
    /// </summary>
    public byte[] RequestToken(Uri tsa, ReadOnlySpan<byte> dataToStamp, HashAlgorithmName hash)
    {
        ArgumentNullException.ThrowIfNull(tsa);
        var nonce = RandomNumberGenerator.GetBytes(8);
        nonce[0] = (byte)((nonce[0] & 0x7F) | 0x01); // positive and minimal as a DER INTEGER
        var request = Rfc3161TimestampRequest.CreateFromData(dataToStamp, hash, requestedPolicyId: null, nonce: nonce, requestSignerCertificates: true);
        var answer = Post(tsa, request.Encode());

        var token = Rfc3161Token.Extract(answer);
        try
        {
            request.ProcessResponse(answer, out _);
        }
        catch (CryptographicException e)
        {
            throw new CandorFormatException($"RFC 3161: the answer of {tsa} does not match the request ({e.Message})", inner: e);
        }
        return token.ToArray();
    }

    private byte[] Post(Uri tsa, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");
        using var message = new HttpRequestMessage(HttpMethod.Post, tsa) { Content = content };
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            using var response = _http.Send(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
                throw new HttpRequestException($"the time-stamp authority {tsa} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
            using var stream = response.Content.ReadAsStream(timeout.Token);
            var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = stream.Read(chunk)) > 0)
            {
                if (buffer.Length + read > MaxResponseBytes) throw new CandorFormatException($"RFC 3161: the answer of {tsa} is larger than {MaxResponseBytes} bytes", kind: FormatErrorKind.LimitExceeded);
                buffer.Write(chunk, 0, read);
            }
            if (buffer.Length == 0) throw new CandorFormatException($"RFC 3161: {tsa} answered with an empty body");
            return buffer.ToArray();
        }
        catch (OperationCanceledException e)
        {
            throw new HttpRequestException($"the time-stamp authority {tsa} did not answer within {Timeout.TotalSeconds:0} s", e);
        }
        catch (HttpRequestException e) when (e.StatusCode is null)
        {
            throw new HttpRequestException($"the time-stamp authority {tsa} cannot be reached ({e.Message})", e);
        }
    }
}
