using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace Candor.Metadata.Xmp;

/// <summary>
/// Repairs the defects photo tools commonly write into XMP, which XmpCore (strict RDF) refuses
/// whole: the same property twice, in one <c>rdf:Description</c> or in two of them (Capture One,
/// digiKam and Photoshop-era exports repeat <c>photoshop:LegacyIPTCDigest</c>, <c>xmp:Rating</c>,
/// <c>exif:XResolution</c>…), and the same field twice inside a struct. The first value is kept,
/// as ExifTool and Adobe's readers do; each dropped value becomes one note.
/// <code>
///   rdf:RDF
///     rdf:Description  (attributes and child elements are properties; one name set shared by all
///     rdf:Description  top-level descriptions, since they all describe the same resource)
///       property rdf:parseType="Resource" | property/rdf:Description | rdf:li rdf:parseType="Resource"
///         fields   (a name set of their own per struct)
/// </code>
/// The packet is re-read with DTDs prohibited and no resolver; the caller has already enforced the
/// size and depth caps.
/// </summary>
internal static partial class XmpPacketRepair
{
    private static readonly XNamespace Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    private static readonly XName ParseType = Rdf + "parseType";

    /// <summary>
    /// The packet with repeated properties and struct fields merged (first value kept), or null when
    /// nothing needed repair or the bytes are not XML. <paramref name="notes"/> gets one line per value dropped.
    /// </summary>
    public static byte[]? Repair(byte[] xml, List<string> notes)
    {
        XDocument document;
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersFromEntities = 0 };
            using var reader = XmlReader.Create(new MemoryStream(xml, writable: false), settings);
            document = XDocument.Load(reader, LoadOptions.PreserveWhitespace);
        }
        catch (XmlException)
        {
            return null;
        }

        var before = notes.Count;
        foreach (var rdf in document.Descendants(Rdf + "RDF"))
        {
            var seen = new Dictionary<XName, XObject>();
            foreach (var description in rdf.Elements(Rdf + "Description")) MergeFields(description, seen, notes);
        }
        if (notes.Count == before) return null;

        var output = new MemoryStream();
        using (var writer = XmlWriter.Create(output, new XmlWriterSettings { OmitXmlDeclaration = true, Encoding = new UTF8Encoding(false) }))
            document.Save(writer);
        return output.ToArray();
    }

    /// <summary>Drops the attributes and child elements of <paramref name="container"/> whose name is already in <paramref name="seen"/>, then repairs each kept value's own structs.</summary>
    private static void MergeFields(XElement container, Dictionary<XName, XObject> seen, List<string> notes)
    {
        foreach (var attribute in container.Attributes().ToList())
        {
            if (attribute.IsNamespaceDeclaration || !IsPropertyName(attribute.Name)) continue;
            if (seen.TryGetValue(attribute.Name, out var first)) Drop(attribute, first, container, notes);
            else seen[attribute.Name] = attribute;
        }
        foreach (var element in container.Elements().ToList())
        {
            if (!IsPropertyName(element.Name)) continue;
            if (seen.TryGetValue(element.Name, out var first))
            {
                Drop(element, first, container, notes);
                continue;
            }
            seen[element.Name] = element;
            RepairValue(element, notes);
        }
    }

    /// <summary>Repairs the structs inside one property value: a parseType="Resource" struct, a nested rdf:Description, or the items of an array.</summary>
    private static void RepairValue(XElement property, List<string> notes)
    {
        if ((string?)property.Attribute(ParseType) == "Resource")
        {
            MergeFields(property, [], notes);
            return;
        }
        foreach (var child in property.Elements())
        {
            if (child.Name == Rdf + "Description") MergeFields(child, [], notes);
            else if (child.Name == Rdf + "Bag" || child.Name == Rdf + "Seq" || child.Name == Rdf + "Alt")
                foreach (var item in child.Elements(Rdf + "li")) RepairValue(item, notes);
        }
    }

    private static bool IsPropertyName(XName name) =>
        name.Namespace != Rdf && name.Namespace != XNamespace.Xml && name.Namespace != XNamespace.None;

    private static void Drop(XObject repeated, XObject first, XElement container, List<string> notes)
    {
        var name = repeated is XAttribute a ? a.Name : ((XElement)repeated).Name;
        var qualified = container.GetPrefixOfNamespace(name.Namespace) is { } prefix ? $"{prefix}:{name.LocalName}" : name.ToString();
        notes.Add(Comparable(first) == Comparable(repeated)
            ? $"{qualified} is written twice with the same value; the repeat was dropped"
            : $"{qualified} is written twice; the first value \"{Shorten(Shown(first))}\" was kept and \"{Shorten(Shown(repeated))}\" dropped");
        if (repeated is XAttribute attribute) attribute.Remove();
        else RemoveWithIndent((XElement)repeated);
    }

    private static void RemoveWithIndent(XElement element)
    {
        if (element.PreviousNode is XText { Value: var text } indent && string.IsNullOrWhiteSpace(text)) indent.Remove();
        element.Remove();
    }

    /// <summary>A comparable text of a value: the text of a simple value, the markup of a structured one without the indentation between tags.</summary>
    private static string Comparable(XObject value) => value switch
    {
        XElement e when e.HasElements => BetweenTags().Replace(string.Concat(e.Nodes().Select(n => n.ToString(SaveOptions.DisableFormatting))), "><").Trim(),
        _ => Shown(value),
    };

    /// <summary>A value as a person reads it: its text, or the texts of a structured value's leaves joined by "; ".</summary>
    private static string Shown(XObject value) => value switch
    {
        XAttribute a => a.Value,
        XElement e when !e.HasElements && e.Attribute(Rdf + "resource") is { } resource => resource.Value,
        XElement e when !e.HasElements => e.Value,
        XElement e => string.Join("; ", e.Descendants().Where(d => !d.HasElements && d.Value.Trim().Length > 0).Select(d => d.Value.Trim())),
        _ => "",
    };

    private static string Shorten(string s) => s.Length <= 80 ? s : s[..77] + "…";

    [GeneratedRegex(@">\s+<")]
    private static partial Regex BetweenTags();
}
