using Candor.Metadata.Xmp;
using XmpCore;
using XmpCore.Options;

namespace Candor.Disclose;

/// <summary>
/// Merges a <see cref="DisclosureContent"/> into an XMP packet. Every property of the existing
/// packet is kept; <c>Iptc4xmpExt:DigitalSourceType</c> and <c>plus:DataMining</c> are set when the
/// content gives them; the Candor properties (namespace <see cref="NamespaceUri"/>) are replaced as a
/// group. The packet is serialized by XmpCore with its properties sorted, so merging the same content
/// into a packet Candor wrote gives the same bytes again. An existing packet that repeats a property
/// (which XmpCore refuses and photo tools often write) is repaired first: the first value is kept and
/// the repeats dropped, so the packet written is one that strict readers accept.
/// </summary>
public static class DisclosurePacket
{
    /// <summary>The Candor disclosure namespace (documented in docs/disclose-xmp.md).</summary>
    public const string NamespaceUri = "https://candor.dev/ns/disclosure/1.0/";

    /// <summary>The prefix Candor binds to <see cref="NamespaceUri"/>.</summary>
    public const string Prefix = "candor";

    /// <summary>Namespace of <c>Iptc4xmpExt:DigitalSourceType</c>.</summary>
    public const string IptcExtNamespace = "http://iptc.org/std/Iptc4xmpExt/2008-02-29/";

    /// <summary>Namespace of <c>plus:DataMining</c>.</summary>
    public const string PlusNamespace = "http://ns.useplus.org/ldf/xmp/1.0/";

    /// <summary>Whitespace padding inside the packet wrapper, so that other tools can edit in place.</summary>
    public const int Padding = 2048;

    private const string XmpNoteNamespace = "http://ns.adobe.com/xmp/note/";

    static DisclosurePacket() => XmpNamespaces.RegisterWrittenPrefixes();

    /// <summary>
    /// The packet <paramref name="existing"/> (empty: none) with <paramref name="content"/> merged in,
    /// as UTF-8 with an <c>&lt;?xpacket?&gt;</c> wrapper and <see cref="Padding"/> bytes of padding.
    /// </summary>
    /// <exception cref="CandorFormatException">The existing packet is too large, too deep, declares a DTD, or is not well-formed XMP.</exception>
    /// <exception cref="ArgumentException">The content holds an empty tool or action, or a source type or data-mining value that is not an absolute URI.</exception>
    public static byte[] Merge(ReadOnlySpan<byte> existing, DisclosureContent content) => MergeReporting(existing, content).Packet;

    /// <summary>
    /// As <see cref="Merge"/>, and says what had to be repaired in <paramref name="existing"/> (values
    /// of repeated properties that were dropped), so that a caller can tell the user.
    /// </summary>
    /// <exception cref="CandorFormatException">The existing packet is too large, too deep, declares a DTD, or is not well-formed XMP.</exception>
    /// <exception cref="ArgumentException">The content holds an empty tool or action, or a source type or data-mining value that is not an absolute URI.</exception>
    public static MergedPacket MergeReporting(ReadOnlySpan<byte> existing, DisclosureContent content)
    {
        var repairs = new List<string>();
        var meta = Parse(existing, 0, "XMP", repairs);
        Apply(meta, content);
        return new MergedPacket(Serialize(meta, Padding), repairs);
    }

    /// <summary>
    /// An XmpCore tree of <paramref name="packet"/> behind the reader's guards; an empty tree when the
    /// packet is empty. A packet with repeated properties is repaired (first value kept); when
    /// <paramref name="repairs"/> is given it gets one line per value dropped.
    /// </summary>
    internal static IXmpMeta Parse(ReadOnlySpan<byte> packet, long offset, string block, ICollection<string>? repairs = null) =>
        packet.IsEmpty ? XmpMetaFactory.Create() : XmpReader.ParseGuarded(packet, offset, block, repairs);

    /// <summary>Sets the disclosure properties of <paramref name="content"/> on <paramref name="meta"/>.</summary>
    internal static void Apply(IXmpMeta meta, DisclosureContent content)
    {
        Check(content);
        try
        {
            // Deleted first: an existing value of another shape (an array, a struct) is replaced, not an error.
            if (content.DigitalSourceType is { } source)
            {
                meta.DeleteProperty(IptcExtNamespace, "DigitalSourceType");
                meta.SetProperty(IptcExtNamespace, "DigitalSourceType", source);
            }
            if (content.DataMining is { } mining)
            {
                meta.DeleteProperty(PlusNamespace, "DataMining");
                meta.SetProperty(PlusNamespace, "DataMining", mining);
            }
            meta.DeleteProperty(NamespaceUri, "Tools");
            meta.DeleteProperty(NamespaceUri, "Actions");
            meta.DeleteProperty(NamespaceUri, "DisclosedBy");
            foreach (var tool in content.Tools)
                meta.AppendArrayItem(NamespaceUri, "Tools", new PropertyOptions { IsArray = true }, tool, null);
            foreach (var action in content.Actions)
                meta.AppendArrayItem(NamespaceUri, "Actions", new PropertyOptions { IsArrayOrdered = true }, action, null);
            if (content.Generator is { } generator) meta.SetProperty(NamespaceUri, "DisclosedBy", generator);
        }
        catch (XmpException e)
        {
            throw new CandorFormatException($"the existing XMP cannot take the disclosure: {e.Message}", 0, "XMP", e);
        }
    }

    /// <summary>Serializes <paramref name="meta"/> sorted, UTF-8, with a packet wrapper and <paramref name="padding"/> bytes of padding.</summary>
    internal static byte[] Serialize(IXmpMeta meta, int padding)
    {
        try
        {
            return WithoutBom(XmpMetaFactory.SerializeToBuffer(meta, new SerializeOptions { Sort = true, Padding = padding }));
        }
        catch (XmpException e)
        {
            throw new CandorFormatException($"the merged XMP could not be serialized: {e.Message}", 0, "XMP", e);
        }
    }

    /// <summary>Serializes <paramref name="meta"/> sorted, UTF-8, without a packet wrapper (the extended part of a JPEG's XMP).</summary>
    internal static byte[] SerializeBare(IXmpMeta meta)
    {
        try
        {
            return WithoutBom(XmpMetaFactory.SerializeToBuffer(meta, new SerializeOptions { Sort = true, OmitPacketWrapper = true }));
        }
        catch (XmpException e)
        {
            throw new CandorFormatException($"the extended XMP could not be serialized: {e.Message}", 0, "XMP", e);
        }
    }

    /// <summary>
    /// XmpCore's .NET port writes a UTF-8 byte-order mark before the packet; the packet already
    /// carries one inside <c>&lt;?xpacket begin?&gt;</c>, and readers (exiftool) warn about the extra one.
    /// </summary>
    private static byte[] WithoutBom(byte[] packet) =>
        packet.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? packet[3..] : packet;

    /// <summary>Names of the xmpNote:HasExtendedXMP property, which JPEG writers manage.</summary>
    internal static (string Namespace, string Name) HasExtendedXmp => (XmpNoteNamespace, "HasExtendedXMP");

    private static void Check(DisclosureContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        foreach (var (value, name) in new[] { (content.DigitalSourceType, nameof(content.DigitalSourceType)), (content.DataMining, nameof(content.DataMining)) })
            if (value is not null && !Uri.TryCreate(value, UriKind.Absolute, out _))
                throw new ArgumentException($"{name} must be a full URI, not \"{value}\"", nameof(content));
        ArgumentNullException.ThrowIfNull(content.Tools);
        ArgumentNullException.ThrowIfNull(content.Actions);
        if (content.Tools.Any(string.IsNullOrWhiteSpace)) throw new ArgumentException("a tool name is empty", nameof(content));
        if (content.Actions.Any(string.IsNullOrWhiteSpace)) throw new ArgumentException("an action is empty", nameof(content));
        if (content.Generator is { Length: 0 }) throw new ArgumentException("the generator name is empty", nameof(content));
    }
}
