using System.Formats.Asn1;
using System.Net;
using System.Net.Sockets;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace Candor.Tests.C2pa.Trust;

/// <summary>
/// A tiny RFC 3161 time-stamp authority on 127.0.0.1 (random port) for tests: it answers each
/// time-stamp query with a granted TimeStampResp whose token is signed by its own test TSA
/// certificate (EKU timeStamping, issued by <see cref="Root"/>). <see cref="Mode"/> makes it
/// misbehave for error tests.
/// </summary>
internal sealed class LocalTimeStampAuthority : IDisposable
{
    public enum Behaviour { Grant, Refuse, HttpError, Garbage }

    private readonly HttpListener _listener = new();
    private readonly X509Certificate2 _tsa;
    private readonly Thread _thread;
    private long _serial;

    public LocalTimeStampAuthority()
    {
        Root = TestCredentials.RootCa("CN=Candor unit-test TSA root");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Candor unit-test TSA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.8")], true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var issued = TestCredentials.Issue(request, Root);
        _tsa = issued.CopyWithPrivateKey(key);

        for (var attempt = 0; ; attempt++)
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Url = new Uri($"http://127.0.0.1:{port}/tsa/");
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add(Url.ToString());
            try
            {
                _listener.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
            }
        }
        _thread = new Thread(Serve) { IsBackground = true, Name = "local TSA" };
        _thread.Start();
    }

    /// <summary>Where to POST queries.</summary>
    public Uri Url { get; private set; }

    /// <summary>The root CA of the TSA certificate (the anchor that makes its tokens trusted).</summary>
    public X509Certificate2 Root { get; }

    /// <summary>How the next answers behave.</summary>
    public Behaviour Mode { get; set; } = Behaviour.Grant;

    /// <summary>The genTime of the tokens.</summary>
    public DateTimeOffset GenTime { get; set; } = DateTimeOffset.UtcNow.AddMinutes(-5);

    private void Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = _listener.GetContext();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using var body = new MemoryStream();
            context.Request.InputStream.CopyTo(body);
            byte[] answer;
            if (Mode == Behaviour.HttpError || context.Request.ContentType != "application/timestamp-query")
            {
                context.Response.StatusCode = 500;
                answer = [];
            }
            else
            {
                answer = Mode switch
                {
                    Behaviour.Refuse => Response(status: 2, token: null),
                    Behaviour.Garbage => [0x30, 0x03, 0x01, 0x02],
                    _ => Rfc3161TimestampRequest.TryDecode(body.ToArray(), out var query, out _) ? Response(0, Token(query!)) : Response(2, null),
                };
                context.Response.ContentType = "application/timestamp-reply";
            }
            context.Response.OutputStream.Write(answer);
            context.Response.Close();
        }
    }

    // TimeStampResp ::= SEQUENCE { status PKIStatusInfo ::= SEQUENCE { status INTEGER }, timeStampToken ContentInfo OPTIONAL }
    private static byte[] Response(int status, byte[]? token)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence()) writer.WriteInteger(status);
            if (token is not null) writer.WriteEncodedValue(token);
        }
        return writer.Encode();
    }

    // TSTInfo ::= SEQUENCE { version 1, policy OID, messageImprint SEQUENCE { AlgorithmIdentifier, OCTET STRING },
    //                        serialNumber INTEGER, genTime GeneralizedTime, nonce INTEGER OPTIONAL }
    // signed as CMS SignedData with eContentType id-ct-TSTInfo and an ESS signing-certificate-v2 attribute.
    private byte[] Token(Rfc3161TimestampRequest query)
    {
        var tstInfo = new AsnWriter(AsnEncodingRules.DER);
        using (tstInfo.PushSequence())
        {
            tstInfo.WriteInteger(1);
            tstInfo.WriteObjectIdentifier("1.3.6.1.4.1.99999.1");
            using (tstInfo.PushSequence())
            {
                using (tstInfo.PushSequence())
                {
                    tstInfo.WriteObjectIdentifier(query.HashAlgorithmId.Value!);
                    tstInfo.WriteNull();
                }
                tstInfo.WriteOctetString(query.GetMessageHash().Span);
            }
            tstInfo.WriteInteger(new BigInteger(Interlocked.Increment(ref _serial)));
            tstInfo.WriteGeneralizedTime(GenTime, omitFractionalSeconds: true);
            if (query.GetNonce() is { } nonce) tstInfo.WriteIntegerUnsigned(nonce.Span);
        }

        var cms = new SignedCms(new ContentInfo(new Oid("1.2.840.113549.1.9.16.1.4"), tstInfo.Encode()), detached: false);
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, _tsa)
        {
            IncludeOption = X509IncludeOption.EndCertOnly,
            DigestAlgorithm = new Oid("2.16.840.1.101.3.4.2.1"),
        };
        // SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 ::= SEQUENCE { certHash OCTET STRING } } (hash sha256 by default)
        var essCertId = new AsnWriter(AsnEncodingRules.DER);
        using (essCertId.PushSequence())
        using (essCertId.PushSequence())
        using (essCertId.PushSequence())
            essCertId.WriteOctetString(SHA256.HashData(_tsa.RawData));
        signer.SignedAttributes.Add(new AsnEncodedData("1.2.840.113549.1.9.16.2.47", essCertId.Encode()));
        cms.ComputeSignature(signer);
        return cms.Encode();
    }

    public void Dispose()
    {
        // Close (which also stops) races with the serving thread's pending GetContext on a loaded machine;
        // HttpListener may then throw from Close itself. The listener is gone either way.
        try
        {
            _listener.Close();
        }
        catch (Exception e) when (e is ObjectDisposedException or HttpListenerException or InvalidOperationException)
        {
        }
        _thread.Join(TimeSpan.FromSeconds(5));
        _tsa.Dispose();
        Root.Dispose();
    }
}
