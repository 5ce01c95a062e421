using Candor.Consent;
using FsCheck;
using FsCheck.Fluent;

namespace Candor.Tests.Registry;

public sealed class ConsentUrlTests
{
    [Theory]
    [InlineData("HTTP://Artist.COM/a", "http://artist.com/a")]
    [InlineData("https://artist.com:443/a", "https://artist.com/a")]
    [InlineData("http://artist.com:80", "http://artist.com/")]
    [InlineData("http://artist.com:8080/", "http://artist.com:8080/")]
    [InlineData("https://artist.com:/x", "https://artist.com/x")]
    [InlineData("http://artist.com./a", "http://artist.com/a")]
    [InlineData("http://bücher.example/", "http://xn--bcher-kva.example/")]
    [InlineData("http://BÜCHER.example/", "http://xn--bcher-kva.example/")]
    [InlineData("http://a.com/%7e%41b%2f%2a", "http://a.com/~Ab%2F%2A")]
    [InlineData("http://a.com/a/./b/../c", "http://a.com/a/c")]
    [InlineData("http://a.com/a/%2E%2E/c", "http://a.com/c")]
    [InlineData("http://a.com/../../x", "http://a.com/x")]
    [InlineData("http://a.com/x#frag", "http://a.com/x")]
    [InlineData("http://a.com/x?", "http://a.com/x")]
    [InlineData("http://a.com/x?q=%e4", "http://a.com/x?q=%E4")]
    [InlineData("http://a.com/ä b", "http://a.com/%C3%A4%20b")]
    [InlineData("  http://a.com/\tx\n ", "http://a.com/x")]
    [InlineData("http://a.com/50%", "http://a.com/50%25")]
    [InlineData("http://[::FFFF:1.2.3.4]:80/", "http://[::ffff:1.2.3.4]/")]
    [InlineData("http://192.168.0.1/", "http://192.168.0.1/")]
    [InlineData("http:\\\\a.com\\x\\y", "http://a.com/x/y")]
    [InlineData("http:///a.com/x", "http://a.com/x")]
    public void Normalises(string input, string expected)
    {
        var url = ConsentUrl.Parse(input);
        Assert.Equal(expected, url.Normalized);
        Assert.Null(url.Removed);
    }

    [Fact]
    public void Userinfo_is_removed_and_never_taken_for_the_host()
    {
        var url = ConsentUrl.Parse("http://evil.com@artist.com/");
        Assert.Equal("artist.com", url.Host);
        Assert.Contains("evil.com", url.Removed, StringComparison.Ordinal);
        Assert.Equal("artist.com", ConsentUrl.Parse("http://a:b@c@artist.com:80/").Host);
        Assert.Equal("evil.com", ConsentUrl.Parse("http://evil.com\\@artist.com/").Host); // as browsers read it
    }

    [Theory]
    [InlineData("ftp://a.com/", "scheme 'ftp'")]
    [InlineData("a.com/x", "no scheme")]
    [InlineData("http://", "no host")]
    [InlineData("http://:80/x", "no host")]
    [InlineData("http://a..com/", "empty label")]
    [InlineData("http://a com/", "cannot have")]
    [InlineData("http://a.com:99999/", "larger than 65535")]
    [InlineData("http://a.com:8x/", "not a number")]
    [InlineData("http://0x7f.1/", "not a plain dotted IPv4")]
    [InlineData("http://2130706433/", "not a plain dotted IPv4")]
    [InlineData("http://010.0.0.1/", "not a plain dotted IPv4")]
    [InlineData("http://[::1/", "IPv6")]
    [InlineData("javascript:alert(1)", "scheme 'javascript'")]
    public void Rejects_with_a_reason(string input, string reason)
    {
        Assert.False(ConsentUrl.TryParse(input, out _, out var problem));
        Assert.Contains(reason, problem, StringComparison.Ordinal);
        var e = Assert.Throws<CandorFormatException>(() => ConsentUrl.Parse(input));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_overlong_input_and_labels()
    {
        Assert.False(ConsentUrl.TryParse("http://a.com/" + new string('x', ConsentUrl.MaxLength), out _, out var p1));
        Assert.Contains("longer than", p1, StringComparison.Ordinal);
        Assert.False(ConsentUrl.TryParse($"http://{new string('a', 64)}.com/", out _, out var p2));
        Assert.Contains("63", p2, StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_ignore_scheme_and_cover_prefixes_and_parent_domains()
    {
        var url = ConsentUrl.Parse("https://img.cdn.artist.com:8443/gallery/2024/a.jpg?s=1");
        Assert.Equal("img.cdn.artist.com:8443/gallery/2024/a.jpg?s=1", url.ExactKey);
        Assert.Equal(ConsentUrl.Parse("http://img.cdn.artist.com:8443/gallery/2024/a.jpg?s=1").ExactKey, url.ExactKey);
        Assert.Equal(["img.cdn.artist.com:8443/", "img.cdn.artist.com:8443/gallery/", "img.cdn.artist.com:8443/gallery/2024/", "img.cdn.artist.com:8443/gallery/2024/a.jpg/"], url.PrefixCandidates());
        Assert.Equal(["img.cdn.artist.com", "cdn.artist.com", "artist.com", "com"], url.DomainCandidates());
        Assert.Equal("artist.com/gallery/", ConsentUrl.Parse("https://artist.com/gallery").PrefixKey);
        Assert.Equal(["10.0.0.1"], ConsentUrl.Parse("http://10.0.0.1/x").DomainCandidates());
    }

    [Theory]
    [InlineData("Artist.COM.", "artist.com")]
    [InlineData("https://www.artist.com/x", "www.artist.com")]
    [InlineData("bücher.de", "xn--bcher-kva.de")]
    public void Domains_normalise(string input, string expected)
    {
        Assert.True(ConsentUrl.TryParseDomain(input, out var d, out _));
        Assert.Equal(expected, d);
    }

    [Theory]
    [InlineData("com", "single label")]
    [InlineData("1.2.3.4", "IP address")]
    [InlineData("", "empty")]
    public void Domains_reject(string input, string reason)
    {
        Assert.False(ConsentUrl.TryParseDomain(input, out _, out var problem));
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }

    private static Arbitrary<string> UrlLike()
    {
        var pieces = Gen.Elements("http://", "https://", "HTTP://", "ftp://", "", "a", "B", ".", "..", "/", "\\", "%", "%2e", "%41", "%zz", "@", ":", ":80", ":443",
            "?", "#", "ü", "日本", "xn--", "-", "_", " ", "\t", "[", "]", "::1", "0x7f", "1", "255", "%00", "\uD800", "é");
        return Gen.ListOf(pieces).Select(p => string.Concat(p)).ToArbitrary();
    }

    [Fact]
    public void Never_throws_and_is_idempotent_on_junk() =>
        Prop.ForAll(UrlLike(), text =>
        {
            if (!ConsentUrl.TryParse(text, out var url, out var problem)) return problem is { Length: > 0 };
            var again = ConsentUrl.Parse(url.Normalized);
            return again.Normalized == url.Normalized && again.ExactKey == url.ExactKey && again.Removed is null;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Never_throws_on_random_strings() =>
        Prop.ForAll<string>(text =>
        {
            var ok = ConsentUrl.TryParse(text, out var url, out var problem);
            ConsentUrl.TryParseDomain(text, out _, out _);
            return ok ? ConsentUrl.Parse(url!.Normalized).Normalized == url.Normalized : problem is not null;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Valid_urls_are_idempotent_with_a_prefix() =>
        Prop.ForAll(UrlLike(), tail =>
        {
            if (!ConsentUrl.TryParse("http://artist.com/" + tail, out var url, out _)) return true;
            return ConsentUrl.Parse(url.Normalized).Normalized == url.Normalized;
        }).QuickCheckThrowOnFailure();

    private static Arbitrary<string> NormalishUrl()
    {
        var starts = Gen.Elements("http://", "https://", "HTTPS://", "hTTp://", "http:/", "https:///", "http://user@", "");
        var hosts = Gen.Elements("a.com", "CDN.Example.COM", "x-y_z.example.org", "a.com.", "a..com", "1.2.3.4", "3com.example", "example.3com",
            "a.0x7f", "", "bücher.example", "a.com:8080", "a.com:80", "a.com:443", "a%2Ecom", "[::1]", new string('l', 63) + ".com", new string('l', 64) + ".com");
        var pieces = Gen.Elements("/", "a", "Z", ".", "..", "./", "../", "/.", "/..", "?", "#", "%", "%2F", "%2f", "%41", "%E4", "%e4", "%7E", "'", "=", "&",
            " ", "\t", "|", "^", "ü", "~", "-", "%25", "%G1", "\\", "x.jpg", "...", ".x");
        var gen = from start in starts
                  from host in hosts
                  from tail in Gen.ListOf(pieces)
                  select start + host + string.Concat(tail);
        return gen.ToArbitrary();
    }

    [Fact]
    public void The_key_fast_path_gives_the_parser_s_key_for_every_input() =>
        Prop.ForAll(NormalishUrl(), text =>
        {
            var key = new ConsentUrlKey();
            var ok = key.TrySet(text, out var problem);
            if (!ConsentUrl.TryParse(text, out var url, out var expected)) return !ok && problem == expected;
            return ok && key.Key == url.ExactKey && key.Host == url.Host && key.Authority == url.Authority && key.Path == url.Path
                && key.IsIpAddress == url.IsIpAddress;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(20_000));

    [SkippableFact]
    public void The_key_fast_path_matches_the_parser_on_the_laion_sample()
    {
        var data = Candor.Datasets.Dataset.Open(Corpus.Path("datasets/laion-sample/test_10000.parquet"));
        var key = new ConsentUrlKey();
        var checkedUrls = 0;
        foreach (var record in data.Shards.SelectMany(s => data.Read(s, _ => { })))
        {
            var ok = ConsentUrl.TryParse(record.Url, out var url, out _);
            Assert.Equal(ok, key.TrySet(record.Url, out _));
            if (!ok) continue;
            Assert.Equal(url!.ExactKey, key.Key);
            checkedUrls++;
        }
        Assert.True(checkedUrls > 9000, $"only {checkedUrls} URLs checked");
    }
}
