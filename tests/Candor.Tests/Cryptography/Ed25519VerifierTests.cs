using System.Security.Cryptography;
using Candor.Cryptography;
using FsCheck;
using FsCheck.Fluent;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace Candor.Tests.Cryptography;

public class Ed25519VerifierTests
{
    // RFC 8032 §7.1, test 1 (empty message) and test 2 (one byte).
    [Theory]
    [InlineData("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")]
    [InlineData("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00")]
    public void Rfc8032_vectors_verify_and_a_flipped_bit_does_not(string key, string message, string signature)
    {
        var pk = Convert.FromHexString(key);
        var msg = Convert.FromHexString(message);
        var sig = Convert.FromHexString(signature);
        Assert.True(Ed25519Verifier.Verify(pk, sig, h => h.AppendData(msg)));
        sig[5] ^= 1;
        Assert.False(Ed25519Verifier.Verify(pk, sig, h => h.AppendData(msg)));
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
            return Ed25519Verifier.Verify(pk, sig, h => h.AppendData(checkedMessage)) == !tamper;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Malformed_keys_and_signatures_are_invalid_not_errors()
    {
        var sig = new byte[64];
        Array.Fill(sig, (byte)0xFF);
        Assert.False(Ed25519Verifier.Verify(new byte[32], sig, _ => { }));
        Assert.False(Ed25519Verifier.Verify(new byte[31], new byte[64], _ => { }));
        Assert.False(Ed25519Verifier.Verify(RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(64), _ => { }));
    }
}
