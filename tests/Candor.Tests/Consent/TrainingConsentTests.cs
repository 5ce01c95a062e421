using Candor.Consent;

namespace Candor.Tests.Consent;

public class TrainingConsentTests
{
    [Theory]
    [InlineData("all", DoNotTrainScope.AllMining, "DMI-PROHIBITED")]
    [InlineData("ai", DoNotTrainScope.AiTraining, "DMI-PROHIBITED-AIMLTRAINING")]
    [InlineData("genai", DoNotTrainScope.GenerativeAiTraining, "DMI-PROHIBITED-GENAIMLTRAINING")]
    public void Words_scopes_and_plus_codes_round_trip(string word, DoNotTrainScope scope, string code)
    {
        Assert.True(TrainingConsent.TryParseWord(word.ToUpperInvariant(), out var parsed, out var problem));
        Assert.Null(problem);
        Assert.Equal(scope, parsed);
        Assert.Equal(word, TrainingConsent.Word(scope));
        Assert.Equal(code, TrainingConsent.DataMiningCode(scope));
        Assert.Equal(scope, TrainingConsent.ScopeOf(code));
        Assert.Equal(scope, TrainingConsent.ScopeOf(DataMining.Namespace + code));
        Assert.NotNull(DataMining.Parse(code));
    }

    [Fact]
    public void Watermark_scope_bytes_never_change()
    {
        Assert.Equal(1, (int)DoNotTrainScope.AllMining);
        Assert.Equal(2, (int)DoNotTrainScope.AiTraining);
        Assert.Equal(3, (int)DoNotTrainScope.GenerativeAiTraining);
        Assert.Equal(Enum.GetValues<DoNotTrainScope>().Length, TrainingConsent.Words.Count);
    }

    [Theory]
    [InlineData("maybe")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("DMI-PROHIBITED")]
    public void Unknown_words_are_refused_with_the_accepted_ones(string? word)
    {
        Assert.False(TrainingConsent.TryParseWord(word, out _, out var problem));
        Assert.Equal($"'{word}' is not one of all, ai, genai", problem);
        Assert.False(TrainingConsent.IsWord(word));
    }

    [Fact]
    public void Every_plus_code_maps_to_a_scope_or_to_none()
    {
        foreach (var term in DataMining.All)
        {
            var scope = TrainingConsent.ScopeOf(term.Code);
            var entries = TrainingConsent.NotAllowedEntries(term.Code);
            if (scope is null)
            {
                Assert.Null(entries);
                continue;
            }
            // A scope is only declared by a code that refuses at least what the scope says.
            Assert.True(term.ProhibitsGenerativeAiTraining, term.Code);
            Assert.Equal(TrainingConsent.RefusedEntries(scope.Value), entries!.Keys.ToList());
            Assert.All(entries.Values, v => Assert.Equal(TrainingMiningEntries.NotAllowed, v));
        }
        Assert.Equal(3, DataMining.All.Count(t => TrainingConsent.ScopeOf(t.Code) is not null));
        Assert.Null(TrainingConsent.ScopeOf("DMI-MAYBE"));
    }

    [Theory]
    [InlineData(DoNotTrainScope.AllMining, "cawg.ai_generative_training,cawg.ai_inference,cawg.ai_training,cawg.data_mining")]
    [InlineData(DoNotTrainScope.AiTraining, "cawg.ai_generative_training,cawg.ai_training")]
    [InlineData(DoNotTrainScope.GenerativeAiTraining, "cawg.ai_generative_training")]
    public void Each_scope_refuses_the_cawg_entries_it_names(DoNotTrainScope scope, string entries)
    {
        var refused = TrainingConsent.RefusedEntries(scope);
        Assert.Equal(entries.Split(','), refused);
        Assert.All(refused, e => Assert.Contains(e, TrainingMiningEntries.Cawg));
        // Every scope refuses AI training as inspect reads it back.
        Assert.Contains(refused, e => TrainingMiningEntries.ProhibitsAiTraining(e, TrainingMiningEntries.NotAllowed));
    }

    [Fact]
    public void Scopes_outside_the_table_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TrainingConsent.Word((DoNotTrainScope)4));
        Assert.Throws<ArgumentOutOfRangeException>(() => TrainingConsent.DataMiningCode(0));
    }

    [Theory]
    [InlineData(DoNotTrainScope.AllMining, "no text and data mining at all")]
    [InlineData(DoNotTrainScope.AiTraining, "no AI/ML training")]
    [InlineData(DoNotTrainScope.GenerativeAiTraining, "no generative AI/ML training")]
    public void Scopes_say_what_they_forbid(DoNotTrainScope scope, string meaning) =>
        Assert.Equal(meaning, TrainingConsent.Meaning(scope));
}
