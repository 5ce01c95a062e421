using Candor.Darktable;
using FsCheck;
using FsCheck.Fluent;

namespace Candor.Tests.Darktable;

public class DarktableSidecarPropertyTests
{
    private static readonly string[] Samples =
    [
        "darktable/01_no-ai_basic-edit/scene.png.xmp",
        "darktable/02_no-ai_hand-drawn-masks/scene.jpg.xmp",
        "darktable/03_ai_object-mask_dt5.6-style/subject.png.xmp",
        "darktable/04_ai_ansel-rawdenoiseai-module/scene.png.xmp",
    ];

    private sealed record Edit(int Kind, int Position, char Value, int Length);

    [SkippableFact]
    public void Mutated_sidecars_parse_and_analyse_or_raise_only_format_errors()
    {
        var seeds = Samples.Select(s => File.ReadAllText(Corpus.Path(s))).ToArray();
        var edits = from kind in Gen.Choose(0, 2)
                    from position in Gen.Choose(0, int.MaxValue - 1)
                    from value in Gen.Elements('<', '>', '"', '0', '9', 'f', 'g', 'z', '-', '#', '&', ' ', '=', '/')
                    from length in Gen.Choose(1, 40)
                    select new Edit(kind, position, value, length);
        var inputs = from index in Gen.Choose(0, seeds.Length - 1)
                     from list in Gen.ListOf(edits).Select(l => l.Take(5).ToArray())
                     select (index, list);
        Prop.ForAll(inputs.ToArbitrary(), input =>
        {
            var text = seeds[input.index];
            foreach (var e in input.list)
            {
                var at = e.Position % text.Length;
                text = e.Kind switch
                {
                    0 => text[..at] + e.Value + text[(at + 1)..],
                    1 => text.Remove(at, Math.Min(e.Length, text.Length - at)),
                    _ => text.Insert(at, text.Substring(at, Math.Min(e.Length, text.Length - at))),
                };
            }
            try
            {
                DarktableAiDetector.Analyze(DarktableSidecar.Parse(text));
            }
            catch (CandorFormatException)
            {
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(1000));
    }
}
