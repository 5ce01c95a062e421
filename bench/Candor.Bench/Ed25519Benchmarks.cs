using BenchmarkDotNet.Attributes;
using Candor.Cryptography;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using BcEd25519 = Org.BouncyCastle.Math.EC.Rfc8032.Ed25519;

namespace Candor.Bench;

/// <summary>
/// Ed25519 verification over a 4 MiB message, the size of the pixel message a NovelAI signature covers:
/// Candor's verifier (streams the message through .NET's native SHA-512) against BouncyCastle's
/// (its own managed SHA-512), one-shot and streamed. This measurement decides whether Candor keeps its own
/// verifier (docs/c2pa.md, "Cryptography underneath").
/// </summary>
[MemoryDiagnoser]
public class Ed25519Benchmarks
{
    private readonly byte[] _message = new byte[4 << 20];
    private byte[] _publicKey = null!;
    private byte[] _signature = null!;

    [GlobalSetup]
    public void Setup()
    {
        new Random(8032).NextBytes(_message);
        var key = new Ed25519PrivateKeyParameters(new byte[32]);
        _publicKey = key.GeneratePublicKey().GetEncoded();
        var signer = new Ed25519Signer();
        signer.Init(true, key);
        signer.BlockUpdate(_message, 0, _message.Length);
        _signature = signer.GenerateSignature();
    }

    [Benchmark(Baseline = true)]
    public bool Candor_native_sha512() => Ed25519Verifier.Verify(_publicKey, _signature, h => h.AppendData(_message));

    [Benchmark]
    public bool BouncyCastle_one_shot() => BcEd25519.Verify(_signature, 0, _publicKey, 0, _message, 0, _message.Length);

    [Benchmark]
    public bool BouncyCastle_streamed()
    {
        var verifier = new Ed25519Signer();
        verifier.Init(false, new Ed25519PublicKeyParameters(_publicKey));
        verifier.BlockUpdate(_message, 0, _message.Length);
        return verifier.VerifySignature(_signature);
    }
}
