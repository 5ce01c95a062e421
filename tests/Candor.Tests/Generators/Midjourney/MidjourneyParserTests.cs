using Candor.Generators;
using Candor.Generators.Midjourney;
using Candor.Metadata;
using Candor.Provenance;
using FsCheck;
using FsCheck.Fluent;

namespace Candor.Tests.Generators.Midjourney;

/// <summary>No corpus file: inputs follow the fields Midjourney writes into downloaded PNGs (Description "… --params Job ID: uuid", Author, Creation Time, DigImageGUID).</summary>
public class MidjourneyParserTests
{
    private static MetadataField Text(string key, string value) => new(FieldGroups.PngText, key, value, new Evidence("PNG tEXt", key));

    [Fact]
    public void Description_prompt_params_and_job_id_are_read()
    {
        var context = new GeneratorContext([
            Text("Description", "https://s.mj.run/abc a lighthouse at dusk, oil painting --ar 16:9 --v 6.1 --stylize 250 --no people --sref https://s.mj.run/xyz Job ID: 0b1c2d3e-0000-4000-8000-123456789abc"),
            Text("Author", "someone"), Text("Creation Time", "2024-05-01T10:00:00Z"), Text("DigImageGUID", "0b1c2d3e-0000-4000-8000-123456789abc"),
        ]);
        var r = Assert.Single(new MidjourneyParser().Parse(context));
        Assert.Equal(("Midjourney", "6.1"), (r.Tool, r.Version));
        Assert.Equal("a lighthouse at dusk, oil painting", r.Parameters.Prompt);
        Assert.Equal("people", r.Parameters.NegativePrompt);
        Assert.Equal(["--ar", "--v", "--stylize", "--no", "--sref", "Job ID", "Author", "Creation Time", "DigImageGUID"], r.Parameters.Other.Select(kv => kv.Key));
        Assert.Equal([ControlKind.Other, ControlKind.Reference], r.Controls.Select(c => c.Kind));
        Assert.Empty(context.Unclaimed);
    }

    [Fact]
    public void Description_without_job_id_is_not_midjourney()
    {
        Assert.Empty(new MidjourneyParser().Parse(new GeneratorContext([Text("Description", "a photo --ar 1:1")])));
    }

    [Fact]
    public void Arbitrary_descriptions_never_throw()
    {
        Prop.ForAll<string>(s =>
        {
            var context = new GeneratorContext([Text("Description", (s ?? "") + " Job ID: x")]);
            return new MidjourneyParser().Parse(context).Count() == 1;
        }).QuickCheckThrowOnFailure();
    }
}
