using System.Buffers.Binary;

namespace Candor.Darktable;

/// <summary>
/// One row of <c>darktable:masks_history</c>: a drawn form (shape or group) as it stood at history item <see cref="Num"/>.
/// <code>
///   mask_type bits: 1 circle, 2 path, 4 group, 8 clone, 16 gradient, 32 ellipse, 64 brush,
///                   128 non-clone, 256 object (darktable's AI object form, AI builds only)
///   group points:   repeated 16-byte records { int32 formid, int32 parentid, int32 state, float opacity }
/// </code>
/// </summary>
public sealed record DarktableMask
{
    /// <summary>Group form type bit.</summary>
    public const int TypeGroup = 4;

    /// <summary>The AI object form type bit (<c>DT_MASKS_OBJECT</c>), a structural mark that names cannot fake or hide.</summary>
    public const int TypeObject = 256;

    /// <summary>The history item this row belongs to (<c>darktable:mask_num</c>).</summary>
    public required int Num { get; init; }

    /// <summary>The form's id, referenced by blend params and by groups.</summary>
    public required int Id { get; init; }

    /// <summary>Type bits (see the table above).</summary>
    public required int Type { get; init; }

    /// <summary>The form's name: generated ("path #1", "ai object group #1"), translated and renamable.</summary>
    public string Name { get; init; } = "";

    /// <summary>Version of the points layout.</summary>
    public int Version { get; init; }

    /// <summary>The form's points, decoded.</summary>
    public byte[] Points { get; init; } = [];

    /// <summary>Number of points (<c>darktable:mask_nb</c>).</summary>
    public int PointCount { get; init; }

    /// <summary>Clone source position, decoded.</summary>
    public byte[] Source { get; init; } = [];

    /// <summary>1-based line of the row in the XMP text (0 when unknown).</summary>
    public int Line { get; init; }

    /// <summary>True for a group form.</summary>
    public bool IsGroup => (Type & TypeGroup) != 0;

    /// <summary>For a group: the ids of the forms it holds, in order; empty otherwise.</summary>
    public IReadOnlyList<int> MemberIds
    {
        get
        {
            if (!IsGroup) return [];
            var ids = new List<int>(Points.Length / 16);
            for (var at = 0; at + 16 <= Points.Length; at += 16)
                ids.Add(BinaryPrimitives.ReadInt32LittleEndian(Points.AsSpan(at)));
            return ids;
        }
    }
}
