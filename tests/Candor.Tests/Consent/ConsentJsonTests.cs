using System.Text;
using System.Text.Json;
using Candor.Consent;
using FsCheck;
using FsCheck.Fluent;

namespace Candor.Tests.Consent;

public sealed class ConsentJsonTests
{
    private static byte[] Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer)) write(w);
        return buffer.WrittenSpan.ToArray();
    }

    [Fact]
    public void Request_RoundTrips_AndLowercasesHex()
    {
        var sha = new string('A', 64);
        var queries = new[] { new ConsentQuery("https://a/1.jpg"), new ConsentQuery(Sha256: sha), new ConsentQuery("https://b/", Pdq: new string('0', 64)) };
        var bytes = Json(w => ConsentJson.WriteCheckRequest(w, ConsentUse.GenAiTraining, queries));
        Assert.Equal("{\"use\":\"genai-training\",\"items\":[{\"url\":\"https://a/1.jpg\"},{\"sha256\":\"" + sha + "\"},{\"url\":\"https://b/\",\"pdq\":\"" + new string('0', 64) + "\"}]}", Encoding.UTF8.GetString(bytes));
        var (use, read) = ConsentJson.ReadCheckRequest(bytes);
        Assert.Equal(ConsentUse.GenAiTraining, use);
        Assert.Equal(queries.Select(q => q with { Sha256 = q.Sha256?.ToLowerInvariant() }), read);
    }

    [Theory]
    [InlineData("[]", "not a JSON object")]
    [InlineData("{\"items\":[]}", "\"use\" is missing")]
    [InlineData("{\"use\":\"training\",\"items\":[]}", "unknown use 'training'")]
    [InlineData("{\"use\":\"tdm\"}", "\"items\" is missing")]
    [InlineData("{\"use\":\"tdm\",\"items\":[{}]}", "items[0] has none of url, sha256, pdq")]
    [InlineData("{\"use\":\"tdm\",\"items\":[{\"url\":\"x\"},{\"sha256\":\"abc\"}]}", "items[1].sha256 is not 64 hexadecimal digits")]
    [InlineData("{\"use\":\"tdm\",\"items\":[{\"url\":5}]}", "items[0].url is not a string")]
    [InlineData("{\"use\":", "not valid JSON")]
    public void BadRequests_SayWhatIsWrong(string json, string message)
    {
        var e = Assert.Throws<CandorFormatException>(() => ConsentJson.ReadCheckRequest(Encoding.UTF8.GetBytes(json)));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void TooManyItems_IsALimit()
    {
        var json = "{\"use\":\"tdm\",\"items\":[" + string.Join(",", Enumerable.Repeat("{\"url\":\"u\"}", 10_001)) + "]}";
        var e = Assert.Throws<CandorFormatException>(() => ConsentJson.ReadCheckRequest(Encoding.UTF8.GetBytes(json)));
        Assert.Equal(FormatErrorKind.LimitExceeded, e.Kind);
    }

    [Fact]
    public void Response_RoundTrips_AndIsChecked()
    {
        var decisions = new[]
        {
            ConsentDecision.Combine(ConsentUse.AiTraining, [new ConsentEvidence("registry", "work 42", "opted out by the owner", ConsentVerdict.Forbidden)]),
            new ConsentDecision(ConsentUse.AiTraining, ConsentVerdict.NotStated, "no signal about this use", []),
        };
        var bytes = Json(w => ConsentJson.WriteCheckResponse(w, ConsentUse.AiTraining, decisions));
        using (var doc = JsonDocument.Parse(bytes))
        {
            Assert.Equal("candor.consent-check/1", doc.RootElement.GetProperty("schema").GetString());
            Assert.Equal("forbidden", doc.RootElement.GetProperty("results")[0].GetProperty("verdict").GetString());
            Assert.Equal("registry: opted out by the owner", doc.RootElement.GetProperty("results")[0].GetProperty("reason").GetString());
        }
        var read = ConsentJson.ReadCheckResponse(bytes, ConsentUse.AiTraining, 2);
        Assert.Equal(decisions.Select(d => (d.Verdict, d.Reason)), read.Select(d => (d.Verdict, d.Reason)));
        Assert.Equal(decisions[0].Evidence, read[0].Evidence);
        Assert.Contains("2 results for 3 items", Assert.Throws<CandorFormatException>(() => ConsentJson.ReadCheckResponse(bytes, ConsentUse.AiTraining, 3)).Message);
        Assert.Contains("answers use \"ai-training\", not tdm", Assert.Throws<CandorFormatException>(() => ConsentJson.ReadCheckResponse(bytes, ConsentUse.DataMining, 2)).Message);
    }

    [Fact]
    public void Property_AnyRequestRoundTrips()
    {
        var hex = Gen.Elements("0123456789abcdef".ToCharArray()).ArrayOf(64).Select(c => new string(c));
        var query = from url in Gen.OneOf(Gen.Constant<string?>(null), ArbMap.Default.GeneratorFor<NonEmptyString>().Select(s => (string?)s.Get))
                    from sha in Gen.OneOf(Gen.Constant<string?>(null), hex.Select(h => (string?)h))
                    from pdq in Gen.OneOf(Gen.Constant<string?>(null), hex.Select(h => (string?)h))
                    where url is not null || sha is not null || pdq is not null
                    select new ConsentQuery(url, sha, pdq);
        Prop.ForAll(query.ListOf().ToArbitrary(), Gen.Elements(Enum.GetValues<ConsentUse>()).ToArbitrary(), (list, use) =>
        {
            var queries = list.ToList();
            var (readUse, read) = ConsentJson.ReadCheckRequest(Json(w => ConsentJson.WriteCheckRequest(w, use, queries)));
            return readUse == use && read.SequenceEqual(queries);
        }).QuickCheckThrowOnFailure();
    }
}
