using System.Numerics;
using System.Security.Cryptography;
using Candor.Cryptography;
using FsCheck;
using FsCheck.Fluent;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;
using static Candor.Tests.Cryptography.Edwards25519;
using BcEd25519 = Org.BouncyCastle.Math.EC.Rfc8032.Ed25519;

namespace Candor.Tests.Cryptography;

// Candor's streaming Ed25519 verifier against RFC 8032's test vectors and the edge cases where
// implementations are known to differ; on every case its verdict must equal BouncyCastle's.
public class Ed25519VerifierTests
{
    public sealed record Vector(string Name, byte[] Secret, byte[] PublicKey, byte[] Message, byte[] Signature)
    {
        public override string ToString() => Name;
    }

    // RFC 8032 §7.1, typed from the RFC's text into rfc8032-ed25519.txt.
    public static TheoryData<Vector> Rfc8032() => new(Vectors());

    private static IEnumerable<Vector> Vectors() => File.ReadLines(RepositoryRoot.Path("tests/Candor.Tests/Cryptography/rfc8032-ed25519.txt"))
        .Where(line => line.Length > 0 && line[0] != '#')
        .Select(line => line.Split('|'))
        .Select(f => new Vector(f[0], Convert.FromHexString(f[1]), Convert.FromHexString(f[2]), f[3] == "-" ? [] : Convert.FromHexString(f[3]), Convert.FromHexString(f[4])));

    private static bool Candor(byte[] publicKey, byte[] signature, byte[] message) => Ed25519Verifier.Verify(publicKey, signature, h => h.AppendData(message));

    private static bool BouncyCastle(byte[] publicKey, byte[] signature, byte[] message) =>
        BcEd25519.Verify(signature, 0, publicKey, 0, message, 0, message.Length);

    // Both verdicts, asserted equal; returns the common one.
    private static bool Agreed(byte[] publicKey, byte[] signature, byte[] message)
    {
        var candor = Candor(publicKey, signature, message);
        Assert.True(candor == BouncyCastle(publicKey, signature, message), $"Candor says {candor}, BouncyCastle the opposite: key {Convert.ToHexStringLower(publicKey)}, signature {Convert.ToHexStringLower(signature)}");
        return candor;
    }

    [Fact]
    public void The_vector_file_holds_the_five_tests_of_section_7_1()
    {
        Assert.Equal(["TEST 1", "TEST 2", "TEST 3", "TEST 1024", "TEST SHA(abc)"], Vectors().Select(v => v.Name));
    }

    [Theory]
    [MemberData(nameof(Rfc8032))]
    public void Rfc8032_vectors_verify_and_were_typed_right(Vector v)
    {
        // The secret key re-derives the public key and the (deterministic) signature: a typo in the file fails here.
        var secret = new Ed25519PrivateKeyParameters(v.Secret);
        Assert.Equal(v.PublicKey, secret.GeneratePublicKey().GetEncoded());
        var signer = new Ed25519Signer();
        signer.Init(true, secret);
        signer.BlockUpdate(v.Message, 0, v.Message.Length);
        Assert.Equal(v.Signature, signer.GenerateSignature());

        Assert.True(Agreed(v.PublicKey, v.Signature, v.Message));
    }

    [Theory]
    [MemberData(nameof(Rfc8032))]
    public void A_changed_bit_of_the_signature_key_or_message_is_rejected(Vector v)
    {
        foreach (var bit in new[] { 0, 100, 255, 256, 300, 503 })
        {
            var signature = (byte[])v.Signature.Clone();
            signature[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(Agreed(v.PublicKey, signature, v.Message));
        }
        var key = (byte[])v.PublicKey.Clone();
        key[0] ^= 1;
        Assert.False(Agreed(key, v.Signature, v.Message));
        Assert.False(Agreed(v.PublicKey, v.Signature, [.. v.Message, 0]));
    }

    [Theory]
    [MemberData(nameof(Rfc8032))]
    public void A_non_canonical_s_is_rejected(Vector v)
    {
        // S + L satisfies the verification equation as well as S; RFC 8032 §5.1.7 requires S < L.
        var s = new BigInteger(v.Signature.AsSpan(32), isUnsigned: true);
        Assert.False(Agreed(v.PublicKey, [.. v.Signature[..32], .. Scalar(s + L)], v.Message));
        Assert.False(Agreed(v.PublicKey, [.. v.Signature[..32], .. Scalar(s + 8 * L)], v.Message));
    }

    [Fact]
    public void Small_order_public_keys_are_rejected_whatever_the_signature()
    {
        // With A of small order, [S]B − [h]A = R holds for R = [S]B whenever ord(A) divides h: for the
        // identity, always — a key that "signs" every message. BouncyCastle refuses such keys outright.
        var points = SmallOrderPoints();
        Assert.Equal(8, points.Count);
        var message = "any message"u8.ToArray();
        foreach (var a in points)
            foreach (var s in new BigInteger[] { 0, 1, RandomScalar() })
                Assert.False(Agreed(Encode(a), [.. Encode(Multiply(s, Base)), .. Scalar(s)], message), $"small-order key {Convert.ToHexStringLower(Encode(a))}");
    }

    [Fact]
    public void Non_canonical_public_key_and_r_encodings_are_rejected()
    {
        var message = "non-canonical"u8.ToArray();
        // Points whose y is below 19 can also be written as y + p (< 2^255).
        for (var y = 0; y < 19; y++)
            foreach (var odd in new[] { false, true })
            {
                if (Decode(EncodeY(y, odd)) is null) continue;
                Assert.False(Agreed(EncodeY(y + P, odd), [.. Encode(Identity), .. Scalar(0)], message), $"A with y = {y} + p");
            }

        // The identity as R, written canonically and as y = 1 + p, with S = h·a so that [S]B − [h]A is the identity.
        var a = RandomScalar();
        var publicKey = Encode(Multiply(a, Base));
        foreach (var (r, valid) in new[] { (Encode(Identity), true), (EncodeY(1 + P, false), false) })
        {
            var s = Challenge(r, publicKey, message) * a % L;
            Assert.Equal(valid, Agreed(publicKey, [.. r, .. Scalar(s)], message));
        }
    }

    [Fact]
    public void Mixed_order_keys_and_r_follow_the_same_equation_in_both()
    {
        // A mixed-order key A = [a]B + T (T of order 8) signs "honestly" (S = r + h·a): the cofactorless equation
        // [S]B − [h]A = R holds only when 8 divides h, the cofactored one (RFC 8032 §5.1.7, BouncyCastle) always.
        var torsion = SmallOrderPoints().First(t => Multiply(4, t) != Identity);
        var a = RandomScalar();
        var mixedKey = Encode(Add(Multiply(a, Base), torsion));
        var honestKey = Encode(Multiply(a, Base));
        for (var i = 0; i < 24; i++)
        {
            var message = BitConverter.GetBytes(i);
            var r = RandomScalar();
            var rPoint = Encode(Multiply(r, Base));
            var h = Challenge(rPoint, mixedKey, message);
            Assert.True(Agreed(mixedKey, [.. rPoint, .. Scalar((r + h * a) % L)], message));

            var mixedR = Encode(Add(Multiply(r, Base), torsion));
            var h2 = Challenge(mixedR, honestKey, message);
            Assert.True(Agreed(honestKey, [.. mixedR, .. Scalar((r + h2 * a) % L)], message));
        }
    }

    [Fact]
    public void Agrees_with_BouncyCastle_on_random_keys_messages_and_tampering()
    {
        var random = new SecureRandom();
        Prop.ForAll<byte[], bool>((message, tamper) =>
        {
            var priv = new Ed25519PrivateKeyParameters(random);
            var signer = new Ed25519Signer();
            signer.Init(true, priv);
            signer.BlockUpdate(message, 0, message.Length);
            var sig = signer.GenerateSignature();
            var pk = priv.GeneratePublicKey().GetEncoded();
            var checkedMessage = tamper ? [.. message, 0x42] : message;
            return Candor(pk, sig, checkedMessage) == !tamper;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Malformed_keys_and_signatures_are_invalid_not_errors()
    {
        var sig = new byte[64];
        Array.Fill(sig, (byte)0xFF);
        Assert.False(Candor(new byte[32], sig, []));
        Assert.False(Ed25519Verifier.Verify(new byte[31], new byte[64], _ => { }));
        Assert.False(Candor(RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(64), []));
    }
}
