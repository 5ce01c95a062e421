using System.Numerics;
using Candor.Cryptography;
using FsCheck;
using FsCheck.Fluent;

namespace Candor.Tests.Cryptography;

// The fixed-width field of the Ed25519 verifier against BigInteger arithmetic modulo p = 2^255 − 19.
public class Field25519Tests
{
    private static readonly BigInteger P = BigInteger.Pow(2, 255) - 19;

    private static BigInteger Value(Field25519 f)
    {
        var bytes = new byte[32];
        f.ToBytes(bytes);
        return new BigInteger(bytes, isUnsigned: true);
    }

    // 32 random bytes with bit 255 cleared: any value below 2^255, including the 19 non-canonical ones ≥ p.
    private static Field25519 Element(byte[] bytes, out BigInteger value)
    {
        var b = new byte[32];
        bytes.AsSpan(0, Math.Min(32, bytes.Length)).CopyTo(b);
        b[31] &= 0x7F;
        value = new BigInteger(b, isUnsigned: true);
        return Field25519.FromBytes(b);
    }

    private static Arbitrary<byte[]> Bytes32 => Gen.OneOf(
            Gen.ArrayOf(ArbMap.Default.GeneratorFor<byte>(), 32),
            // Values near p and near 0, where reductions go wrong first.
            Gen.Choose(0, 40).Select(k => (P - 20 + k).ToByteArray(isUnsigned: true).Concat(new byte[32]).Take(32).ToArray()),
            Gen.Choose(0, 40).Select(k => new BigInteger(k).ToByteArray(isUnsigned: true).Concat(new byte[32]).Take(32).ToArray()))
        .ToArbitrary();

    [Fact]
    public void Arithmetic_equals_BigInteger_modulo_p()
    {
        Prop.ForAll(Bytes32, Bytes32, (x, y) =>
        {
            var a = Element(x, out var av);
            var b = Element(y, out var bv);
            return Value(a) == av % P
                && Value(a + b) == (av + bv) % P
                && Value(a - b) == ((av - bv) % P + P) % P
                && Value(-a) == (P - av % P) % P
                && Value(a * b) == av * bv % P
                && Value(a * a * a * b) == av * av * av * bv % P
                && Value(a.Invert()) == BigInteger.ModPow(av, P - 2, P)
                && a.IsZero == (av % P).IsZero
                && a.IsOdd == !(av % P).IsEven;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Long_chains_of_operations_stay_reduced()
    {
        // Limb bounds matter after many operations without a canonical reduction in between.
        var random = new Random(7);
        var bytes = new byte[32];
        random.NextBytes(bytes);
        var a = Element(bytes, out var av);
        random.NextBytes(bytes);
        var b = Element(bytes, out var bv);
        for (var i = 0; i < 2000; i++)
        {
            (a, av) = (i % 3) switch
            {
                0 => (a * b + a, (av * bv + av) % P),
                1 => (a - b - b, ((av - 2 * bv) % P + P) % P),
                _ => (a + a + b, (2 * av + bv) % P),
            };
            Assert.Equal(av, Value(a));
        }
    }
}
