using Candor.Generators.A1111;
using Candor.Generators.ComfyUi;
using Candor.Generators.DrawThings;
using Candor.Generators.EasyDiffusion;
using Candor.Generators.Fooocus;
using Candor.Generators.InvokeAi;
using Candor.Generators.Midjourney;
using Candor.Generators.NovelAi;
using Candor.Generators.StabilityMatrix;
using Candor.Generators.Stealth;
using Candor.Generators.SwarmUi;
using Candor.Generators.TensorArt;

namespace Candor.Generators;

/// <summary>
/// Every generator parser, in the order they run. Order matters because a parser claims the
/// fields it explains: hidden copies are decoded first so the others can read them; tools that
/// wrap another tool's format (Stability Matrix and Tensor.Art write ComfyUI graphs and
/// A1111-style text) run before the generic parsers; tools whose JSON sits in the same fields as
/// A1111's text (Fooocus, SwarmUI, Draw Things) run before A1111.
/// </summary>
public static class GeneratorRegistry
{
    /// <summary>The parsers, in running order.</summary>
    public static IReadOnlyList<IGeneratorParser> Parsers { get; } =
    [
        new StealthParser(),
        new StabilityMatrixParser(),
        new TensorArtParser(),
        new NovelAiParser(),
        new NovelAiSignatureCheck(),
        new InvokeAiParser(),
        new FooocusParser(),
        new SwarmUiParser(),
        new DrawThingsParser(),
        new EasyDiffusionParser(),
        new MidjourneyParser(),
        new A1111Parser(),
        new ComfyUiParser(),
    ];
}
