using Candor.Formats;
using Candor.Metadata;
using Candor.Metadata.Exif;

namespace Candor.Imaging;

/// <summary>
/// The EXIF Orientation tag (0x0112): which way the stored pixels must be turned to be shown upright. The values
/// name where the stored row 0 and column 0 belong: 1 top-left (as stored), 2 mirrored left–right, 3 turned 180°,
/// 4 mirrored top–bottom, 5 transposed (mirrored along the main diagonal), 6 shown after a 90° clockwise turn,
/// 7 transversed (mirrored along the anti-diagonal), 8 shown after a 90° counter-clockwise turn — the same
/// corrections as PIL's <c>ImageOps.exif_transpose</c> and ImageMagick's <c>-auto-orient</c>.
/// </summary>
public static class Orientation
{
    /// <summary>Returns the upright image for stored pixels <paramref name="image"/> tagged <paramref name="orientation"/>
    /// (a new image; values outside 1–8 are treated as 1, as readers do).</summary>
    public static FloatImage Apply(FloatImage image, int orientation)
    {
        ArgumentNullException.ThrowIfNull(image);
        return orientation switch
        {
            2 => Dihedral.FlipHorizontal(image),
            3 => Dihedral.RotateCounterClockwise(image, 2),
            4 => Dihedral.FlipVertical(image),
            5 => Dihedral.Transpose(image),
            6 => Dihedral.RotateCounterClockwise(image, 3),
            7 => Dihedral.Transverse(image),
            8 => Dihedral.RotateCounterClockwise(image, 1),
            _ => image.Clone(),
        };
    }

    /// <summary>
    /// The Orientation of IFD0 of the first EXIF block of a JPEG, PNG or WebP file (through Candor's container scan and
    /// <see cref="ExifReader"/>); 1 when there is no EXIF, no tag, a value outside 1–8, or the metadata cannot be read.
    /// </summary>
    public static int Read(ReadOnlySpan<byte> file)
    {
        using var stream = new MemoryStream(file.ToArray(), writable: false);
        return Read(stream);
    }

    /// <summary>The Orientation of a seekable <paramref name="stream"/> holding a whole file (see <see cref="Read(ReadOnlySpan{byte})"/>); reads from its start.</summary>
    public static int Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            var scan = ContainerRegistry.Scan(stream);
            foreach (var payload in scan.Payloads)
            {
                if (payload.Kind != PayloadKind.Exif) continue;
                var exif = ExifReader.Read(payload.Data, payload.Evidence);
                foreach (var field in exif.Fields)
                    if (field.Group == FieldGroups.ExifIfd0 && field.Name == "Orientation")
                        return int.TryParse(field.Value, out var value) && value is >= 1 and <= 8 ? value : 1;
                return 1;
            }
        }
        catch (CandorFormatException)
        {
            // Metadata that cannot be read leaves the pixels as stored; the pixel decoder reports real corruption.
        }
        return 1;
    }
}
