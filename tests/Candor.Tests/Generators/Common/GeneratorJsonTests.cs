using System.Text;
using System.Text.Json;
using Candor.Generators.Common;
using FsCheck;
using FsCheck.Fluent;

namespace Candor.Tests.Generators.Common;

public class GeneratorJsonTests
{
    [Fact]
    public void Bare_nan_and_infinities_read_as_null_but_stay_text_inside_strings()
    {
        Assert.True(GeneratorJson.TryParse("""{"a": NaN, "b": -Infinity, "c": [Infinity], "d": "NaN -Infinity"}""", out var root, out _));
        Assert.Equal(JsonValueKind.Null, root.GetProperty("a").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("b").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("c")[0].ValueKind);
        Assert.Equal("NaN -Infinity", root.GetProperty("d").GetString());
    }

    [Fact]
    public void Bom_comments_trailing_commas_and_a_nul_terminator_are_accepted()
    {
        Assert.True(GeneratorJson.TryParse("\uFEFF{\"a\": 1, // note\n \"b\": [1, 2,], /* x */}\0", out var root, out _));
        Assert.Equal(2, root.GetProperty("b").GetArrayLength());
    }

    [Fact]
    public void Nesting_beyond_the_cap_is_refused_with_a_reason()
    {
        var fits = new string('[', GeneratorJson.MaxDepth) + new string(']', GeneratorJson.MaxDepth);
        Assert.True(GeneratorJson.TryParse(fits, out _, out _));
        var deep = new string('[', GeneratorJson.MaxDepth + 1) + new string(']', GeneratorJson.MaxDepth + 1);
        Assert.False(GeneratorJson.TryParse(deep, out _, out var error));
        Assert.Contains("depth", error);
    }

    [Fact]
    public void Malformed_json_reports_where_it_broke()
    {
        Assert.False(GeneratorJson.TryParse("{\"a\": 1,\n \"b\": ]", out _, out var error));
        Assert.Contains("line 2, byte 7", error); // the "]" on line 2
    }

    [Fact]
    public void Text_over_the_size_cap_is_refused_without_parsing()
    {
        Assert.False(GeneratorJson.TryParse(new string(' ', GeneratorJson.MaxChars + 1), out _, out var error));
        Assert.Contains("cap", error);
    }

    [Theory]
    [InlineData("#\u00E3\u0083\u0086\u00E3\u0082\u00B9\u00E3\u0083\u0088", "#\u30C6\u30B9\u30C8")]
    [InlineData("caf\u00E9", "caf\u00E9")]
    [InlineData("plain", "plain")]
    public void Utf8_read_as_latin1_is_repaired_only_when_it_is_valid_utf8(string input, string expected) =>
        Assert.Equal(expected, GeneratorJson.RepairUtf8InLatin1(input));

    [Fact]
    public void Random_text_only_ever_parses_or_fails_with_a_reason()
    {
        Prop.ForAll<string>(s => GeneratorJson.TryParse(s ?? "", out _, out var error) || error is not null).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Mutated_json_only_ever_parses_or_fails_with_a_reason()
    {
        const string seed = """{"3": {"inputs": {"seed": 1, "cfg": NaN, "model": ["4", 0], "t": "a\"b"}, "class_type": "KSampler"}, "x": [1, -Infinity, {"y": null}]}""";
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), n =>
        {
            var text = Mutate(seed, new Random(n));
            return GeneratorJson.TryParse(text, out _, out var error) || error is not null;
        }));
    }

    /// <summary>
    /// The replacement of bare NaN/Infinity jumps from candidate to candidate; on mutated JSON (strings with escapes,
    /// tokens next to letters, unterminated strings) it must give what a plain walk over every character gives: the same
    /// parse (compared as raw text) or the same error.
    /// </summary>
    [Fact]
    public void Non_finite_numbers_are_replaced_as_a_walk_over_every_character_replaces_them()
    {
        const string seed = """{"a": NaN, "b": "x\"NaN\\", "c": [-Infinity, Infinity, NaNa, _NaN, -Infinityx], "d": "\\", "e": NaN}""";
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(1000), Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), n =>
        {
            var text = Mutate(seed, new Random(n));
            var fast = GeneratorJson.TryParse(text, out var a, out var errorA);
            var slow = GeneratorJson.TryParse(ReplaceEveryCharacter(text), out var b, out var errorB);
            return fast == slow && (fast ? a.GetRawText() == b.GetRawText() : errorA == errorB);
        }));
    }

    // The reference: a walk over every character, as GeneratorJson did before it searched for candidates.
    private static string ReplaceEveryCharacter(string text)
    {
        var sb = new StringBuilder();
        var inString = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                sb.Append(c);
                if (c == '\\' && i + 1 < text.Length) sb.Append(text[++i]);
                else if (c == '"') inString = false;
                continue;
            }
            if (c == '"') inString = true;
            var token = c == 'N' ? "NaN" : c == 'I' ? "Infinity" : c == '-' ? "-Infinity" : null;
            if (token is not null && text.AsSpan(i).StartsWith(token, StringComparison.Ordinal) && Free(text, i - 1) && Free(text, i + token.Length))
            {
                sb.Append("null");
                i += token.Length - 1;
                continue;
            }
            sb.Append(c);
        }
        return sb.ToString();

        static bool Free(string text, int at) => at < 0 || at >= text.Length || (!char.IsLetterOrDigit(text[at]) && text[at] != '_');
    }

    /// <summary>Random edits that stress a JSON reader: deletions, insertions of structural characters, truncation, repetition.</summary>
    internal static string Mutate(string text, Random rnd)
    {
        const string alphabet = "{}[],:\"\\0123456789.-eENaIfinty \n\u0000\uFEFF";
        var sb = new StringBuilder(text);
        var edits = rnd.Next(1, 8);
        for (var i = 0; i < edits && sb.Length > 0; i++)
        {
            var at = rnd.Next(sb.Length);
            switch (rnd.Next(4))
            {
                case 0: sb.Remove(at, Math.Min(rnd.Next(1, 6), sb.Length - at)); break;
                case 1: sb.Insert(at, alphabet[rnd.Next(alphabet.Length)]); break;
                case 2: sb.Length = at; break;
                default: sb.Insert(at, sb.ToString(at, Math.Min(rnd.Next(1, 30), sb.Length - at))); break;
            }
        }
        return sb.ToString();
    }
}
