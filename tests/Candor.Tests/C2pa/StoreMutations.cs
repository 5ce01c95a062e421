using FsCheck;
using FsCheck.Fluent;

namespace Candor.Tests.C2pa;

// The mutations the C2PA property tests apply to real files: pick one source, overwrite a few
// bytes (position, value), and now and then cut the file short (Cut == 0).
internal static class StoreMutations
{
    public static Gen<(int Index, (int Position, int Value)[] Edits, int Cut)> Of(int sources, int cutOneIn) =>
        from index in Gen.Choose(0, sources - 1)
        from edits in Gen.ArrayOf(Gen.Zip(Gen.Choose(0, int.MaxValue - 1), Gen.Choose(0, 255)))
        from cut in Gen.Choose(0, cutOneIn - 1)
        select (index, edits, cut);
}
