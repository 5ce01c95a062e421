using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Candor.FileSystem;
using Candor.Formats;

namespace Candor.Darktable;

/// <summary>
/// A darktable edit history, read from a sidecar (<c>photo.nef.xmp</c>) or from the XMP that
/// darktable embeds in an exported image. The layout (<c>darktable:xmp_version</c> 5):
/// <code>
///   rdf:Description  darktable:xmp_version  darktable:history_end  xmpMM:DerivedFrom …
///     darktable:masks_history / rdf:Seq / rdf:li   mask_num mask_id mask_type mask_name
///                                                   mask_version mask_points mask_nb mask_src
///     darktable:history / rdf:Seq / rdf:li         num operation enabled modversion params
///                                                   multi_name multi_priority blendop_version blendop_params
/// </code>
/// Row fields are read from rdf:li attributes (darktable's own form) or child elements (how other XMP
/// tools may rewrite them). Only history rows below <see cref="HistoryEnd"/> are part of the picture;
/// the rest is undone history kept for the user.
/// Safety: DTDs are refused, the text is capped at <see cref="MaxBytes"/> and nesting at <see cref="MaxDepth"/>,
/// decoded blobs are capped (<see cref="DarktableBlob"/>); every problem is a <see cref="CandorFormatException"/>
/// naming the line.
/// </summary>
public sealed class DarktableSidecar
{
    /// <summary>The darktable XMP namespace.</summary>
    public const string Namespace = "http://darktable.sf.net/";

    /// <summary>Largest sidecar read (16 MiB).</summary>
    public const int MaxBytes = 16 << 20;

    /// <summary>Deepest element nesting accepted.</summary>
    public const int MaxDepth = 32;

    /// <summary>Most history or mask rows accepted.</summary>
    public const int MaxRows = 10_000;

    private const string Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    private const string XmpMM = "http://ns.adobe.com/xap/1.0/mm/";

    private DarktableSidecar(string origin) => Origin = origin;

    /// <summary>Where the history was read from: a sidecar path, "XMP in export.jpg", or "XMP text".</summary>
    public string Origin { get; }

    /// <summary><c>darktable:xmp_version</c>; 0 when absent.</summary>
    public int XmpVersion { get; private set; }

    /// <summary><c>darktable:history_end</c>: rows with <c>num</c> below it are applied. Defaults to the row count.</summary>
    public int HistoryEnd { get; private set; }

    /// <summary><c>xmpMM:DerivedFrom</c>: the file name of the source image, when written.</summary>
    public string? DerivedFrom { get; private set; }

    /// <summary>Every history row, in document order.</summary>
    public IReadOnlyList<DarktableHistoryItem> History { get; private set; } = [];

    /// <summary>Every masks_history row, in document order.</summary>
    public IReadOnlyList<DarktableMask> Masks { get; private set; } = [];

    /// <summary>Non-fatal problems (e.g. blend params of an unknown version).</summary>
    public IReadOnlyList<string> Problems { get; private set; } = [];

    /// <summary>
    /// Reads a sidecar, or the darktable history embedded in an exported image when <paramref name="path"/>
    /// is a JPEG, PNG, TIFF, WebP, HEIF or GIF rather than XML.
    /// </summary>
    /// <exception cref="CandorFormatException">The file is malformed, hostile, or an image without darktable XMP.</exception>
    public static DarktableSidecar Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var info = new FileInfo(path);
        if (!info.Exists) throw new FileNotFoundException($"no such file: {path}", path);
        Span<byte> head = stackalloc byte[ContainerRegistry.HeadLength];
        int n;
        using (var stream = info.OpenRead()) n = StreamReading.ReadAtMost(stream, head);
        if (ContainerRegistry.Detect(head[..n]) is not null)
            return LoadEmbedded(path) ?? throw new CandorFormatException($"{Path.GetFileName(path)} carries no darktable history in its XMP", -1, "XMP");
        if (info.Length > MaxBytes)
            throw new CandorFormatException($"sidecar is {info.Length} bytes, over the {MaxBytes >> 20} MiB limit", 0, path, kind: FormatErrorKind.LimitExceeded);
        return Parse(RegularFile.ReadAllBytes(path), path);
    }

    /// <summary>The darktable history in an exported image's XMP; null when the image has none.</summary>
    /// <exception cref="CandorFormatException">The image or its darktable XMP is malformed.</exception>
    public static DarktableSidecar? LoadEmbedded(string imagePath)
    {
        var scan = ContainerRegistry.Scan(imagePath);
        foreach (var payload in scan.Payloads)
        {
            if (payload.Kind != PayloadKind.Xmp || payload.Data.AsSpan().IndexOf("darktable.sf.net"u8) < 0) continue;
            return Parse(payload.Data, $"XMP in {Path.GetFileName(imagePath)} ({payload.Evidence})");
        }
        return null;
    }

    /// <summary>Parses sidecar text.</summary>
    /// <exception cref="CandorFormatException">The text is malformed or hostile.</exception>
    public static DarktableSidecar Parse(string xml) => Parse(Encoding.UTF8.GetBytes(xml), "XMP text");

    /// <summary>Parses sidecar bytes (UTF-8, optionally with XMP packet wrapper and padding); <paramref name="origin"/> names them in errors.</summary>
    /// <exception cref="CandorFormatException">The bytes are malformed or hostile.</exception>
    public static DarktableSidecar Parse(ReadOnlySpan<byte> xml, string origin)
    {
        if (xml.Length > MaxBytes)
            throw new CandorFormatException($"XMP is {xml.Length} bytes, over the {MaxBytes >> 20} MiB limit", 0, origin, kind: FormatErrorKind.LimitExceeded);
        var trimmed = xml.TrimEnd((byte)0);
        var document = LoadDocument(trimmed.ToArray(), origin);
        var sidecar = new DarktableSidecar(origin);
        sidecar.Read(document);
        return sidecar;
    }

    private static XDocument LoadDocument(byte[] bytes, string origin)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxBytes,
            MaxCharactersFromEntities = 0,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };
        try
        {
            // First pass: depth only, so a deeply nested document is refused before a tree is built.
            using (var reader = XmlReader.Create(new MemoryStream(bytes, writable: false), settings))
                while (reader.Read())
                    if (reader.Depth > MaxDepth)
                        throw Error($"XML is nested deeper than {MaxDepth} elements", origin, LineOf(reader), kind: FormatErrorKind.LimitExceeded);
            using var second = XmlReader.Create(new MemoryStream(bytes, writable: false), settings);
            return XDocument.Load(second, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            var message = e.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase)
                ? "the XML declares a DTD; DTDs and entities are refused (they can expand or fetch external data)"
                : $"not well-formed XML: {e.Message}";
            throw Error(message, origin, e.LineNumber, e);
        }
    }

    private void Read(XDocument document)
    {
        XNamespace dt = Namespace, rdf = Rdf, mm = XmpMM;
        var description = document.Descendants(rdf + "Description")
            .FirstOrDefault(d => d.Attributes().Any(a => a.Name.Namespace == dt) || d.Elements().Any(e => e.Name.Namespace == dt))
            ?? throw Error("no rdf:Description with darktable properties: not a darktable sidecar", Origin, 0);

        XmpVersion = ReadInt(Property(description, dt + "xmp_version"), "xmp_version", LineOf(description), 0);
        DerivedFrom = Property(description, mm + "DerivedFrom");

        var problems = new List<string>();
        var history = new List<DarktableHistoryItem>();
        foreach (var li in Rows(description, dt + "history"))
            history.Add(ReadHistoryItem(li, dt, problems));
        var masks = new List<DarktableMask>();
        foreach (var li in Rows(description, dt + "masks_history"))
            masks.Add(ReadMask(li, dt));
        History = history;
        Masks = masks;
        HistoryEnd = Property(description, dt + "history_end") is { } end
            ? ReadInt(end, "history_end", LineOf(description), 0)
            : history.Count;
        if (HistoryEnd < 0) throw Error($"history_end is negative ({HistoryEnd})", Origin, LineOf(description));
        Problems = problems;
    }

    private IEnumerable<XElement> Rows(XElement description, XName container)
    {
        XNamespace rdf = Rdf;
        var element = description.Element(container);
        if (element is null) yield break;
        var seq = element.Element(rdf + "Seq") ?? element.Element(rdf + "Bag");
        if (seq is null) yield break;
        var count = 0;
        foreach (var li in seq.Elements(rdf + "li"))
        {
            if (++count > MaxRows) throw Error($"{container.LocalName} has more than {MaxRows} rows", Origin, LineOf(li), kind: FormatErrorKind.LimitExceeded);
            yield return li;
        }
    }

    private DarktableHistoryItem ReadHistoryItem(XElement li, XNamespace dt, List<string> problems)
    {
        var line = LineOf(li);
        var num = ReadInt(Field(li, dt + "num"), "num", line, null);
        var what = $"history item {num}";
        var blendVersion = ReadInt(Field(li, dt + "blendop_version"), "blendop_version", line, 0);
        var blendBytes = Blob(li, dt + "blendop_params", $"{what} blendop_params", line);
        var blend = blendBytes.Length == 0 ? null : DarktableBlendParams.TryRead(blendBytes, blendVersion);
        var operation = Field(li, dt + "operation") ?? throw Error($"{what} has no operation", Origin, line);
        if (blendBytes.Length > 0 && blend is null)
            problems.Add($"line {line}: {what} ({operation}) has blend params version {blendVersion} ({blendBytes.Length} bytes), a layout Candor does not know; its mask use is not checked");
        return new DarktableHistoryItem
        {
            Num = num,
            Operation = operation,
            Enabled = ReadInt(Field(li, dt + "enabled"), "enabled", line, 1) != 0,
            ModVersion = ReadInt(Field(li, dt + "modversion"), "modversion", line, 0),
            Params = Blob(li, dt + "params", $"{what} params", line),
            MultiName = Field(li, dt + "multi_name") ?? "",
            MultiPriority = ReadInt(Field(li, dt + "multi_priority"), "multi_priority", line, 0),
            BlendopVersion = blendVersion,
            BlendopParams = blendBytes,
            Blend = blend,
            Line = line,
        };
    }

    private DarktableMask ReadMask(XElement li, XNamespace dt)
    {
        var line = LineOf(li);
        var id = ReadInt(Field(li, dt + "mask_id"), "mask_id", line, null);
        var what = $"mask {id}";
        return new DarktableMask
        {
            Num = ReadInt(Field(li, dt + "mask_num"), "mask_num", line, 0),
            Id = id,
            Type = ReadInt(Field(li, dt + "mask_type"), "mask_type", line, null),
            Name = Field(li, dt + "mask_name") ?? "",
            Version = ReadInt(Field(li, dt + "mask_version"), "mask_version", line, 0),
            Points = Blob(li, dt + "mask_points", $"{what} mask_points", line),
            PointCount = ReadInt(Field(li, dt + "mask_nb"), "mask_nb", line, 0),
            Source = Blob(li, dt + "mask_src", $"{what} mask_src", line),
            Line = line,
        };
    }

    private byte[] Blob(XElement li, XName name, string what, int line)
    {
        var text = Field(li, name);
        if (string.IsNullOrEmpty(text)) return [];
        try
        {
            return DarktableBlob.Decode(text.Trim(), what);
        }
        catch (CandorFormatException e)
        {
            throw Error(e.Message, Origin, line, e, e.Kind);
        }
    }

    // A simple property: an attribute of the description, or a child element with text.
    private static string? Property(XElement description, XName name) =>
        description.Attribute(name)?.Value ?? description.Element(name)?.Value;

    // A row field: an attribute of rdf:li, a child element, or a child of a nested rdf:Description.
    private static string? Field(XElement li, XName name)
    {
        if (li.Attribute(name) is { } attribute) return attribute.Value;
        if (li.Element(name) is { } element) return element.Value;
        XNamespace rdf = Rdf;
        var nested = li.Element(rdf + "Description");
        return nested?.Attribute(name)?.Value ?? nested?.Element(name)?.Value;
    }

    private int ReadInt(string? text, string field, int line, int? fallback)
    {
        if (text is null)
            return fallback ?? throw Error($"{field} is missing", Origin, line);
        if (!int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            throw Error($"{field} '{Shorten(text)}' is not a whole number", Origin, line);
        return value;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private static int LineOf(IXmlLineInfo? info) => info is not null && info.HasLineInfo() ? info.LineNumber : 0;

    private static int LineOf(XmlReader reader) => LineOf(reader as IXmlLineInfo);

    private static CandorFormatException Error(string message, string origin, int line, Exception? inner = null, FormatErrorKind kind = FormatErrorKind.Malformed) =>
        new(line > 0 ? $"line {line}: {message}" : message, -1, origin, inner, kind);
}
