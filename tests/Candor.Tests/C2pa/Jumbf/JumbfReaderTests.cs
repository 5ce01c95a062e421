using System.Buffers.Binary;
using System.Text;
using Candor.C2pa.Jumbf;

namespace Candor.Tests.C2pa.Jumbf;

public class JumbfReaderTests
{
    private static readonly byte[] C2paUuidTail = Convert.FromHexString("00110010800000AA00389B71");

    internal static byte[] Box(string type, params byte[][] payload)
    {
        var body = payload.SelectMany(p => p).ToArray();
        var box = new byte[8 + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(box, (uint)box.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(box, 4);
        body.CopyTo(box, 8);
        return box;
    }

    internal static byte[] Description(string code, string label, byte toggles = 0x03, byte[]? privateBox = null) =>
        Box("jumd", [.. Encoding.ASCII.GetBytes(code), .. C2paUuidTail, toggles, .. Encoding.UTF8.GetBytes(label), 0, .. privateBox ?? []]);

    internal static byte[] Superbox(string code, string label, params byte[][] children) =>
        Box("jumb", [Description(code, label), .. children]);

    [Fact]
    public void Superbox_keeps_labels_types_and_exact_byte_ranges()
    {
        var cbor = Box("cbor", [0xA0]);
        var assertion = Superbox("cbor", "c2pa.actions", cbor);
        var store = Superbox("c2pa", "c2pa", Superbox("c2as", "c2pa.assertions", assertion));
        var root = JumbfReader.ReadSuperbox(store, baseOffset: 100);

        Assert.Equal("c2pa", root.Label);
        Assert.Equal("63327061-0011-0010-8000-00AA00389B71", root.Description!.Uuid);
        Assert.Equal("c2pa", root.Description.TypeCode);
        Assert.Equal(100, root.Offset);
        Assert.Equal(store.Length, root.Length);
        var assertions = root.ChildWithLabel("c2pa.assertions")!;
        var actions = assertions.ChildWithLabel("c2pa.actions")!;
        var content = actions.FirstContentBox()!;
        Assert.Equal("cbor", content.Type);
        Assert.Equal([0xA0], content.Payload.ToArray());
        Assert.Equal(100 + store.Length - cbor.Length, content.Offset);
        Assert.Equal(content.Offset + 8, content.PayloadOffset);
        Assert.Equal(assertion, actions.Bytes.ToArray());
        Assert.Equal("jumd", actions.DescriptionBox!.Type);
    }

    [Fact]
    public void Description_reads_id_hash_and_private_salt_box()
    {
        var salt = Box("c2sh", new byte[16]);
        byte[] payload = [.. "c2ma"u8, .. C2paUuidTail, 0x1F, .. "m"u8, 0, 0, 0, 0, 7, .. Enumerable.Repeat((byte)0xAB, 32), .. salt];
        var root = JumbfReader.ReadSuperbox(Box("jumb", Box("jumd", payload)));
        var d = root.Description!;
        Assert.Equal("m", d.Label);
        Assert.Equal(7u, d.Id);
        Assert.Equal(32, d.Sha256!.Value.Length);
        Assert.Equal("c2sh", d.PrivateBox!.Type);
        Assert.Equal(16, d.PrivateBox.Payload.Length);
        Assert.Equal(8 + 8 + payload.Length - salt.Length, d.PrivateBox.Offset);
        Assert.Empty(root.Children);
    }

    [Fact]
    public void Zero_length_box_runs_to_the_end_and_extended_length_is_read()
    {
        var toEnd = Box("json", "{}"u8.ToArray());
        BinaryPrimitives.WriteUInt32BigEndian(toEnd, 0);
        var extended = new byte[16 + 3];
        BinaryPrimitives.WriteUInt32BigEndian(extended, 1);
        "cbor"u8.CopyTo(extended.AsSpan(4));
        BinaryPrimitives.WriteUInt64BigEndian(extended.AsSpan(8), (ulong)extended.Length);
        var root = JumbfReader.ReadSuperbox(Superbox("json", "x", extended, toEnd));
        Assert.Equal(16, root.Children[0].HeaderLength);
        Assert.Equal(3, root.Children[0].Payload.Length);
        Assert.Equal("{}", Encoding.ASCII.GetString(root.Children[1].Payload.Span));
    }

    [Fact]
    public void A_declared_length_beyond_the_data_is_a_format_error_with_its_offset()
    {
        var store = Superbox("c2pa", "c2pa", Box("cbor", new byte[10]));
        BinaryPrimitives.WriteUInt32BigEndian(store.AsSpan(store.Length - 18), 0x7FFF_FFFF);
        var e = Assert.Throws<CandorFormatException>(() => JumbfReader.ReadSuperbox(store, 1000));
        Assert.Equal(1000 + store.Length - 18, e.Offset);
        Assert.Contains("declares", e.Message);
        Assert.Equal(FormatErrorKind.Truncated, e.Kind);
        var huge = (byte[])store.Clone();
        BinaryPrimitives.WriteUInt32BigEndian(huge.AsSpan(huge.Length - 18), 1);
        Assert.Throws<CandorFormatException>(() => JumbfReader.ReadSuperbox(huge));
    }

    [Fact]
    public void Nesting_beyond_16_superboxes_is_a_format_error()
    {
        var box = Box("cbor", [0]);
        for (var i = 0; i < 16; i++) box = Superbox("c2pa", "n", box);
        Assert.NotNull(JumbfReader.ReadSuperbox(box));
        box = Superbox("c2pa", "n", box);
        var e = Assert.Throws<CandorFormatException>(() => JumbfReader.ReadSuperbox(box));
        Assert.Contains("deeper than 16", e.Message);
        Assert.Equal(FormatErrorKind.LimitExceeded, e.Kind);
    }

    [Theory]
    [InlineData("superbox without description", FormatErrorKind.Malformed)]
    [InlineData("label without NUL", FormatErrorKind.Truncated)]
    [InlineData("first child is not jumd", FormatErrorKind.Malformed)]
    [InlineData("box count over the cap", FormatErrorKind.LimitExceeded)]
    public void Malformed_superboxes_are_format_errors_of_their_kind(string kind, FormatErrorKind expected)
    {
        byte[] data = kind switch
        {
            "superbox without description" => Box("jumb"),
            "label without NUL" => Box("jumb", Box("jumd", [.. "c2pa"u8, .. C2paUuidTail, 0x03, .. "abc"u8])),
            "first child is not jumd" => Box("jumb", Box("cbor", [0])),
            _ => Superbox("c2pa", "c", Enumerable.Range(0, 20).Select(_ => Box("cbor")).ToArray()),
        };
        Assert.Equal(expected, Assert.Throws<CandorFormatException>(() => JumbfReader.ReadSuperbox(data, 0, maxBoxes: 10)).Kind);
    }
}
