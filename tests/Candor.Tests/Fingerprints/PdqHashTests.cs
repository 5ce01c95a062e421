using Candor.Fingerprints;
using FsCheck;
using FsCheck.Fluent;

namespace Candor.Tests.Fingerprints;

public class PdqHashTests
{
    private static Arbitrary<PdqHash> Hashes() =>
        (from a in ArbMap.Default.GeneratorFor<ulong>()
         from b in ArbMap.Default.GeneratorFor<ulong>()
         from c in ArbMap.Default.GeneratorFor<ulong>()
         from d in ArbMap.Default.GeneratorFor<ulong>()
         select new PdqHash(a, b, c, d)).ToArbitrary();

    [Fact]
    public void Hex_text_round_trips_in_either_case()
    {
        Prop.ForAll(Hashes(), h =>
        {
            var text = h.ToString();
            return text.Length == 64 && text == text.ToLowerInvariant()
                && PdqHash.Parse(text) == h && PdqHash.Parse(text.ToUpperInvariant()) == h
                && PdqHash.TryParse(text, out var parsed) && parsed == h;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Binary_form_round_trips_in_the_order_of_the_hex()
    {
        Prop.ForAll(Hashes(), h =>
        {
            var bytes = new byte[PdqHash.Bytes];
            h.WriteTo(bytes);
            return PdqHash.Read(bytes) == h && Convert.ToHexStringLower(bytes) == h.ToString();
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Distance_is_a_metric()
    {
        Prop.ForAll(Hashes(), Hashes(), Hashes(), (a, b, c) =>
            a.DistanceTo(a) == 0
            && PdqHash.Distance(a, b) == PdqHash.Distance(b, a)
            && (a.DistanceTo(b) == 0) == (a == b)
            && a.DistanceTo(c) <= a.DistanceTo(b) + b.DistanceTo(c)
            && a.DistanceTo(b) is >= 0 and <= 256).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Distance_counts_the_bits_that_differ()
    {
        Prop.ForAll(Hashes(), Arb.From(Gen.Choose(0, 255)), (h, bit) =>
        {
            var words = new[] { h.W0, h.W1, h.W2, h.W3 };
            words[3 - bit / 64] ^= 1UL << (bit % 64);
            var flipped = new PdqHash(words[0], words[1], words[2], words[3]);
            return h.DistanceTo(flipped) == 1 && h.GetBit(bit) != flipped.GetBit(bit);
        }).QuickCheckThrowOnFailure();
        Assert.Equal(256, new PdqHash(0, 0, 0, 0).DistanceTo(new PdqHash(ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, ulong.MaxValue)));
    }

    [Fact]
    public void Bits_are_numbered_as_the_reference_prints_them()
    {
        // Hash256::format prints word 15 first; bit k is word k / 16, bit k % 16. So bit 0 is the last hex digit's
        // lowest bit and bit 255 the first digit's highest.
        var h = PdqHash.Parse("8000000000000000000000000000000000000000000000000000000000000001");
        Assert.True(h.GetBit(0));
        Assert.True(h.GetBit(255));
        Assert.Equal(2, Enumerable.Range(0, 256).Count(h.GetBit));
        Assert.Equal(0x8000000000000000UL, h.W0);
        Assert.Equal(1UL, h.W3);
        var row1 = PdqHash.Parse("0000000000000000000000000000000000000000000000000000000000010000");
        Assert.True(row1.GetBit(16));
    }

    [Theory]
    [InlineData("")]
    [InlineData("d8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b2")]
    [InlineData("d8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b220")]
    [InlineData("d8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b2g")]
    [InlineData(" d8f8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b2")]
    [InlineData("0x8f0cee0f4a84f0637022a078f67f0b36e2ed596621e1d33e6339c4e9c9b22")]
    public void Anything_but_64_hex_digits_is_refused(string text)
    {
        Assert.False(PdqHash.TryParse(text, out var h));
        Assert.Equal(default, h);
        var e = Assert.Throws<CandorFormatException>(() => PdqHash.Parse(text));
        Assert.InRange(e.Offset, 0, text.Length);
        Assert.False(PdqHash.TryParse(null, out _));
    }

    [Fact]
    public void Any_text_parses_or_raises_a_format_error()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<string>(), text =>
        {
            if (text is null) return true;
            try
            {
                return PdqHash.Parse(text).ToString() == text.ToLowerInvariant();
            }
            catch (CandorFormatException)
            {
                return !PdqHash.TryParse(text, out _);
            }
        }).QuickCheckThrowOnFailure();
    }
}
