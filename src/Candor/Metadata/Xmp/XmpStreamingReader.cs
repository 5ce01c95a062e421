using System.Xml;
using Candor.Provenance;
using XmpCore;

namespace Candor.Metadata.Xmp;

// The shapes this reader takes, in one forward pass of XmlReader (anything else: it declines):
//
//   [x:xmpmeta …]
//     rdf:RDF
//       rdf:Description [rdf:about="same in every description"] [ns:prop="value" …]
//         ns:prop>text</ns:prop>                                          simple
//         ns:prop><rdf:Bag|rdf:Seq><rdf:li>text</rdf:li>…</…></ns:prop>    array of simple items
//         ns:prop><rdf:Alt><rdf:li xml:lang="x-default">text</rdf:li><rdf:li xml:lang="fr-FR">…</rdf:Alt></ns:prop>  languages
//         ns:prop rdf:parseType="Resource"> fields </ns:prop>              struct (fields: any of these shapes)
//         ns:prop f:a="…" f:b="…"/>                                        struct written as attributes
//         rdf:li … as any of these shapes, in a Bag or Seq
//
// Fields come out as XmpCore's tree gives them to XmpReader.Flatten: grouped by namespace in the order each namespace
// first appears, properties in document order within it (attributes of a description before its elements, and in the
// ordinal order of their qualified names, as XmpCore takes them).

/// <summary>
/// The read path's fast XMP reader: turns the common shapes of XMP (simple properties, arrays of simple items, a
/// default-language alternative) into the same fields <see cref="XmpReader"/> gets from XmpCore's tree, in one streaming
/// pass with no tree built. It declines (returns null) on anything else — qualifiers, nested rdf:Description, language tags XmpCore would rewrite,
/// <c>rdf:resource</c>, a repeated property, empty elements, mixed or CDATA content, deep nesting, XML that is not
/// well-formed — and <see cref="XmpReader"/> then reads the packet through XmpCore as before, with its errors and
/// repairs. Namespaces it has not seen are registered in XmpCore's registry with the file's prefix, as XmpCore does,
/// so the names of later packets do not depend on which reader read an earlier one.
/// </summary>
internal static class XmpStreamingReader
{
    private const string RdfNs = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    private const string XmlNs = "http://www.w3.org/XML/1998/namespace";
    private const string XmlnsNs = "http://www.w3.org/2000/xmlns/";
    private const string MetaNs = "adobe:ns:meta/";

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = 0,
        IgnoreComments = true,
        IgnoreWhitespace = true,
        IgnoreProcessingInstructions = true,
    };

    private sealed class Declined : Exception;

    /// <summary>The fields of <paramref name="xml"/> (a trimmed packet), or null when the packet is not of a shape this reader takes.</summary>
    public static List<MetadataField>? TryRead(byte[] xml, Evidence source)
    {
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(xml, writable: false), Settings);
            var schemas = new List<(string Uri, List<(string Local, string Value)> Properties)>();
            var seen = new HashSet<(string, string)>();
            string? about = null;
            var sawRdf = false;
            Next(reader);
            if (reader.NodeType == XmlNodeType.XmlDeclaration) Next(reader);
            if (reader.NodeType == XmlNodeType.Element && reader.NamespaceURI == MetaNs && reader.LocalName == "xmpmeta")
            {
                if (reader.IsEmptyElement) return null;
                Next(reader);
                ReadRdf(reader, schemas, seen, ref about);
                sawRdf = true;
                Expect(reader, XmlNodeType.EndElement);
                Next(reader);
            }
            else if (IsRdf(reader, "RDF"))
            {
                ReadRdf(reader, schemas, seen, ref about);
                sawRdf = true;
            }
            if (!sawRdf || !reader.EOF && reader.NodeType != XmlNodeType.None) return null;
            return Fields(schemas, source);
        }
        catch (Exception e) when (e is Declined or XmlException)
        {
            return null;
        }
    }

    private static void ReadRdf(XmlReader reader, List<(string Uri, List<(string Local, string Value)> Properties)> schemas, HashSet<(string, string)> seen, ref string? about)
    {
        if (!IsRdf(reader, "RDF") || reader.IsEmptyElement) throw new Declined();
        Next(reader);
        while (reader.NodeType == XmlNodeType.Element)
        {
            if (!IsRdf(reader, "Description")) throw new Declined();
            var empty = reader.IsEmptyElement;
            if (reader.MoveToFirstAttribute())
            {
                var attributes = new List<(string Name, string Uri, string Prefix, string Local, string Value)>();
                do
                {
                    if (reader.NamespaceURI == XmlnsNs) continue;
                    if (reader.NamespaceURI == RdfNs && reader.LocalName == "about")
                    {
                        // XmpCore refuses descriptions of different resources; leave that verdict to it.
                        if (about is not null && about != reader.Value) throw new Declined();
                        about = reader.Value;
                        continue;
                    }
                    attributes.Add((reader.Name, reader.NamespaceURI, reader.Prefix, reader.LocalName, reader.Value));
                }
                while (reader.MoveToNextAttribute());
                reader.MoveToElement();
                // XmpCore takes a description's attributes in the order of their qualified names under its registered
                // prefixes (xapa:RatingA and xmpa:DigitalSourceTypeA are xmp:RatingA and xmp:DigitalSourceTypeA), not the file's.
                foreach (var a in InRegisteredOrder(attributes)) Add(schemas, seen, a.Uri, a.Prefix, a.Local, a.Value);
            }
            Next(reader);
            if (empty) continue;
            while (reader.NodeType == XmlNodeType.Element) ReadProperty(reader, schemas, seen);
            Expect(reader, XmlNodeType.EndElement);
            Next(reader);
        }
        Expect(reader, XmlNodeType.EndElement);
        Next(reader);
    }

    // At a top-level property element; leaves the reader after its end.
    private static void ReadProperty(XmlReader reader, List<(string Uri, List<(string Local, string Value)> Properties)> schemas, HashSet<(string, string)> seen)
    {
        var (uri, prefix, local) = (reader.NamespaceURI, reader.Prefix, reader.LocalName);
        Add(schemas, seen, uri, prefix, local, null);
        var properties = schemas[schemas.FindIndex(s => s.Uri == uri)].Properties;
        ReadValue(reader, properties, local);
    }

    // At a property or struct-field element whose name (after the schema prefix) is <paramref name="path"/>: adds its
    // fields and leaves the reader after its end.
    private static void ReadValue(XmlReader reader, List<(string Local, string Value)> fields, string path)
    {
        if (reader.IsEmptyElement)
        {
            ReadAttributeStruct(reader, fields, path);
            return;
        }
        var isStruct = false;
        if (reader.HasAttributes)
        {
            for (var i = 0; i < reader.AttributeCount; i++)
            {
                reader.MoveToAttribute(i);
                if (reader.NamespaceURI == XmlnsNs) continue;
                if (reader.NamespaceURI == RdfNs && reader.LocalName == "parseType" && reader.Value == "Resource" && !isStruct) isStruct = true;
                else throw new Declined();
            }
            reader.MoveToElement();
        }
        Next(reader);
        if (isStruct)
        {
            ReadStruct(reader, fields, path);
        }
        else if (reader.NodeType == XmlNodeType.Text)
        {
            fields.Add((path, reader.Value));
            Next(reader);
        }
        else if (reader.NodeType == XmlNodeType.Element && (IsRdf(reader, "Bag") || IsRdf(reader, "Seq")))
        {
            if (HasAttributes(reader)) throw new Declined();
            if (!reader.IsEmptyElement)
            {
                Next(reader);
                for (var n = 1; reader.NodeType == XmlNodeType.Element; n++)
                {
                    if (!IsRdf(reader, "li")) throw new Declined();
                    ReadValue(reader, fields, $"{path}[{n}]");
                }
                Expect(reader, XmlNodeType.EndElement);
            }
            Next(reader);
        }
        else if (reader.NodeType == XmlNodeType.Element && IsRdf(reader, "Alt"))
        {
            if (HasAttributes(reader) || reader.IsEmptyElement) throw new Declined();
            Next(reader);
            var languages = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            while (reader.NodeType == XmlNodeType.Element)
            {
                if (!IsRdf(reader, "li") || reader.IsEmptyElement || reader.AttributeCount != 1 || reader.GetAttribute("lang", XmlNs) is not { } lang)
                    throw new Declined();
                // XmpCore normalises language tags and keeps a default it finds later first: leave both to it.
                var isDefault = lang.Equals("x-default", StringComparison.OrdinalIgnoreCase);
                if (!languages.Add(lang) || (isDefault ? languages.Count != 1 || lang != "x-default" : !IsNormalLanguage(lang))) throw new Declined();
                fields.Add((isDefault ? path : $"{path}[lang={lang}]", ReadText(reader)));
            }
            Expect(reader, XmlNodeType.EndElement);
            Next(reader);
        }
        else throw new Declined();
        Expect(reader, XmlNodeType.EndElement);
        Next(reader);
    }

    // Inside a struct (rdf:parseType="Resource"): its fields up to the struct's end, which the reader is left at.
    private static void ReadStruct(XmlReader reader, List<(string Local, string Value)> fields, string path)
    {
        var seen = new HashSet<(string, string)>();
        while (reader.NodeType == XmlNodeType.Element)
        {
            var (uri, prefix, local) = (reader.NamespaceURI, reader.Prefix, reader.LocalName);
            if (uri.Length == 0 || uri == RdfNs || uri == XmlNs || prefix.Length == 0 || !seen.Add((uri, local))) throw new Declined();
            Register(uri, prefix);
            ReadValue(reader, fields, $"{path}/{PrefixOf(uri)}:{local}");
        }
    }

    // An empty element whose attributes are the fields of a struct (<rdf:li stEvt:action="saved" stEvt:when="…"/>),
    // taken in the order of their names as XmpCore takes them; leaves the reader after the element.
    private static void ReadAttributeStruct(XmlReader reader, List<(string Local, string Value)> fields, string path)
    {
        var attributes = new List<(string Name, string Uri, string Prefix, string Local, string Value)>();
        for (var i = 0; i < reader.AttributeCount; i++)
        {
            reader.MoveToAttribute(i);
            if (reader.NamespaceURI == XmlnsNs) continue;
            if (reader.NamespaceURI.Length == 0 || reader.NamespaceURI == RdfNs || reader.NamespaceURI == XmlNs || reader.Prefix.Length == 0) throw new Declined();
            attributes.Add((reader.Name, reader.NamespaceURI, reader.Prefix, reader.LocalName, reader.Value));
        }
        reader.MoveToElement();
        if (attributes.Count == 0) throw new Declined();
        var seen = new HashSet<(string, string)>();
        foreach (var a in InRegisteredOrder(attributes))
        {
            if (!seen.Add((a.Uri, a.Local))) throw new Declined();
            Register(a.Uri, a.Prefix);
            fields.Add(($"{path}/{PrefixOf(a.Uri)}:{a.Local}", a.Value));
        }
        Next(reader);
    }

    // A tag as XmpCore leaves it (lower case, the second subtag upper case when it is a region): anything else is declined.
    private static bool IsNormalLanguage(string lang)
    {
        var parts = lang.Split('-');
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i].Length == 0) return false;
            foreach (var c in parts[i])
            {
                if (!char.IsAsciiLetterOrDigit(c)) return false;
                if (i == 1 ? char.IsAsciiLetterLower(c) : char.IsAsciiLetterUpper(c)) return false;
            }
        }
        return true;
    }

    // At an rdf:li with text only; returns the text and leaves the reader after the item's end.
    private static string ReadText(XmlReader reader)
    {
        Next(reader);
        Expect(reader, XmlNodeType.Text);
        var value = reader.Value;
        Next(reader);
        Expect(reader, XmlNodeType.EndElement);
        Next(reader);
        return value;
    }

    // A top-level property (value null: a property whose value is read by ReadValue).
    private static void Add(List<(string Uri, List<(string Local, string Value)> Properties)> schemas, HashSet<(string, string)> seen, string uri, string prefix, string local, string? value)
    {
        if (uri.Length == 0 || uri == RdfNs || uri == XmlNs || prefix.Length == 0) throw new Declined();
        if (!seen.Add((uri, local))) throw new Declined();
        var index = schemas.FindIndex(s => s.Uri == uri);
        if (index < 0)
        {
            Register(uri, prefix);
            schemas.Add((uri, []));
            index = schemas.Count - 1;
        }
        if (value is not null) schemas[index].Properties.Add((local, value));
    }

    // XmpCore registers a namespace it meets for the first time with the file's prefix (and keeps it process-wide).
    /// <summary>
    /// The attributes in XmpCore's order: each namespace registered (in the order of the names as written, which decides
    /// the prefix of a namespace seen for the first time), then sorted by the registered prefix and local name.
    /// </summary>
    private static List<(string Name, string Uri, string Prefix, string Local, string Value)> InRegisteredOrder(List<(string Name, string Uri, string Prefix, string Local, string Value)> attributes)
    {
        attributes.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        foreach (var a in attributes) Register(a.Uri, a.Prefix);
        var registry = XmpMetaFactory.SchemaRegistry;
        return [.. attributes.OrderBy(a => (registry.GetNamespacePrefix(a.Uri) ?? a.Prefix + ":") + a.Local, StringComparer.Ordinal)];
    }

    private static void Register(string uri, string prefix)
    {
        var registry = XmpMetaFactory.SchemaRegistry;
        if (registry.GetNamespacePrefix(uri) is not null) return;
        try
        {
            registry.RegisterNamespace(uri, prefix);
        }
        catch (XmpException)
        {
            throw new Declined();
        }
    }

    private static List<MetadataField> Fields(List<(string Uri, List<(string Local, string Value)> Properties)> schemas, Evidence source)
    {
        var fields = new List<MetadataField>();
        foreach (var (uri, properties) in schemas)
        {
            var prefix = PrefixOf(uri);
            foreach (var (local, value) in properties)
            {
                var name = $"{prefix}:{local}";
                fields.Add(new MetadataField(FieldGroups.Xmp, name, value, new Evidence(source.Block, name, Offset: source.Offset)));
            }
        }
        return fields;
    }

    // The prefix XmpReader.Flatten names a registered namespace by: its conventional one, else XmpCore's.
    private static string PrefixOf(string uri)
    {
        if (XmpNamespaces.ConventionalPrefix.TryGetValue(uri, out var conventional)) return conventional;
        var registry = XmpMetaFactory.SchemaRegistry;
        var registered = registry.GetNamespacePrefix(uri) ?? throw new Declined();
        var prefix = registered.TrimEnd(':');
        return registry.GetNamespaceUri(prefix) is { } back && XmpNamespaces.ConventionalPrefix.TryGetValue(back, out var known) ? known : prefix;
    }

    private static bool IsRdf(XmlReader reader, string local) =>
        reader.NodeType == XmlNodeType.Element && reader.NamespaceURI == RdfNs && reader.LocalName == local;

    private static bool HasAttributes(XmlReader reader)
    {
        if (!reader.HasAttributes) return false;
        var any = false;
        for (var i = 0; i < reader.AttributeCount && !any; i++)
        {
            reader.MoveToAttribute(i);
            any = reader.NamespaceURI != XmlnsNs;
        }
        reader.MoveToElement();
        return any;
    }

    private static void Expect(XmlReader reader, XmlNodeType type)
    {
        if (reader.NodeType != type) throw new Declined();
    }

    private static void Next(XmlReader reader)
    {
        if (!reader.Read()) return;
        if (reader.Depth > XmpReader.MaxDepth || reader.NodeType is XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.EntityReference)
            throw new Declined();
    }
}
