using System.Collections.Frozen;
using XmpCore;

namespace Candor.Metadata.Xmp;

/// <summary>
/// The conventional prefix of well-known XMP namespaces. A file may bind any prefix to a
/// namespace; field names use these so that a lookup of "Iptc4xmpExt:DigitalSourceType" works
/// whatever the file wrote.
/// </summary>
internal static class XmpNamespaces
{
    /// <summary>Namespace URI → conventional prefix.</summary>
    public static readonly FrozenDictionary<string, string> ConventionalPrefix = new Dictionary<string, string>
    {
        ["http://purl.org/dc/elements/1.1/"] = "dc",
        ["http://purl.org/dc/terms/"] = "dcterms",
        ["http://ns.adobe.com/xap/1.0/"] = "xmp",
        ["http://ns.adobe.com/xap/1.0/mm/"] = "xmpMM",
        ["http://ns.adobe.com/xap/1.0/rights/"] = "xmpRights",
        ["http://ns.adobe.com/xap/1.0/bj/"] = "xmpBJ",
        ["http://ns.adobe.com/xap/1.0/t/pg/"] = "xmpTPg",
        ["http://ns.adobe.com/xap/1.0/g/img/"] = "xmpGImg",
        ["http://ns.adobe.com/xmp/1.0/DynamicMedia/"] = "xmpDM",
        ["http://ns.adobe.com/xmp/note/"] = "xmpNote",
        ["http://ns.adobe.com/xmp/Identifier/qual/1.0/"] = "xmpidq",
        ["http://ns.adobe.com/xap/1.0/sType/ResourceEvent#"] = "stEvt",
        ["http://ns.adobe.com/xap/1.0/sType/ResourceRef#"] = "stRef",
        ["http://ns.adobe.com/xap/1.0/sType/Version#"] = "stVer",
        ["http://ns.adobe.com/xap/1.0/sType/Job#"] = "stJob",
        ["http://ns.adobe.com/xap/1.0/sType/Dimensions#"] = "stDim",
        ["http://ns.adobe.com/xmp/sType/Area#"] = "stArea",
        ["http://ns.adobe.com/photoshop/1.0/"] = "photoshop",
        ["http://ns.adobe.com/exif/1.0/"] = "exif",
        ["http://ns.adobe.com/exif/1.0/aux/"] = "aux",
        ["http://cipa.jp/exif/1.0/"] = "exifEX",
        ["http://ns.adobe.com/tiff/1.0/"] = "tiff",
        ["http://ns.adobe.com/camera-raw-settings/1.0/"] = "crs",
        ["http://ns.adobe.com/pdf/1.3/"] = "pdf",
        ["http://ns.adobe.com/lightroom/1.0/"] = "lr",
        ["http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/"] = "Iptc4xmpCore",
        ["http://iptc.org/std/Iptc4xmpExt/2008-02-29/"] = "Iptc4xmpExt",
        ["http://ns.useplus.org/ldf/xmp/1.0/"] = "plus",
        ["http://www.metadataworkinggroup.com/schemas/regions/"] = "mwg-rs",
        ["http://www.metadataworkinggroup.com/schemas/keywords/"] = "mwg-kw",
        ["http://ns.microsoft.com/photo/1.0/"] = "MicrosoftPhoto",
        ["https://candor.dev/ns/disclosure/1.0/"] = "candor",
        ["http://www.w3.org/1999/02/22-rdf-syntax-ns#"] = "rdf",
        ["http://www.w3.org/XML/1998/namespace"] = "xml",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Namespaces Candor writes, whose prefix must not depend on what a file read earlier happened to bind.</summary>
    private static readonly string[] Written =
    [
        "https://candor.dev/ns/disclosure/1.0/",
        "http://iptc.org/std/Iptc4xmpExt/2008-02-29/",
        "http://ns.useplus.org/ldf/xmp/1.0/",
    ];

    private static readonly Lazy<bool> Registered = new(() =>
    {
        foreach (var uri in Written) XmpMetaFactory.SchemaRegistry.RegisterNamespace(uri, ConventionalPrefix[uri]);
        return true;
    });

    /// <summary>
    /// Binds the namespaces Candor writes to their conventional prefix in XmpCore's process-wide
    /// registry, before any packet is parsed: XmpCore otherwise keeps the first prefix a parsed file
    /// used ("c:" for the Candor namespace), and written packets would differ between processes.
    /// </summary>
    public static void RegisterWrittenPrefixes() => _ = Registered.Value;
}
