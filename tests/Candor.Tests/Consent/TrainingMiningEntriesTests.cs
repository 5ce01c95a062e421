using Candor.Consent;

namespace Candor.Tests.Consent;

public class TrainingMiningEntriesTests
{
    [Theory]
    [InlineData("cawg.ai_generative_training", "notAllowed", true)]
    [InlineData("cawg.ai_training", "notAllowed", true)]
    [InlineData("c2pa.ai_generative_training", "notAllowed", true)]
    [InlineData("c2pa.ai_training", "notAllowed", true)]
    [InlineData("cawg.ai_training", "allowed", false)]
    [InlineData("cawg.ai_training", "constrained", false)]
    [InlineData("cawg.ai_inference", "notAllowed", false)]
    [InlineData("cawg.data_mining", "notAllowed", false)]
    [InlineData("cawg.ai_training", null, false)]
    public void Only_refused_training_entries_prohibit_ai_training(string key, string? use, bool prohibits) =>
        Assert.Equal(prohibits, TrainingMiningEntries.ProhibitsAiTraining(key, use));

    [Theory]
    [InlineData("notAllowed", null, "cawg.ai_training: not allowed")]
    [InlineData("allowed", null, "cawg.ai_training: allowed")]
    [InlineData("constrained", null, "cawg.ai_training: allowed with constraints")]
    [InlineData("constrained", "research only", "cawg.ai_training: allowed with constraints (research only)")]
    [InlineData("sometimes", null, "cawg.ai_training: sometimes")]
    [InlineData(null, null, "cawg.ai_training: unspecified")]
    public void Entries_read_back_in_words(string? use, string? constraint, string meaning) =>
        Assert.Equal(meaning, TrainingMiningEntries.Meaning(TrainingMiningEntries.AiTraining, use, constraint));

    [Fact]
    public void Cawg_entries_and_uses_are_the_published_ones()
    {
        Assert.Equal(["cawg.ai_generative_training", "cawg.ai_inference", "cawg.ai_training", "cawg.data_mining"], TrainingMiningEntries.Cawg);
        Assert.Equal(["allowed", "notAllowed", "constrained"], TrainingMiningEntries.Uses);
    }
}
