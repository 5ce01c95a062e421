namespace Candor.Consent.Signals;

/// <summary>
/// The AI crawlers whose robots.txt (and ai.txt, X-Robots-Tag, meta) rules Candor reads as consent signals, and
/// which uses each speaks to. A rule for a crawler is read as the owner's statement about what that crawler is
/// for, generalised to anyone doing the same: refusing GPTBot refuses AI training, not search indexing.
/// </summary>
public static class AiCrawlers
{
    private static readonly ConsentUse[] Training = [ConsentUse.AiTraining, ConsentUse.GenAiTraining];
    private static readonly ConsentUse[] Everything = [ConsentUse.DataMining, ConsentUse.AiTraining, ConsentUse.GenAiTraining];

    /// <summary>The known crawlers, in the order their evidence is listed.</summary>
    public static IReadOnlyList<AiCrawler> All { get; } =
    [
        new("GPTBot", "OpenAI", Training,
            "OpenAI documents GPTBot as the crawler whose pages may be used to train its models; blocking it is the common way to refuse AI training."),
        new("CCBot", "Common Crawl", Everything,
            "Common Crawl's archive is a general corpus used for every kind of text and data mining, AI training included."),
        new("Google-Extended", "Google", [ConsentUse.GenAiTraining],
            "Google-Extended is a control token, not a crawler: it only says whether Googlebot's pages may train Gemini (generative AI); search crawling is unaffected."),
        new("anthropic-ai", "Anthropic", Training,
            "Anthropic's earlier token for collecting training data."),
        new("ClaudeBot", "Anthropic", Training,
            "Anthropic documents ClaudeBot as the crawler that collects public pages to train its models."),
        new("PerplexityBot", "Perplexity", [ConsentUse.DataMining],
            "Perplexity says PerplexityBot indexes pages for its answer engine and does not train models; mining pages for answers is text and data mining, not training."),
        new("Bytespider", "ByteDance", Training,
            "ByteDance's crawler, widely reported to collect training data for its language models."),
        new("img2dataset", "LAION tooling (rom1504/img2dataset)", Training,
            "img2dataset downloads images into training data sets (LAION); blocking it refuses inclusion in AI training sets."),
    ];

    /// <summary>The crawlers whose rules speak to <paramref name="use"/>, plus <paramref name="ownAgent"/> (which speaks to every use) when given.</summary>
    public static IReadOnlyList<AiCrawler> For(ConsentUse use, string? ownAgent = null)
    {
        var list = All.Where(c => c.SpeaksTo(use)).ToList();
        if (!string.IsNullOrWhiteSpace(ownAgent) && !All.Any(c => string.Equals(c.Token, ownAgent, StringComparison.OrdinalIgnoreCase)))
            list.Add(new AiCrawler(ownAgent.Trim(), "this data set's own crawler", Everything,
                "the name the data set's builder crawls under: a rule for it speaks to whatever the builder does."));
        return list;
    }

    /// <summary>The known crawler named <paramref name="token"/> (case-insensitive), or null.</summary>
    public static AiCrawler? Find(string token) =>
        All.FirstOrDefault(c => string.Equals(c.Token, token, StringComparison.OrdinalIgnoreCase));
}
