using Candor.Consent;
using Candor.Watermark;
using FsCheck;
using FsCheck.Fluent;

namespace Candor.Tests.Watermark;

/// <summary>The pieces under the watermark: FFT, convolutional code, key, payload, tile layout.</summary>
public class WatermarkCodingTests
{
    [Fact]
    public void Fft_matches_a_direct_dft_and_inverts()
    {
        var gen = from n in Gen.Elements(2, 4, 8, 32, 64)
                  from values in Gen.ArrayOf(Gen.Choose(-1000, 1000), n * 2)
                  select (n, values);
        Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var (n, values) = input;
            var re = values.Take(n).Select(v => v / 10f).ToArray();
            var im = values.Skip(n).Select(v => v / 10f).ToArray();
            var (r0, i0) = ((float[])re.Clone(), (float[])im.Clone());
            new Fft(n).Transform(re, im, 0, 1, inverse: false);
            for (var k = 0; k < n; k++)
            {
                double sr = 0, si = 0;
                for (var t = 0; t < n; t++)
                {
                    var angle = -2 * Math.PI * k * t / n;
                    sr += r0[t] * Math.Cos(angle) - i0[t] * Math.Sin(angle);
                    si += r0[t] * Math.Sin(angle) + i0[t] * Math.Cos(angle);
                }
                Assert.Equal(sr, re[k], 0.05 * n);
                Assert.Equal(si, im[k], 0.05 * n);
            }
            new Fft(n).Transform(re, im, 0, 1, inverse: true);
            for (var t = 0; t < n; t++)
            {
                Assert.Equal(r0[t], re[t], 0.01);
                Assert.Equal(i0[t], im[t], 0.01);
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Convolutional_code_corrects_scattered_errors_and_decodes_clean_words()
    {
        var gen = from bits in Gen.ArrayOf(ArbMap.Default.GeneratorFor<bool>(), TileLayout.InfoBits)
                  from flips in Gen.ArrayOf(Gen.Choose(0, ConvolutionalCode.CodedLength(TileLayout.InfoBits) - 1), 6)
                  select (bits, flips);
        Prop.ForAll(gen.ToArbitrary(), input =>
        {
            var coded = ConvolutionalCode.Encode(input.bits);
            Assert.Equal(306, coded.Length);
            var soft = coded.Select(b => b ? 1f : -1f).ToArray();
            Assert.Equal(input.bits, ConvolutionalCode.Decode(soft, TileLayout.InfoBits));
            // Six hard errors spread anywhere: the code's free distance (15) corrects them when they are not
            // bunched in one constraint span; with soft values of half confidence elsewhere it always does here.
            foreach (var f in input.flips) soft[f] = -soft[f] * 0.5f;
            Assert.Equal(input.bits, ConvolutionalCode.Decode(soft, TileLayout.InfoBits));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Key_file_round_trips_and_bad_text_is_a_plain_format_error()
    {
        var key = WatermarkKey.Generate();
        var parsed = WatermarkKey.Parse(key.ToFileText());
        Assert.Equal(key.Id, parsed.Id);
        Assert.Equal(key.ToFileText(), parsed.ToFileText());
        var wrongHeader = Assert.Throws<CandorFormatException>(() => WatermarkKey.Parse("ssh-rsa AAAA"));
        Assert.Contains("not a Candor watermark key", wrongHeader.Message);
        var shortKey = Assert.Throws<CandorFormatException>(() => WatermarkKey.Parse("candor-watermark-key-v1 abcd"));
        Assert.Contains("64 hex digits", shortKey.Message);
        Assert.NotEqual(key.Id, WatermarkKey.Generate().Id);
    }

    [Fact]
    public void Payload_conventions_round_trip()
    {
        Assert.Equal("0123456789abcdef", WatermarkPayload.FromHex("0x01:23:45:67 89ab cdef").ToHex());
        Assert.Equal("hello", WatermarkPayload.FromText("hello").AsText());
        Assert.Equal("68656c6c6f000000", WatermarkPayload.FromText("hello").ToHex());
        Assert.Null(WatermarkPayload.FromHex("00ff00ff00ff00ff").AsText());
        Assert.Throws<FormatException>(() => WatermarkPayload.FromText("more than eight"));
        Assert.Throws<FormatException>(() => WatermarkPayload.FromHex("0123"));
        var dnt = WatermarkPayload.DoNotTrain(DoNotTrainScope.GenerativeAiTraining, 0xCAFEF00D);
        Assert.Equal("444e5403cafef00d", dnt.ToHex());
        Assert.Equal(DoNotTrainScope.GenerativeAiTraining, dnt.NoTrainScope);
        Assert.Equal(0xCAFEF00Du, dnt.OwnerTag);
        Assert.Null(WatermarkPayload.FromText("DNT").NoTrainScope);
        Prop.ForAll(ArbMap.Default.ArbFor<ulong>(), value =>
        {
            var payload = new WatermarkPayload(value);
            Assert.Equal(payload, WatermarkPayload.FromHex(payload.ToHex()));
            Assert.Equal(payload, new WatermarkPayload(payload.ToBytes()));
            for (var i = 0; i < 64; i++) Assert.Equal(((value >> (63 - i)) & 1) == 1, payload.Bit(i));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Tile_layout_is_keyed_and_balanced()
    {
        var a = new TileLayout(new WatermarkKey(new byte[32]));
        var again = new TileLayout(new WatermarkKey(new byte[32]));
        var other = new TileLayout(new WatermarkKey(Enumerable.Repeat((byte)1, 32).ToArray()));
        Assert.Equal(a.Sign, again.Sign);
        Assert.Equal(a.CodedBitOf, again.CodedBitOf);
        Assert.NotEqual(a.CodedBitOf, other.CodedBitOf);
        Assert.Equal(TileLayout.Pilots, a.CodedBitOf.Count(b => b < 0));
        // Every coded bit is carried by two or three chips.
        var perBit = a.CodedBitOf.Where(b => b >= 0).GroupBy(b => b).Select(g => g.Count()).ToArray();
        Assert.Equal(TileLayout.CodedBits, perBit.Length);
        Assert.All(perBit, c => Assert.InRange(c, 2, 3));
        // Signs are close to balanced (a fair coin over 1024 chips stays within ±100 with overwhelming odds).
        Assert.InRange(a.Sign.Sum(s => s), -100, 100);
    }

    [Fact]
    public void Rendered_tile_keeps_each_chip_sign_at_its_centre()
    {
        var layout = new TileLayout(WatermarkKey.PublicDoNotTrain);
        var chips = layout.ChipValues(ConvolutionalCode.Encode(TileLayout.InfoBitsFor(WatermarkKey.PublicDoNotTrain, WatermarkPayload.DoNotTrain())));
        var tile = TileLayout.Render(chips);
        for (var j = 0; j < TileLayout.Grid; j++)
            for (var i = 0; i < TileLayout.Grid; i++)
            {
                // Over its own 4×4 block a chip's bump weighs (0.69 + 0.96 + 0.96 + 0.69)² ≈ 10.9 of 16, so the
                // block's sum always has the chip's sign, whatever the neighbours are.
                var sum = 0f;
                for (var y = 0; y < 4; y++)
                    for (var x = 0; x < 4; x++) sum += tile[(4 * j + y) * TileLayout.Tile + 4 * i + x];
                Assert.Equal(chips[j * TileLayout.Grid + i], Math.Sign(sum));
                Assert.True(Math.Abs(sum) >= 10.9f - 5.1f - 0.01f);
            }
        Assert.All(tile, v => Assert.InRange(v, -1.0001f, 1.0001f));
    }
}
