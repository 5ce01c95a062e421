using Candor.C2pa.Cbor;
using FsCheck;
using FsCheck.Fluent;

namespace Candor.Tests.C2pa.Cbor;

public class CborWriterTests
{
    // RFC 8949 Appendix A examples whose encoding is the preferred serialization: reading then
    // writing reproduces them byte for byte.
    public static TheoryData<string> PreferredExamples => new()
    {
        "00", "01", "0a", "17", "1818", "1819", "1864", "1903e8", "1a000f4240", "1b000000e8d4a51000",
        "1bffffffffffffffff", "3bffffffffffffffff", "20", "29", "3863", "3903e7",
        "f90000", "f98000", "f93c00", "fb3ff199999999999a", "f93e00", "f97bff", "fa47c35000", "fa7f7fffff",
        "fb7e37e43c8800759c", "f90001", "f90400", "f9c400", "fbc010666666666666", "f97c00", "f97e00", "f9fc00",
        "f4", "f5", "f6", "f7", "f0", "f8ff",
        "c074323031332d30332d32315432303a30343a30305a", "c11a514b67b0", "c1fb41d452d9ec200000",
        "d74401020304", "d818456449455446", "d82076687474703a2f2f7777772e6578616d706c652e636f6d",
        "40", "4401020304", "60", "6161", "6449455446", "62225c", "62c3bc", "63e6b0b4", "64f0908591",
        "80", "83010203", "8301820203820405", "98190102030405060708090a0b0c0d0e0f101112131415161718181819",
        "a0", "a201020304", "a26161016162820203", "826161a161626163", "a56161614161626142616361436164614461656145",
    };

    // Appendix A examples in a non-preferred form → the preferred encoding the writer gives.
    public static TheoryData<string, string> NonPreferredExamples => new()
    {
        { "fa7f800000", "f97c00" }, { "fb7ff0000000000000", "f97c00" }, { "fa7fc00000", "f97e00" }, { "fb7ff8000000000000", "f97e00" },
        { "faff800000", "f9fc00" }, { "fbfff0000000000000", "f9fc00" },
        { "5f42010243030405ff", "450102030405" }, { "7f657374726561646d696e67ff", "6973747265616d696e67" },
        { "9fff", "80" }, { "9f018202039f0405ffff", "8301820203820405" }, { "83019f0203ff820405", "8301820203820405" },
        { "bf61610161629f0203ffff", "a26161016162820203" }, { "826161bf61626163ff", "826161a161626163" },
        { "bf6346756ef563416d7421ff", "a26346756ef563416d7421" },
    };

    [Theory]
    [MemberData(nameof(PreferredExamples))]
    public void Rfc8949_appendix_A_preferred_examples_are_written_byte_identically(string hex)
    {
        var value = CborValue.Read(Convert.FromHexString(hex));
        Assert.Equal(hex, Convert.ToHexStringLower(CborWriter.Encode(value)));
    }

    [Theory]
    [MemberData(nameof(NonPreferredExamples))]
    public void Non_preferred_encodings_are_rewritten_in_preferred_form(string hex, string preferred)
    {
        var value = CborValue.Read(Convert.FromHexString(hex));
        Assert.Equal(preferred, Convert.ToHexStringLower(CborWriter.Encode(value)));
    }

    [Theory]
    [InlineData(0.0, "f90000")]
    [InlineData(65504.0, "f97bff")]
    [InlineData(65505.0, "fa477fe100")]
    [InlineData(5.960464477539063e-8, "f90001")]
    [InlineData(2.98023223876953125e-8, "fa33000000")]
    [InlineData(1.1, "fb3ff199999999999a")]
    [InlineData(100000.0, "fa47c35000")]
    public void Floats_take_the_shortest_exact_width(double value, string hex)
    {
        var writer = new CborWriter();
        writer.WriteDouble(value);
        Assert.Equal(hex, Convert.ToHexStringLower(writer.WrittenSpan));
    }

    [Theory]
    [InlineData(23L, "17")]
    [InlineData(24L, "1818")]
    [InlineData(255L, "18ff")]
    [InlineData(256L, "190100")]
    [InlineData(65535L, "19ffff")]
    [InlineData(65536L, "1a00010000")]
    [InlineData(4294967295L, "1affffffff")]
    [InlineData(4294967296L, "1b0000000100000000")]
    [InlineData(-24L, "37")]
    [InlineData(-25L, "3818")]
    [InlineData(long.MinValue, "3b7fffffffffffffff")]
    public void Integers_take_the_shortest_argument(long value, string hex)
    {
        var writer = new CborWriter();
        writer.WriteInt64(value);
        Assert.Equal(hex, Convert.ToHexStringLower(writer.WrittenSpan));
    }

    [Fact]
    public void Deterministic_map_sorts_entries_by_encoded_key_bytes()
    {
        // Encoded keys: 10 → 0a, 100 → 1864, -1 → 20, "z" → 617a, "aa" → 626161, [100] → 811864, false → f4.
        var entries = new (string Key, string Value)[]
        {
            ("f4", "01"), ("626161", "02"), ("0a", "03"), ("811864", "04"), ("20", "05"), ("617a", "06"), ("1864", "07"),
        }.Select(e => ((ReadOnlyMemory<byte>)Convert.FromHexString(e.Key), (ReadOnlyMemory<byte>)Convert.FromHexString(e.Value)));
        var writer = new CborWriter();
        writer.WriteDeterministicMap(entries);
        Assert.Equal("a70a03186407200561 7a06626161028118640 4f401".Replace(" ", "", StringComparison.Ordinal), Convert.ToHexStringLower(writer.WrittenSpan));
    }

    [Fact]
    public void Deterministic_map_rejects_a_repeated_key()
    {
        var key = (ReadOnlyMemory<byte>)new byte[] { 0x01 };
        var writer = new CborWriter();
        Assert.Throws<ArgumentException>(() => writer.WriteDeterministicMap([(key, key), (key, key)]));
    }

    [Fact]
    public void Sorting_map_keys_gives_the_core_deterministic_encoding()
    {
        // {"aa": false, "b": true, "a": null}; sorted by encoded key: 6161 "a" < 6162 "b" < 626161 "aa".
        var value = CborValue.Read(Convert.FromHexString("82a3626161f46162f56161f6a0"));
        Assert.Equal("82a36161f66162f5626161f4a0", Convert.ToHexStringLower(CborWriter.Encode(value, sortMapKeys: true)));
        Assert.Equal("82a3626161f46162f56161f6a0", Convert.ToHexStringLower(CborWriter.Encode(value)));
    }

    [Fact]
    public void Pre_encoded_values_are_copied_as_they_are()
    {
        var writer = new CborWriter();
        writer.WriteStartArray(2);
        writer.WriteEncodedValue(Convert.FromHexString("9f01ff"));
        writer.WriteTextString("ü");
        Assert.Equal("829f01ff62c3bc", Convert.ToHexStringLower(writer.WrittenSpan));
    }

    [Fact]
    public void Lone_surrogates_and_reserved_simple_values_are_argument_errors()
    {
        var writer = new CborWriter();
        Assert.Throws<ArgumentException>(() => writer.WriteTextString("\ud800"));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.WriteSimpleValue(24));
        writer.WriteSimpleValue(16);
        writer.WriteSimpleValue(255);
        Assert.Equal("f0f8ff", Convert.ToHexStringLower(writer.WrittenSpan));
    }

    // A value model for the property: what was written must be what is read back.
    private abstract record Model;
    private sealed record IntModel(long Value) : Model;
    private sealed record BytesModel(byte[] Value) : Model;
    private sealed record TextModel(string Value) : Model;
    private sealed record FloatModel(double Value) : Model;
    private sealed record BoolModel(bool Value) : Model;
    private sealed record NullModel : Model;
    private sealed record TagModel(ulong Tag, Model Content) : Model;
    private sealed record ArrayModel(Model[] Items) : Model;
    private sealed record MapModel((Model Key, Model Value)[] Entries) : Model;

    private static Gen<Model> ModelGen(int size)
    {
        var scalars = Gen.OneOf(
            ArbMap.Default.GeneratorFor<long>().Select(v => (Model)new IntModel(v)),
            ArbMap.Default.GeneratorFor<byte[]>().Select(v => (Model)new BytesModel(v ?? [])),
            ArbMap.Default.GeneratorFor<string>().Where(s => s is null || !s.Any(char.IsSurrogate)).Select(v => (Model)new TextModel(v ?? "")),
            ArbMap.Default.GeneratorFor<double>().Select(v => (Model)new FloatModel(v)),
            ArbMap.Default.GeneratorFor<float>().Select(v => (Model)new FloatModel(v)),
            ArbMap.Default.GeneratorFor<bool>().Select(v => (Model)new BoolModel(v)),
            Gen.Constant((Model)new NullModel()));
        if (size <= 0) return scalars;
        var child = ModelGen(size / 3);
        return Gen.Frequency(
            (4, scalars),
            (1, from tag in Gen.Choose(0, 100_000) from content in child select (Model)new TagModel((ulong)tag, content)),
            (1, Gen.ListOf(child).Select(items => (Model)new ArrayModel(items.Take(6).ToArray()))),
            (1, Gen.ListOf(Gen.Zip(child, child)).Select(pairs => (Model)new MapModel(pairs.Take(6).ToArray()))));
    }

    private static void Write(CborWriter writer, Model model)
    {
        switch (model)
        {
            case IntModel i: writer.WriteInt64(i.Value); break;
            case BytesModel b: writer.WriteByteString(b.Value); break;
            case TextModel t: writer.WriteTextString(t.Value); break;
            case FloatModel f: writer.WriteDouble(f.Value); break;
            case BoolModel b: writer.WriteBoolean(b.Value); break;
            case NullModel: writer.WriteNull(); break;
            case TagModel t: writer.WriteTag(t.Tag); Write(writer, t.Content); break;
            case ArrayModel a:
                writer.WriteStartArray(a.Items.Length);
                foreach (var item in a.Items) Write(writer, item);
                break;
            case MapModel m:
                writer.WriteStartMap(m.Entries.Length);
                foreach (var (key, value) in m.Entries) { Write(writer, key); Write(writer, value); }
                break;
        }
    }

    private static void AssertSame(Model model, CborValue value)
    {
        switch (model)
        {
            case IntModel i: Assert.Equal(i.Value, value.Int64); break;
            case BytesModel b: Assert.Equal(b.Value, value.Bytes.ToArray()); break;
            case TextModel t: Assert.Equal(t.Value, value.Text); break;
            case FloatModel f:
                Assert.Equal(CborValueKind.Float, value.Kind);
                if (double.IsNaN(f.Value)) Assert.True(double.IsNaN(value.Number!.Value));
                else Assert.Equal(BitConverter.DoubleToInt64Bits(f.Value), BitConverter.DoubleToInt64Bits(value.Number!.Value));
                break;
            case BoolModel b: Assert.Equal(b.Value, value.Boolean); break;
            case NullModel: Assert.Equal(CborValueKind.Null, value.Kind); break;
            case TagModel t:
                Assert.Equal(t.Tag, value.TagNumber);
                AssertSame(t.Content, value.TagContent!);
                break;
            case ArrayModel a:
                Assert.Equal(a.Items.Length, value.Items.Count);
                for (var i = 0; i < a.Items.Length; i++) AssertSame(a.Items[i], value.Items[i]);
                break;
            case MapModel m:
                Assert.Equal(m.Entries.Length, value.Entries.Count);
                for (var i = 0; i < m.Entries.Length; i++)
                {
                    AssertSame(m.Entries[i].Key, value.Entries[i].Key);
                    AssertSame(m.Entries[i].Value, value.Entries[i].Value);
                }
                break;
        }
    }

    [Fact]
    public void Random_values_written_then_read_are_the_same_values()
    {
        Prop.ForAll(Arb.From(Gen.Sized(size => ModelGen(Math.Min(size, 30)))), model =>
        {
            var writer = new CborWriter();
            Write(writer, model);
            var bytes = writer.ToArray();
            var value = CborValue.Read(bytes);
            AssertSame(model, value);
            // Re-encoding what was read gives the same bytes: the writer's output is already preferred.
            Assert.Equal(bytes, CborWriter.Encode(value));
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }
}
