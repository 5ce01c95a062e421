using System.Text;
using Candor.Formats;
using FsCheck;
using FsCheck.Fluent;

namespace Candor.Tests.Formats;

public class Crc32Tests
{
    [Theory]
    [InlineData("", 0x00000000u)]
    [InlineData("a", 0xE8B7BE43u)]
    [InlineData("123456789", 0xCBF43926u)]
    [InlineData("hello world", 0x0D4A1185u)]
    [InlineData("The quick brown fox jumps over the lazy dog", 0x414FA339u)]
    public void Known_check_values(string text, uint expected)
    {
        Assert.Equal(expected, Crc32.Compute(Encoding.ASCII.GetBytes(text)));
    }

    [Fact]
    public void Incremental_hashing_in_random_pieces_equals_one_shot()
    {
        var gen =
            from length in Gen.Choose(0, 5000)
            from seed in Gen.Choose(0, int.MaxValue)
            from cuts in Gen.ListOf(Gen.Choose(0, 5000))
            select (length, seed, cuts);
        Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var data = new byte[t.length];
            new Random(t.seed).NextBytes(data);
            var crc = new Crc32();
            var position = 0;
            foreach (var cut in t.cuts.Select(c => Math.Min(c, t.length)).Order())
            {
                crc.Append(data.AsSpan(position, cut - position));
                position = cut;
            }
            crc.Append(data.AsSpan(position));
            return crc.Value == Crc32.Compute(data) && Crc32.Compute(data) == BitwiseCrc(data);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(100));
    }

    // The textbook bit-at-a-time definition, to check the table-driven one against.
    private static uint BitwiseCrc(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var i = 0; i < 8; i++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }
}
