using Candor.Consent;

namespace Candor.Tests.Consent;

public class DataMiningTests
{
    [Theory]
    [InlineData("DMI-UNSPECIFIED", false, false, false, false)]
    [InlineData("DMI-ALLOWED", false, false, false, false)]
    [InlineData("DMI-PROHIBITED-AIMLTRAINING", true, true, false, true)]
    [InlineData("DMI-PROHIBITED-GENAIMLTRAINING", false, true, false, true)]
    [InlineData("DMI-PROHIBITED-EXCEPTSEARCHENGINEINDEXING", true, true, false, true)]
    [InlineData("DMI-PROHIBITED", true, true, true, true)]
    [InlineData("DMI-PROHIBITED-SEECONSTRAINT", false, false, false, true)]
    [InlineData("DMI-PROHIBITED-SEEEMBEDDEDRIGHTSEXPR", false, false, false, true)]
    [InlineData("DMI-PROHIBITED-SEELINKEDRIGHTSEXPR", false, false, false, true)]
    public void Data_mining_values_say_what_they_prohibit(string code, bool ai, bool genAi, bool all, bool restricted)
    {
        var term = DataMining.Parse("https://ns.useplus.org/ldf/vocab/" + code + "/");
        Assert.NotNull(term);
        Assert.Equal(code, term.Code);
        Assert.Equal((ai, genAi, all, restricted), (term.ProhibitsAiTraining, term.ProhibitsGenerativeAiTraining, term.ProhibitsAllMining, term.IsRestricted));
        Assert.Same(term, DataMining.Parse(code.ToLowerInvariant()));
    }

    [Fact]
    public void Data_mining_list_is_complete_and_unknown_values_are_null()
    {
        Assert.Equal(9, DataMining.All.Count);
        Assert.Null(DataMining.Parse("DMI-MAYBE"));
        Assert.Null(DataMining.Parse("http://example.org/ldf/vocab/DMI-PROHIBITED"));
    }
}
