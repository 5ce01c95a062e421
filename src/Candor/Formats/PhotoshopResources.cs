using System.Buffers.Binary;

namespace Candor.Formats;

/// <summary>
/// Photoshop image resource blocks, as carried by JPEG APP13 ("Photoshop 3.0\0") and by
/// ImageMagick's "Raw profile type iptc". Only resource 0x0404 (IPTC-IIM) is lifted out.
/// <code>
/// resource = "8BIM" | id u16 BE | name: len u8 + bytes, padded so len byte + name is even
///          | size u32 BE | data[size] | pad to even
/// </code>
/// </summary>
internal static class PhotoshopResources
{
    /// <summary>Resource id of IPTC-IIM data.</summary>
    public const ushort IptcResource = 0x0404;

    /// <summary>The data of the first 0x0404 resource, or null. Stops quietly at the first malformed resource; <paramref name="problem"/> says why.</summary>
    public static byte[]? FindIptc(ReadOnlySpan<byte> resources, out string? problem)
    {
        problem = null;
        var pos = 0;
        while (pos < resources.Length)
        {
            if (resources.Length - pos < 12 || !resources.Slice(pos, 4).SequenceEqual("8BIM"u8))
            {
                problem = $"Photoshop resource at +{pos} is malformed (no '8BIM' signature or too short)";
                return null;
            }
            var id = BinaryPrimitives.ReadUInt16BigEndian(resources[(pos + 4)..]);
            var nameLen = resources[pos + 6];
            var nameField = (1 + nameLen + 1) & ~1;
            var sizeAt = pos + 6 + nameField;
            if (sizeAt + 4 > resources.Length)
            {
                problem = $"Photoshop resource 0x{id:X4} at +{pos} is truncated";
                return null;
            }
            var size = BinaryPrimitives.ReadUInt32BigEndian(resources[sizeAt..]);
            var dataAt = sizeAt + 4;
            if (size > (uint)(resources.Length - dataAt))
            {
                problem = $"Photoshop resource 0x{id:X4} at +{pos} declares {size} bytes but only {resources.Length - dataAt} remain";
                return null;
            }
            if (id == IptcResource) return resources.Slice(dataAt, (int)size).ToArray();
            pos = dataAt + (int)size + (int)(size & 1);
        }
        return null;
    }
}
