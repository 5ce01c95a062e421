using System.Text;
using Candor.C2pa.Jumbf;
using FsCheck;
using FsCheck.Fluent;

namespace Candor.Tests.C2pa.Jumbf;

public class JumbfWriterTests
{
    [Fact]
    public void Superbox_bytes_match_the_hand_built_layout()
    {
        var written = JumbfWriter.Superbox("c2pa", "c2pa", [JumbfWriter.Superbox("cbor", "c2pa.actions", [JumbfWriter.Cbor([0xA0])])]);
        var expected = JumbfReaderTests.Superbox("c2pa", "c2pa", JumbfReaderTests.Superbox("cbor", "c2pa.actions", JumbfReaderTests.Box("cbor", [0xA0])));

        Assert.Equal(expected, written);
    }

    [Fact]
    public void Description_sets_toggles_from_what_is_present_and_reads_back()
    {
        var sha = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var salt = JumbfWriter.Salt(new byte[16]);
        var jumd = JumbfWriter.Description(JumbfWriter.TypeUuid("cbor"), "c2pa.hash.data", requestable: true, id: 0x01020304, sha256: sha, privateBox: salt);
        var box = JumbfWriter.Superbox(jumd, [JumbfWriter.Cbor([0xF6])]);

        var read = JumbfReader.ReadSuperbox(box);

        Assert.Equal(0x1F, read.Description!.Toggles);
        Assert.Equal("c2pa.hash.data", read.Label);
        Assert.Equal(0x01020304u, read.Description.Id);
        Assert.Equal(sha, read.Description.Sha256!.Value.ToArray());
        Assert.Equal("c2sh", read.Description.PrivateBox!.Type);
        Assert.Equal(16, read.Description.PrivateBox.Payload.Length);
        Assert.Equal("cbor", read.Description.TypeCode);
    }

    [Fact]
    public void Description_without_label_or_request_bit_has_toggles_zero()
    {
        var jumd = JumbfWriter.Description(JumbfWriter.TypeUuid("json"), null, requestable: false);

        Assert.Equal(8 + 17, jumd.Length);
        Assert.Equal(0, jumd[^1]);
    }

    [Fact]
    public void Embedded_file_boxes_carry_media_type_name_and_bytes()
    {
        var (description, data) = JumbfWriter.EmbeddedFile("image/png", [1, 2, 3], "thumb.png");
        var box = JumbfWriter.Superbox(JumbfWriter.Description(JumbfWriter.EmbeddedFileUuid, "c2pa.thumbnail.claim"), [description, data]);

        var read = JumbfReader.ReadSuperbox(box);

        Assert.Equal("40CB0C32-BB8A-489D-A70B-2AD6F47F4369", read.Description!.Uuid);
        Assert.Equal("bfdb", read.Children[0].Type);
        Assert.Equal([0x01, .. "image/png\0thumb.png\0"u8.ToArray()], read.Children[0].Payload.ToArray());
        Assert.Equal("bidb", read.Children[1].Type);
        Assert.Equal(new byte[] { 1, 2, 3 }, read.Children[1].Payload.ToArray());
    }

    [Fact]
    public void Uuid_box_is_the_uuid_then_the_data()
    {
        var uuid = JumbfWriter.TypeUuid("abcd");
        var box = JumbfWriter.Uuid(uuid, [9, 9]);

        Assert.Equal("uuid", Encoding.ASCII.GetString(box, 4, 4));
        Assert.Equal(uuid, box[8..24]);
        Assert.Equal(new byte[] { 9, 9 }, box[24..]);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("abcde")]
    public void Box_type_must_be_four_characters(string type) =>
        Assert.Throws<ArgumentException>(() => JumbfWriter.Box(type, []));

    [Fact]
    public void Label_with_nul_is_rejected() =>
        Assert.Throws<ArgumentException>(() => JumbfWriter.Description(JumbfWriter.TypeUuid("cbor"), "a\0b"));

    private abstract record Node;
    private sealed record Content(string Type, byte[] Payload) : Node;
    private sealed record Super(string Code, string? Label, bool Requestable, uint? Id, byte[]? Salt, Node[] Children) : Node;

    private static readonly string[] ContentTypes = ["cbor", "json", "bidb", "c2sh", "free"];
    private static readonly string[] Codes = ["c2pa", "c2ma", "c2as", "cbor", "json", "c2cl", "c2cs"];

    private static Gen<Node> NodeGen(int size)
    {
        var bytes = ArbMap.Default.GeneratorFor<byte[]>().Select(b => b ?? []);
        var content = from type in Gen.Elements(ContentTypes) from payload in bytes select (Node)new Content(type, payload);
        if (size <= 0) return content;
        var label = ArbMap.Default.GeneratorFor<string>().Select(s => s is null || s.Contains('\0') || s.Any(char.IsSurrogate) ? null : s);
        var super = from code in Gen.Elements(Codes)
                    from l in label
                    from requestable in ArbMap.Default.GeneratorFor<bool>()
                    from id in Gen.OneOf(Gen.Constant((uint?)null), ArbMap.Default.GeneratorFor<uint>().Select(v => (uint?)v))
                    from salt in Gen.OneOf(Gen.Constant((byte[]?)null), bytes.Select(b => (byte[]?)b))
                    from children in Gen.ListOf(NodeGen(size / 3))
                    select (Node)new Super(code, l, requestable, id, salt, children.Take(5).ToArray());
        return Gen.Frequency((1, content), (2, super));
    }

    private static byte[] Write(Node node) => node switch
    {
        Content c => JumbfWriter.Box(c.Type, c.Payload),
        Super s => JumbfWriter.Superbox(
            JumbfWriter.Description(JumbfWriter.TypeUuid(s.Code), s.Label, s.Requestable, s.Id, privateBox: s.Salt is null ? default : JumbfWriter.Salt(s.Salt)),
            s.Children.Select(Write)),
        _ => throw new ArgumentOutOfRangeException(nameof(node)),
    };

    private static bool Same(Node node, JumbfBox box) => node switch
    {
        Content c => box.Type == c.Type && !box.IsSuperbox && box.Payload.Span.SequenceEqual(c.Payload),
        Super s => box.IsSuperbox && box.Description!.TypeCode == s.Code && box.Label == s.Label && box.Description.Id == s.Id
                   && ((box.Description.Toggles & JumbfDescription.Requestable) != 0) == s.Requestable
                   && (s.Salt is null ? box.Description.PrivateBox is null : box.Description.PrivateBox!.Payload.Span.SequenceEqual(s.Salt))
                   && box.Children.Count == s.Children.Length && s.Children.Zip(box.Children).All(p => Same(p.First, p.Second)),
        _ => false,
    };

    [Fact]
    public void Written_trees_read_back_identically()
    {
        var superboxes = Gen.Sized(size => NodeGen(Math.Min(size, 20))).Where(n => n is Super);
        Prop.ForAll(superboxes.ToArbitrary(), node =>
        {
            var bytes = Write(node);
            var read = JumbfReader.ReadSuperbox(bytes, baseOffset: 7);
            return read.Length == bytes.Length && read.Offset == 7 && Same(node, read);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }
}
