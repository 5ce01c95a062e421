using System.Buffers.Binary;
using System.Text;

namespace Candor.Darktable;

/// <summary>
/// The parts of darktable's blend parameters (<c>dt_develop_blend_params_t</c>, src/develop/blend.h)
/// that say which mask a module uses. Little-endian, as darktable writes them on every platform it ships on.
/// <code>
///   blendop_version 9 … 15 (darktable 3.x … 5.x):
///     offset  0  uint32 mask_mode    bit 0 enabled, bit 1 drawn mask, bit 2 parametric,
///                                    bit 3 raster mask, bit 4 "flexi" mask (development branches)
///     offset  4  int32  blend_cst
///     offset  8  uint32 blend_mode
///     offset 12  float  blend_parameter
///     offset 16  float  opacity
///     offset 20  uint32 mask_combine
///     offset 24  int32  mask_id      the group form holding the module's drawn shapes (0: none)
///     …          blendif fields (15 × 4 bytes, 64 + 16 floats)
///     offset 388 char[20] raster_mask_source   operation whose raster mask is used
///     offset 408 int32  raster_mask_instance
///     offset 412 int32  raster_mask_id
///     offset 416 int32  raster_mask_invert    (420 bytes in all)
/// </code>
/// Versions 9 to 15 only renamed or repurposed reserved words, so the offsets above hold for all
/// of them (checked against the 4.2 layout and a 5.x development header, and against the corpus).
/// </summary>
public sealed record DarktableBlendParams(uint MaskMode, int MaskId, string? RasterMaskSource, int RasterMaskInstance, int RasterMaskId)
{
    /// <summary>Oldest blend-params version whose layout this reader knows.</summary>
    public const int MinVersion = 9;

    /// <summary>Newest blend-params version whose layout this reader knows.</summary>
    public const int MaxVersion = 15;

    private const uint Enabled = 1, Drawn = 2, Raster = 8, Flexi = 16;

    /// <summary>Blending is on and a group of drawn shapes (<see cref="MaskId"/>) shapes where the module applies.</summary>
    public bool UsesDrawnMask => (MaskMode & Enabled) != 0 && (MaskMode & (Drawn | Flexi)) != 0 && MaskId != 0;

    /// <summary>Blending is on and another module's raster mask (<see cref="RasterMaskSource"/>) shapes where the module applies.</summary>
    public bool UsesRasterMask => (MaskMode & Enabled) != 0 && (MaskMode & Raster) != 0 && !string.IsNullOrEmpty(RasterMaskSource);

    /// <summary>
    /// Reads the fields above from decoded blend params; null when <paramref name="version"/> is not one
    /// this reader knows or the bytes are too short for it (the caller reports that, nothing is guessed).
    /// </summary>
    public static DarktableBlendParams? TryRead(ReadOnlySpan<byte> data, int version)
    {
        if (version is < MinVersion or > MaxVersion || data.Length < 28) return null;
        var mode = BinaryPrimitives.ReadUInt32LittleEndian(data);
        var id = BinaryPrimitives.ReadInt32LittleEndian(data[24..]);
        string? source = null;
        int instance = 0, rasterId = 0;
        if (data.Length >= 416)
        {
            var name = data.Slice(388, 20);
            var end = name.IndexOf((byte)0);
            source = Encoding.ASCII.GetString(end >= 0 ? name[..end] : name);
            instance = BinaryPrimitives.ReadInt32LittleEndian(data[408..]);
            rasterId = BinaryPrimitives.ReadInt32LittleEndian(data[412..]);
        }
        return new DarktableBlendParams(mode, id, source, instance, rasterId);
    }
}
