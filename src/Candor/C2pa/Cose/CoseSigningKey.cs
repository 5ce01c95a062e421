using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace Candor.C2pa.Cose;

/// <summary>
/// A private key that can sign a COSE_Sign1: ECDSA (P-256/384/521), RSA (for PSS) or Ed25519.
/// Load one from PEM with <see cref="FromPem"/>, or wrap a key you hold with <see cref="FromECDsa"/>
/// or <see cref="FromRsa"/> (the wrapped key stays yours to dispose).
/// </summary>
public sealed class CoseSigningKey : IDisposable
{
    private enum KeyKind { Ec, Rsa, Ed25519 }

    // PKCS#8 privateKeyAlgorithm OID → kind of key.
    private static readonly Dictionary<string, KeyKind> Pkcs8Algorithms = new(StringComparer.Ordinal)
    {
        ["1.2.840.10045.2.1"] = KeyKind.Ec,
        ["1.2.840.113549.1.1.1"] = KeyKind.Rsa,
        ["1.2.840.113549.1.1.10"] = KeyKind.Rsa,
        ["1.3.101.112"] = KeyKind.Ed25519,
    };

    // PEM label → kind of key, for the labels that name it.
    private static readonly Dictionary<string, KeyKind> PemLabels = new(StringComparer.Ordinal)
    {
        ["EC PRIVATE KEY"] = KeyKind.Ec,
        ["RSA PRIVATE KEY"] = KeyKind.Rsa,
    };

    private const string RsaEncryptionOid = "1.2.840.113549.1.1.1";
    private const string RsaPssOid = "1.2.840.113549.1.1.10";
    private const string Ed25519Oid = "1.3.101.112";

    private readonly ECDsa? _ecdsa;
    private readonly RSA? _rsa;
    private readonly Ed25519PrivateKeyParameters? _ed25519;
    private readonly bool _owned;

    private CoseSigningKey(ECDsa? ecdsa, RSA? rsa, Ed25519PrivateKeyParameters? ed25519, bool owned)
    {
        _ecdsa = ecdsa;
        _rsa = rsa;
        _ed25519 = ed25519;
        _owned = owned;
    }

    /// <summary>Wraps an ECDSA key (not disposed with this object).</summary>
    public static CoseSigningKey FromECDsa(ECDsa key) => new(key ?? throw new ArgumentNullException(nameof(key)), null, null, owned: false);

    /// <summary>Wraps an RSA key (not disposed with this object).</summary>
    public static CoseSigningKey FromRsa(RSA key) => new(null, key ?? throw new ArgumentNullException(nameof(key)), null, owned: false);

    /// <summary>
    /// Loads the first private key of a PEM text: PKCS#8 "PRIVATE KEY" (EC, RSA or Ed25519),
    /// "EC PRIVATE KEY" or "RSA PRIVATE KEY". An unreadable key is a <see cref="CandorFormatException"/>.
    /// </summary>
    public static CoseSigningKey FromPem(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        if (!PemEncoding.TryFind(pem, out var fields)) throw new CandorFormatException("the text holds no PEM block", block: "private key PEM");
        var label = pem[fields.Label];
        var der = Convert.FromBase64String(pem[fields.Base64Data]);
        byte[]? privateKey = null;
        try
        {
            var kind = label == "PRIVATE KEY" ? Pkcs8Kind(der, out privateKey)
                : PemLabels.TryGetValue(label, out var k) ? k
                : throw new CandorFormatException($"PEM block '{label}' is not a private key Candor can sign with", block: "private key PEM", kind: FormatErrorKind.Unsupported);
            switch (kind)
            {
                case KeyKind.Ec:
                    {
                        var ec = ECDsa.Create();
                        ec.ImportFromPem(pem);
                        return new(ec, null, null, owned: true);
                    }
                case KeyKind.Rsa:
                    {
                        // An RSASSA-PSS PKCS#8 key (OID 1.2.840.113549.1.1.10) is still an RSAPrivateKey inside;
                        // .NET's PKCS#8 import only knows rsaEncryption, so import the inner key directly.
                        var rsa = RSA.Create();
                        if (privateKey is not null) rsa.ImportRSAPrivateKey(privateKey, out _);
                        else rsa.ImportFromPem(pem);
                        return new(null, rsa, null, owned: true);
                    }
                default:
                    return new(null, null, (Ed25519PrivateKeyParameters)PrivateKeyFactory.CreateKey(der), owned: true);
            }
        }
        catch (Exception e) when (e is CryptographicException or AsnContentException or ArgumentException or InvalidCastException or IOException)
        {
            throw new CandorFormatException($"the private key cannot be read ({e.Message})", block: "private key PEM", inner: e);
        }
    }

    /// <summary>True when this key can sign with <paramref name="algorithm"/> (ECDSA curve size is checked when signing).</summary>
    public bool Supports(CoseAlgorithm algorithm) => algorithm switch
    {
        CoseAlgorithm.Es256 or CoseAlgorithm.Es384 or CoseAlgorithm.Es512 => _ecdsa is not null,
        CoseAlgorithm.Ps256 or CoseAlgorithm.Ps384 or CoseAlgorithm.Ps512 => _rsa is not null,
        CoseAlgorithm.EdDsa => _ed25519 is not null,
        _ => false,
    };

    /// <summary>Signs <paramref name="data"/>: ECDSA as raw r‖s, RSA-PSS with salt = hash length, or Ed25519.</summary>
    internal byte[] Sign(ReadOnlySpan<byte> data, CoseAlgorithm algorithm, HashAlgorithmName hash)
    {
        if (!Supports(algorithm)) throw new ArgumentException($"this key cannot sign with {algorithm}", nameof(algorithm));
        if (_ecdsa is not null) return _ecdsa.SignData(data, hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        if (_rsa is not null) return _rsa.SignData(data.ToArray(), hash, RSASignaturePadding.Pss);
        var signer = new Ed25519Signer();
        signer.Init(true, _ed25519);
        var bytes = data.ToArray();
        signer.BlockUpdate(bytes, 0, bytes.Length);
        return signer.GenerateSignature();
    }

    /// <summary>
    /// The algorithm this key signs with unless told otherwise: ES256/ES384/ES512 by the curve
    /// (P-256, P-384, P-521), PS256 for RSA, EdDSA for Ed25519.
    /// </summary>
    public CoseAlgorithm DefaultAlgorithm => _ecdsa is not null
        ? _ecdsa.KeySize switch { <= 256 => CoseAlgorithm.Es256, <= 384 => CoseAlgorithm.Es384, _ => CoseAlgorithm.Es512 }
        : _rsa is not null ? CoseAlgorithm.Ps256 : CoseAlgorithm.EdDsa;

    /// <summary>The length of a signature this key makes with <paramref name="algorithm"/>: r‖s for ECDSA, the modulus for RSA, 64 for Ed25519.</summary>
    public int SignatureLength(CoseAlgorithm algorithm)
    {
        if (!Supports(algorithm)) throw new ArgumentException($"this key cannot sign with {algorithm}", nameof(algorithm));
        if (_ecdsa is not null) return 2 * ((_ecdsa.KeySize + 7) / 8);
        if (_rsa is not null) return (_rsa.KeySize + 7) / 8;
        return 64;
    }

    /// <summary>
    /// True when <paramref name="certificate"/> holds this key's public half: the same curve and
    /// point (EC), modulus and exponent (RSA, also in an RSASSA-PSS certificate) or 32-byte key (Ed25519).
    /// </summary>
    internal bool IsKeyOf(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        try
        {
            if (_ecdsa is not null)
            {
                using var theirs = certificate.GetECDsaPublicKey();
                if (theirs is null) return false;
                var (a, b) = (_ecdsa.ExportParameters(false), theirs.ExportParameters(false));
                return a.Curve.Oid?.Value == b.Curve.Oid?.Value && a.Q.X.AsSpan().SequenceEqual(b.Q.X) && a.Q.Y.AsSpan().SequenceEqual(b.Q.Y);
            }
            if (_rsa is not null)
            {
                var keyOid = certificate.PublicKey.Oid.Value;
                if (keyOid is not (RsaEncryptionOid or RsaPssOid)) return false;
                var key = new AsnReader(certificate.PublicKey.EncodedKeyValue.RawData, AsnEncodingRules.DER).ReadSequence();
                var modulus = key.ReadIntegerBytes().Span.TrimStart((byte)0);
                var exponent = key.ReadIntegerBytes().Span.TrimStart((byte)0);
                var ours = _rsa.ExportParameters(false);
                return modulus.SequenceEqual(ours.Modulus.AsSpan().TrimStart((byte)0)) && exponent.SequenceEqual(ours.Exponent.AsSpan().TrimStart((byte)0));
            }
            return certificate.PublicKey.Oid.Value == Ed25519Oid
                && certificate.PublicKey.EncodedKeyValue.RawData.AsSpan().SequenceEqual(_ed25519!.GeneratePublicKey().GetEncoded());
        }
        catch (Exception e) when (e is CryptographicException or AsnContentException)
        {
            return false;
        }
    }

    /// <summary>The ECDSA key size in bits, or 0 for other keys.</summary>
    internal int EcKeySize => _ecdsa?.KeySize ?? 0;

    /// <summary>Disposes keys this object created.</summary>
    public void Dispose()
    {
        if (!_owned) return;
        _ecdsa?.Dispose();
        _rsa?.Dispose();
    }

    // PrivateKeyInfo ::= SEQUENCE { version INTEGER, privateKeyAlgorithm AlgorithmIdentifier, privateKey OCTET STRING, ... }
    private static KeyKind Pkcs8Kind(byte[] der, out byte[] privateKey)
    {
        var info = new AsnReader(der, AsnEncodingRules.BER).ReadSequence();
        info.ReadInteger();
        var oid = info.ReadSequence().ReadObjectIdentifier();
        privateKey = info.ReadOctetString();
        return Pkcs8Algorithms.TryGetValue(oid, out var kind) ? kind
            : throw new CandorFormatException($"PKCS#8 key algorithm {oid} is not one Candor can sign with", block: "private key PEM", kind: FormatErrorKind.Unsupported);
    }
}
