using Candor.Darktable;
using FsCheck;
using FsCheck.Fluent;

namespace Candor.Tests.Darktable;

public class DarktableBlobPropertyTests
{
    [Fact]
    public void Hex_and_compressed_forms_round_trip()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), bytes =>
                DarktableBlob.Decode(DarktableBlob.EncodeHex(bytes), "p").AsSpan().SequenceEqual(bytes)
                // .NET's zlib writer emits nothing for empty input; darktable never compresses an empty blob.
                && (bytes.Length == 0 || DarktableBlob.Decode(DarktableBlob.EncodeCompressed(bytes), "p").AsSpan().SequenceEqual(bytes)))
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Any_text_decodes_or_raises_a_format_error()
    {
        var texts = Gen.OneOf(
            ArbMap.Default.GeneratorFor<string>().Select(s => s ?? ""),
            ArbMap.Default.GeneratorFor<byte[]>().Select(b => "gz" + (b.Length % 100).ToString("D2") + Convert.ToBase64String(b)),
            ArbMap.Default.GeneratorFor<(byte[], int, byte)>().Select(t =>
            {
                var (b, at, value) = t;
                var good = DarktableBlob.EncodeCompressed(b).ToCharArray();
                if (good.Length > 4) good[4 + Math.Abs(at % (good.Length - 4))] = (char)('A' + value % 26);
                return new string(good);
            }));
        Prop.ForAll(texts.ToArbitrary(), text =>
        {
            try
            {
                DarktableBlob.Decode(text, "p");
            }
            catch (CandorFormatException)
            {
            }
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Compressed_output_never_passes_the_cap()
    {
        Prop.ForAll(Gen.Choose(1, 64).ToArbitrary(), megabytesTimesEight =>
        {
            var size = megabytesTimesEight * (1 << 17);
            var text = DarktableBlob.EncodeCompressed(new byte[size]);
            try
            {
                return DarktableBlob.Decode(text, "p").Length == size && size <= DarktableBlob.MaxDecodedBytes;
            }
            catch (CandorFormatException e)
            {
                return size > DarktableBlob.MaxDecodedBytes && e.Message.Contains("cap");
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(20));
    }
}
