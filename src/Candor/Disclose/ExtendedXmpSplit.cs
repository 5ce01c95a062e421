using XmpCore;

namespace Candor.Disclose;

/// <summary>
/// Chooses which XMP properties move to an extended packet when the merged packet does not fit a
/// container's main XMP block (JPEG: XMP specification part 3, 1.1.3.1). The disclosure properties
/// always stay in the main packet, so readers that ignore extended XMP still see them.
/// </summary>
internal static class ExtendedXmpSplit
{
    /// <summary>
    /// Moves top-level properties, largest first, from a copy of <paramref name="meta"/> to an
    /// extended packet until the rest serializes (with a placeholder GUID, no padding) within
    /// <paramref name="maxMainPacket"/> bytes. Returns the main tree and the serialized extended packet.
    /// </summary>
    public static (IXmpMeta Main, byte[] Extended) Split(IXmpMeta meta, long maxMainPacket)
    {
        var main = meta.Clone();
        var extended = XmpMetaFactory.Create();
        var (noteNs, noteName) = DisclosurePacket.HasExtendedXmp;
        main.SetProperty(noteNs, noteName, new string('0', 32));
        var candidates = new List<(string Ns, string Path, int Size)>();
        foreach (var p in meta.Properties)
        {
            if (p.Options.IsSchemaNode || p.Options.IsQualifier || string.IsNullOrEmpty(p.Path)) continue;
            if (p.Path.Contains('/') || p.Path.Contains('[')) continue;
            if (IsDisclosure(p.Namespace, p.Path)) continue;
            var alone = XmpMetaFactory.Create();
            XmpUtils.DuplicateSubtree(meta, alone, p.Namespace, p.Path, p.Namespace, p.Path, null);
            candidates.Add((p.Namespace, p.Path, DisclosurePacket.SerializeBare(alone).Length));
        }
        foreach (var (ns, path, _) in candidates.OrderByDescending(c => c.Size).ThenBy(c => c.Ns, StringComparer.Ordinal).ThenBy(c => c.Path, StringComparer.Ordinal))
        {
            if (DisclosurePacket.Serialize(main, 0).Length <= maxMainPacket) break;
            XmpUtils.DuplicateSubtree(main, extended, ns, path, ns, path, null);
            main.DeleteProperty(ns, path);
        }
        return (main, DisclosurePacket.SerializeBare(extended));
    }

    private static bool IsDisclosure(string ns, string path) => ns switch
    {
        DisclosurePacket.NamespaceUri => true,
        DisclosurePacket.IptcExtNamespace => path.EndsWith(":DigitalSourceType", StringComparison.Ordinal),
        DisclosurePacket.PlusNamespace => path.EndsWith(":DataMining", StringComparison.Ordinal),
        _ => false,
    };
}
