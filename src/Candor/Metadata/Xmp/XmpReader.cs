using System.Text;
using System.Xml;
using Candor.Provenance;
using XmpCore;
using XmpCore.Options;

namespace Candor.Metadata.Xmp;

/// <summary>
/// Reads an XMP packet into one text field per simple value.
/// <code>
///   [&lt;?xpacket begin="…" id="W5M0MpCehiHzreSzNTczkc9d"?&gt;]
///   &lt;x:xmpmeta&gt; &lt;rdf:RDF&gt; &lt;rdf:Description …&gt; properties … &lt;/rdf:RDF&gt; &lt;/x:xmpmeta&gt;
///   [whitespace padding] [&lt;?xpacket end="w"?&gt;] [NUL padding]
/// </code>
/// Names: "prefix:Name" for simple properties, "dc:subject[1]" for array items, the plain name
/// for a language alternative's x-default ("dc:title") and "dc:title[lang=fr-FR]" for the others,
/// "xmpMM:History[1]/stEvt:action" for struct fields. Well-known namespaces always get their
/// conventional prefix, whatever prefix the file bound.
/// Safety: packets over <see cref="MaxPacketBytes"/> and XML nested deeper than
/// <see cref="MaxDepth"/> are refused; DTDs (and so entity declarations) are refused before
/// XmpCore sees the packet, and XmpCore itself runs with DOCTYPE disallowed.
/// Speed: packets of the common shapes are read in one streaming pass (<see cref="XmpStreamingReader"/>) into the same
/// fields; the others go through XmpCore.
/// Repair: a packet XmpCore refuses for a repeated property or struct field (common in photo
/// tools' exports) is read again with the repeats dropped, first value kept
/// (<see cref="XmpPacketRepair"/>); each dropped value is one line of <see cref="XmpReadResult.Repairs"/>.
/// </summary>
public static class XmpReader
{
    /// <summary>Largest packet read (16 MiB).</summary>
    public const int MaxPacketBytes = 16 << 20;

    /// <summary>Deepest XML element nesting accepted.</summary>
    public const int MaxDepth = 64;

    private static ReadOnlySpan<byte> PacketEnd => "<?xpacket end="u8;

    /// <summary>Reads <paramref name="packet"/>; <paramref name="source"/> names the block it came from.</summary>
    /// <exception cref="CandorFormatException">The packet is too large, too deep, declares a DTD, or is not well-formed XMP.</exception>
    public static XmpReadResult Read(ReadOnlySpan<byte> packet, Evidence source)
    {
        XmpNamespaces.RegisterWrittenPrefixes();
        // Most packets have only simple properties and arrays of them: one streaming pass reads those without building
        // XmpCore's tree (a 33 KB packet: about a tenth of the time). Any other shape goes through XmpCore below.
        if (packet.Length <= MaxPacketBytes)
        {
            var xml = Trim(packet);
            if (!xml.IsEmpty)
            {
                RefuseDtd(xml, source.Offset ?? 0, source.Block);
                if (XmpStreamingReader.TryRead(xml.ToArray(), source) is { } fields) return new XmpReadResult(fields, []);
            }
        }
        return ReadThroughXmpCore(packet, source);
    }

    /// <summary>Reads <paramref name="packet"/> through XmpCore's tree, whatever its shape (tests compare the fast reader with it).</summary>
    internal static XmpReadResult ReadThroughXmpCore(ReadOnlySpan<byte> packet, Evidence source)
    {
        var repairs = new List<string>();
        var meta = ParseGuarded(packet, source.Offset ?? 0, source.Block, repairs);
        return Flatten(meta, source) with { Repairs = repairs };
    }

    /// <summary>
    /// Parses <paramref name="packet"/> into XmpCore's tree behind the same guards as <see cref="Read"/>
    /// (size, DTD/entities, depth, well-formedness); the writers parse existing packets through it too.
    /// A packet refused for repeated properties is repaired and read again; <paramref name="repairs"/>
    /// (when given) gets one line per value the repair dropped.
    /// </summary>
    /// <exception cref="CandorFormatException">The packet is too large, too deep, declares a DTD, or is not well-formed XMP.</exception>
    internal static IXmpMeta ParseGuarded(ReadOnlySpan<byte> packet, long offset, string block, ICollection<string>? repairs = null)
    {
        XmpNamespaces.RegisterWrittenPrefixes();
        if (packet.Length > MaxPacketBytes)
            throw new CandorFormatException($"XMP packet is {packet.Length} bytes, over the {MaxPacketBytes >> 20} MiB limit", offset, block, kind: FormatErrorKind.LimitExceeded);
        var xml = Trim(packet);
        if (xml.IsEmpty)
            throw new CandorFormatException("XMP packet is empty", offset, block);
        RefuseDtd(xml, offset, block);

        var bytes = xml.ToArray();
        CheckWellFormedAndShallow(bytes, offset, block);
        Exception refused;
        try
        {
            return ParseStrict(bytes);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            refused = e;
        }

        var notes = new List<string>();
        if (XmpPacketRepair.Repair(bytes, notes) is not { } repaired)
            throw new CandorFormatException($"XMP packet could not be parsed: {refused.Message}", offset, block, refused);
        try
        {
            var meta = ParseStrict(repaired);
            foreach (var note in notes) repairs?.Add(note);
            return meta;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new CandorFormatException($"XMP packet could not be parsed: {refused.Message} (and not after dropping repeated properties: {e.Message})", offset, block, refused);
        }
    }

    private static IXmpMeta ParseStrict(byte[] bytes) =>
        XmpMetaFactory.ParseFromBuffer(bytes, new ParseOptions { DisallowDoctype = true, OmitNormalization = true, RequireXmpMeta = false });

    internal static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> packet)
    {
        var end = packet.LastIndexOf(PacketEnd);
        if (end >= 0)
        {
            var close = packet[end..].IndexOf("?>"u8);
            if (close >= 0) packet = packet[..(end + close + 2)];
        }
        return packet.Trim((byte)0).Trim(" \t\r\n"u8);
    }

    private static void RefuseDtd(ReadOnlySpan<byte> xml, long offset, string block)
    {
        foreach (var marker in (ReadOnlySpan<string>)["<!DOCTYPE", "<!ENTITY"])
        {
            var at = IndexOfIgnoreCase(xml, marker);
            if (at >= 0)
                throw new CandorFormatException($"XMP packet contains a {marker[2..]} declaration; DTDs and entities are refused (they can expand or fetch external data)", offset + at, block);
        }
    }

    private static int IndexOfIgnoreCase(ReadOnlySpan<byte> haystack, string needle)
    {
        Span<byte> upper = stackalloc byte[needle.Length];
        Encoding.ASCII.GetBytes(needle, upper);
        var first = upper[0];
        for (var i = haystack.IndexOf(first); i >= 0 && i <= haystack.Length - upper.Length;)
        {
            var candidate = haystack.Slice(i, upper.Length);
            var match = true;
            for (var k = 1; k < upper.Length && match; k++)
                match = (candidate[k] & 0xDF) == upper[k] || candidate[k] == upper[k];
            if (match) return i;
            var next = haystack[(i + 1)..].IndexOf(first);
            i = next < 0 ? -1 : i + 1 + next;
        }
        return -1;
    }

    /// <summary>A streaming pass that enforces the depth cap before XmpCore (which recurses) builds its tree.</summary>
    private static void CheckWellFormedAndShallow(byte[] bytes, long offset, string block)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersFromEntities = 0,
            IgnoreComments = true,
            IgnoreWhitespace = true,
        };
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(bytes, writable: false), settings);
            while (reader.Read())
            {
                if (reader.Depth > MaxDepth)
                    throw new CandorFormatException($"XMP nesting is deeper than {MaxDepth} levels", offset, block, kind: FormatErrorKind.LimitExceeded);
            }
        }
        catch (XmlException e)
        {
            throw new CandorFormatException($"XMP packet is not well-formed XML: {e.Message}", offset, block, e);
        }
    }

    private static XmpReadResult Flatten(IXmpMeta meta, Evidence source)
    {
        var fields = new List<MetadataField>();
        var problems = new List<string>();
        var registry = XmpMetaFactory.SchemaRegistry;
        var prefixes = new Dictionary<string, string>(StringComparer.Ordinal);
        var properties = new List<IXmpPropertyInfo>();
        var languages = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            foreach (var p in meta.Properties)
            {
                if (string.IsNullOrEmpty(p.Path)) continue;
                if (p.Options.IsQualifier)
                {
                    // XmpCore names a qualifier "item/xml:lang" (or "item/?xml:lang" in other ports).
                    var slash = p.Path.LastIndexOf('/');
                    var qualifier = p.Path[(slash + 1)..].TrimStart('?');
                    if (slash > 0 && qualifier == "xml:lang") languages[p.Path[..slash]] = p.Value ?? "";
                    continue;
                }
                properties.Add(p);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            problems.Add($"XMP: reading the property tree stopped: {e.Message}");
        }

        foreach (var p in properties)
        {
            if (p.Options.IsSchemaNode || p.Options.IsArray || p.Options.IsStruct || p.Value is null) continue;
            var path = p.Path;
            string? note = null;
            if (languages.TryGetValue(path, out var lang))
            {
                var bracket = path.EndsWith(']') ? path.LastIndexOf('[') : -1;
                if (bracket > 0)
                    path = lang.Equals("x-default", StringComparison.OrdinalIgnoreCase) ? path[..bracket] : $"{path[..bracket]}[lang={lang}]";
                else
                    note = $"xml:lang {lang}";
            }
            var name = Conventional(path, registry, prefixes);
            fields.Add(new MetadataField(FieldGroups.Xmp, name, p.Value, new Evidence(source.Block, name, Offset: source.Offset)) { Note = note });
        }
        return new XmpReadResult(fields, problems);
    }

    /// <summary>Rewrites each "prefix:" in <paramref name="path"/> to the conventional prefix of its namespace.</summary>
    private static string Conventional(string path, IXmpSchemaRegistry registry, Dictionary<string, string> cache)
    {
        var sb = new StringBuilder(path.Length);
        var i = 0;
        while (i < path.Length)
        {
            var colon = path.IndexOf(':', i);
            if (colon < 0) { sb.Append(path, i, path.Length - i); break; }
            var start = colon;
            while (start > i && path[start - 1] is not ('/' or '?' or '[' or ']')) start--;
            sb.Append(path, i, start - i);
            var prefix = path[start..colon];
            if (!cache.TryGetValue(prefix, out var conventional))
            {
                var uri = registry.GetNamespaceUri(prefix);
                conventional = uri is not null && XmpNamespaces.ConventionalPrefix.TryGetValue(uri, out var known) ? known : prefix;
                cache[prefix] = conventional;
            }
            sb.Append(conventional).Append(':');
            i = colon + 1;
        }
        return sb.ToString();
    }
}
