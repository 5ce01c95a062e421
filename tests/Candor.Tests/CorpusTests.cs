namespace Candor.Tests;

public class CorpusTests
{
    [SkippableFact]
    public void Corpus_generators_folder_has_its_sources_file()
    {
        var sources = Corpus.Path("generators/SOURCES.md");
        Assert.Contains("should decode to", File.ReadAllText(sources));
    }
}
