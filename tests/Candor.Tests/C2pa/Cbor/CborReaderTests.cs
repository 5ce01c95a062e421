using System.Buffers;
using System.Text;
using System.Text.Json;
using Candor.C2pa.Cbor;
using FsCheck;
using FsCheck.Fluent;

namespace Candor.Tests.C2pa.Cbor;

public class CborReaderTests
{
    // RFC 8949 Appendix A: encoded hex → the value as Candor's raw JSON renders it.
    public static TheoryData<string, string> AppendixA => new()
    {
        { "00", "0" }, { "01", "1" }, { "0a", "10" }, { "17", "23" }, { "1818", "24" }, { "1819", "25" },
        { "1864", "100" }, { "1903e8", "1000" }, { "1a000f4240", "1000000" }, { "1b000000e8d4a51000", "1000000000000" },
        { "1bffffffffffffffff", "18446744073709551615" }, { "3bffffffffffffffff", "\"-18446744073709551616\"" },
        { "20", "-1" }, { "29", "-10" }, { "3863", "-100" }, { "3903e7", "-1000" },
        { "f4", "false" }, { "f5", "true" }, { "f6", "null" }, { "f7", "null" },
        { "f0", "\"simple(16)\"" }, { "f8ff", "\"simple(255)\"" },
        { "c074323031332d30332d32315432303a30343a30305a", "{\"@tag\":0,\"value\":\"2013-03-21T20:04:00Z\"}" },
        { "c11a514b67b0", "{\"@tag\":1,\"value\":1363896240}" },
        { "d74401020304", "{\"@tag\":23,\"value\":\"AQIDBA==\"}" },
        { "d818456449455446", "{\"@tag\":24,\"value\":\"ZElFVEY=\"}" },
        { "d82076687474703a2f2f7777772e6578616d706c652e636f6d", "{\"@tag\":32,\"value\":\"http://www.example.com\"}" },
        { "40", "\"\"" }, { "4401020304", "\"AQIDBA==\"" },
        { "60", "\"\"" }, { "6161", "\"a\"" }, { "6449455446", "\"IETF\"" }, { "62225c", "\"\\u0022\\\\\"" },
        { "62c3bc", "\"\\u00FC\"" }, { "63e6b0b4", "\"\\u6C34\"" }, { "64f0908591", "\"\\uD800\\uDD51\"" },
        { "80", "[]" }, { "83010203", "[1,2,3]" }, { "8301820203820405", "[1,[2,3],[4,5]]" },
        { "98190102030405060708090a0b0c0d0e0f101112131415161718181819", "[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25]" },
        { "a0", "{}" }, { "a201020304", "{\"1\":2,\"3\":4}" }, { "a26161016162820203", "{\"a\":1,\"b\":[2,3]}" },
        { "826161a161626163", "[\"a\",{\"b\":\"c\"}]" },
        { "a56161614161626142616361436164614461656145", "{\"a\":\"A\",\"b\":\"B\",\"c\":\"C\",\"d\":\"D\",\"e\":\"E\"}" },
        // Indefinite lengths.
        { "5f42010243030405ff", "\"AQIDBAU=\"" }, { "7f657374726561646d696e67ff", "\"streaming\"" },
        { "9fff", "[]" }, { "9f018202039f0405ffff", "[1,[2,3],[4,5]]" }, { "9f01820203820405ff", "[1,[2,3],[4,5]]" },
        { "83018202039f0405ff", "[1,[2,3],[4,5]]" }, { "83019f0203ff820405", "[1,[2,3],[4,5]]" },
        { "9f0102030405060708090a0b0c0d0e0f101112131415161718181819ff", "[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25]" },
        { "bf61610161629f0203ffff", "{\"a\":1,\"b\":[2,3]}" }, { "826161bf61626163ff", "[\"a\",{\"b\":\"c\"}]" },
        { "bf6346756ef563416d7421ff", "{\"Fun\":true,\"Amt\":-2}" },
    };

    [Theory]
    [MemberData(nameof(AppendixA))]
    public void Rfc8949_appendix_A_examples_decode_to_their_values(string hex, string json)
    {
        var value = CborValue.Read(Convert.FromHexString(hex));
        Assert.Equal(json, ToJson(value));
        Assert.Equal(hex, Convert.ToHexStringLower(value.Encoded.Span));
    }

    public static TheoryData<string, double> Floats => new()
    {
        { "f90000", 0.0 }, { "f98000", -0.0 }, { "f93c00", 1.0 }, { "fb3ff199999999999a", 1.1 }, { "f93e00", 1.5 },
        { "f97bff", 65504.0 }, { "fa47c35000", 100000.0 }, { "fa7f7fffff", 3.4028234663852886e+38 },
        { "fb7e37e43c8800759c", 1.0e+300 }, { "f90001", 5.960464477539063e-8 }, { "f90400", 0.00006103515625 },
        { "f9c400", -4.0 }, { "fbc010666666666666", -4.1 }, { "f97c00", double.PositiveInfinity },
        { "f9fc00", double.NegativeInfinity }, { "fa7f800000", double.PositiveInfinity }, { "fb7ff0000000000000", double.PositiveInfinity },
    };

    [Theory]
    [MemberData(nameof(Floats))]
    public void Half_single_and_double_floats_read_as_doubles(string hex, double expected)
    {
        var reader = new CborReader(Convert.FromHexString(hex));
        Assert.Equal(expected, reader.ReadDouble());
        Assert.Equal(CborReaderState.Finished, reader.PeekState());
        Assert.Equal(hex.Length / 2, reader.BytesConsumed);
    }

    [Theory]
    [InlineData("f97e00")]
    [InlineData("fa7fc00000")]
    [InlineData("fb7ff8000000000000")]
    public void NaN_in_every_width_reads_as_NaN(string hex)
    {
        var reader = new CborReader(Convert.FromHexString(hex));
        Assert.True(double.IsNaN(reader.ReadDouble()));
    }

    [Fact]
    public void Reader_walks_a_map_token_by_token()
    {
        // {"a": 1, "b": [h'01', -2.5, null, true], "c": 99("x")} with an indefinite array.
        var bytes = Convert.FromHexString("a36161016162" + "9f4101f9c100f6f5ff" + "6163d8636178");
        var reader = new CborReader(bytes, baseOffset: 1000);
        Assert.Equal(CborReaderState.StartMap, reader.PeekState());
        Assert.Equal(3, reader.ReadStartMap());
        Assert.Equal("a", reader.ReadTextString());
        Assert.Equal(1UL, reader.ReadUInt64());
        Assert.Equal("b", reader.ReadTextString());
        Assert.Null(reader.ReadStartArray());
        Assert.Equal([0x01], reader.ReadByteString());
        Assert.Equal(CborReaderState.HalfPrecisionFloat, reader.PeekState());
        Assert.Equal(-2.5, reader.ReadDouble());
        reader.ReadNull();
        Assert.True(reader.ReadBoolean());
        Assert.Equal(CborReaderState.EndArray, reader.PeekState());
        reader.ReadEndArray();
        Assert.Equal("c", reader.ReadTextString());
        Assert.Equal(99UL, reader.ReadTag());
        Assert.Equal("x", reader.ReadTextString());
        Assert.Equal(CborReaderState.EndMap, reader.PeekState());
        reader.ReadEndMap();
        Assert.Equal(CborReaderState.Finished, reader.PeekState());
        Assert.Equal(bytes.Length, reader.BytesConsumed);
        Assert.Equal(1000 + bytes.Length, reader.Offset);
    }

    [Fact]
    public void Encoded_value_is_the_exact_bytes_of_the_next_item()
    {
        var bytes = Convert.FromHexString("82" + "bf6161820102ff" + "07");
        var reader = new CborReader(bytes);
        reader.ReadStartArray();
        Assert.Equal("bf6161820102ff", Convert.ToHexStringLower(reader.ReadEncodedValue()));
        Assert.Equal("07", Convert.ToHexStringLower(reader.ReadEncodedValue()));
        reader.ReadEndArray();
        Assert.Equal(CborReaderState.Finished, reader.PeekState());
    }

    [Fact]
    public void Negative_integers_cover_the_full_64_bit_argument()
    {
        var reader = new CborReader(Convert.FromHexString("3bffffffffffffffff"));
        Assert.Equal(ulong.MaxValue, reader.ReadNegative());
    }

    [Fact]
    public void Nesting_within_the_cap_reads_and_one_more_level_is_a_format_error()
    {
        var ok = Nested(CborReader.DefaultMaxDepth);
        Assert.Equal(CborValueKind.Array, CborValue.Read(ok).Kind);
        var deep = Nested(CborReader.DefaultMaxDepth + 1);
        var e = Assert.Throws<CandorFormatException>(() => CborValue.Read(deep));
        Assert.Contains("nesting", e.Message);
        Assert.Equal(CborReader.DefaultMaxDepth, e.Offset);
        Assert.Equal(FormatErrorKind.LimitExceeded, e.Kind);
        Assert.Equal(FormatErrorKind.LimitExceeded, Assert.Throws<CandorFormatException>(() => new CborReader(deep).ReadEncodedValue()).Kind);
        var tags = Enumerable.Repeat((byte)0xC6, 100).Append((byte)0x01).ToArray();
        Assert.Equal(FormatErrorKind.LimitExceeded, Assert.Throws<CandorFormatException>(() => CborValue.Read(tags)).Kind);
        Assert.Equal(FormatErrorKind.LimitExceeded, Assert.Throws<CandorFormatException>(() => new CborReader(tags).ReadEncodedValue()).Kind);
    }

    [Theory]
    [InlineData("1a0000", 0)]
    [InlineData("6461", 0)]
    [InlineData("8301", 0)]
    [InlineData("83010218", 3)]
    [InlineData("a1", 0)]
    [InlineData("a1011900", 2)]
    [InlineData("9f01", 2)]
    [InlineData("5f4101", 3)]
    [InlineData("f9", 0)]
    public void Truncated_input_is_a_truncated_format_error_with_its_offset(string hex, long offset)
    {
        var bytes = Convert.FromHexString(hex);
        var e = Assert.Throws<CandorFormatException>(() => CborValue.Read(bytes, baseOffset: 0));
        Assert.Equal(offset, e.Offset);
        Assert.Equal(FormatErrorKind.Truncated, e.Kind);
        Assert.Equal(FormatErrorKind.Truncated, Assert.Throws<CandorFormatException>(() => new CborReader(bytes).ReadEncodedValue()).Kind);
    }

    [Theory]
    [InlineData("5a7fffffff")]
    [InlineData("7a7fffffff")]
    [InlineData("9a7fffffff")]
    [InlineData("ba7fffffff")]
    [InlineData("5bffffffffffffffff")]
    [InlineData("9bffffffffffffffff")]
    public void A_2_GB_declared_length_in_a_10_KB_buffer_is_a_format_error_before_any_allocation(string header)
    {
        var bytes = Convert.FromHexString(header).Concat(new byte[10_000]).ToArray();
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<CandorFormatException>(() => CborValue.Read(bytes, baseOffset: 500));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1_000_000);
        Assert.Equal(500, e.Offset);
        Assert.Contains("remain", e.Message);
        Assert.Equal(FormatErrorKind.Truncated, e.Kind);
        Assert.Throws<CandorFormatException>(() => new CborReader(bytes).ReadEncodedValue());
    }

    [Theory]
    [InlineData("62c328", "not valid UTF-8")]
    [InlineData("7f61c3ff", "not valid UTF-8")]
    [InlineData("1c", "reserved")]
    [InlineData("ff", "break")]
    [InlineData("bf01ff", "without its value")]
    [InlineData("7f01ff", "chunk")]
    [InlineData("f801", "simple value")]
    [InlineData("1f", "indefinite")]
    [InlineData("0102", "follow the value")]
    public void Malformed_items_are_format_errors_that_say_why(string hex, string reason)
    {
        var e = Assert.Throws<CandorFormatException>(() => CborValue.Read(Convert.FromHexString(hex)));
        Assert.Contains(reason, e.Message);
        Assert.Equal(FormatErrorKind.Malformed, e.Kind);
    }

    [Fact]
    public void Wrong_type_read_is_a_format_error()
    {
        var e = Assert.Throws<CandorFormatException>(() => new CborReader(Convert.FromHexString("6161")).ReadUInt64());
        Assert.Contains("expected an unsigned integer", e.Message);
    }

    [Fact]
    public void Map_lookup_keeps_order_and_raw_bytes()
    {
        var value = CborValue.Read(Convert.FromHexString("a3617a01616102016162"));
        Assert.Equal(["z", "a", "1"], value.Entries.Select(p => p.Key.Text ?? p.Key.ToString()));
        Assert.Equal(2, value["a"]!.Int64);
        Assert.Equal("b", value.Get(1)!.Text);
        Assert.Equal("617a", Convert.ToHexStringLower(value.Entries[0].Key.Encoded.Span));
        Assert.Equal(4, value.Entries[1].Key.Offset);
    }

    [Fact]
    public void Large_byte_strings_are_summarised_in_json()
    {
        var bytes = new byte[] { 0x59, 0x01, 0x00 }.Concat(new byte[256]).ToArray();
        Assert.Equal("<256 bytes>", JsonDocument.Parse(ToJson(CborValue.Read(bytes), inline: 100)).RootElement.GetString());
        Assert.Equal(256, Convert.FromBase64String(JsonDocument.Parse(ToJson(CborValue.Read(bytes), inline: 256)).RootElement.GetString()!).Length);
    }

    [Fact]
    public void Node_count_cap_is_a_format_error()
    {
        var bytes = new byte[] { 0x99, 0x27, 0x10 }.Concat(new byte[10_000]).ToArray();
        Assert.Equal(FormatErrorKind.LimitExceeded, Assert.Throws<CandorFormatException>(() => CborValue.Read(bytes, 0, maxNodes: 5_000)).Kind);
        Assert.Equal(10_000, CborValue.Read(bytes).Items.Count);
    }

    [Fact]
    public void Random_and_mutated_cbor_raises_only_format_errors()
    {
        var seeds = AppendixA.Select(row => Convert.FromHexString((string)row[0])).ToArray();
        var gen = from index in Gen.Choose(0, seeds.Length - 1)
                  from position in Gen.Choose(0, 1000)
                  from value in Gen.Choose(0, 255)
                  from cut in Gen.Choose(0, 1000)
                  from noise in Gen.ArrayOf(Gen.Choose(0, 255).Select(i => (byte)i))
                  select (index, position, value, cut, noise);
        Prop.ForAll(Arb.From(gen), input =>
        {
            var bytes = seeds[input.index].Concat(input.noise.Take(40)).ToArray();
            if (bytes.Length > 0) bytes[input.position % bytes.Length] = (byte)input.value;
            bytes = bytes[..Math.Min(bytes.Length, input.cut % (bytes.Length + 1) + 1)];
            try
            {
                var value = CborValue.Read(bytes);
                ToJson(value);
            }
            catch (CandorFormatException)
            {
            }
            try
            {
                new CborReader(bytes).ReadEncodedValue();
            }
            catch (CandorFormatException)
            {
            }
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(2000));
    }

    private static byte[] Nested(int depth) => Enumerable.Repeat((byte)0x81, depth).Append((byte)0x00).ToArray();

    internal static string ToJson(CborValue value, int inline = CborValue.DefaultInlineBytes)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer)) value.ToJson(writer, inline);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
