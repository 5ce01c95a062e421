using Candor.Provenance;

namespace Candor.Tests.Provenance;

public class TerminalTextTests
{
    // The hostile tEXt of the hardening issue: set the title, clear the screen, move up a line, plant a link.
    public const string Hostile = "\u001B]0;T\u0007\u001B[2J\u001B[1A\u001B]8;;http://evil/\u0007";

    [Fact]
    public void Terminal_escape_sequences_become_visible_text()
    {
        Assert.Equal(@"\e]0;T\x07\e[2J\e[1A\e]8;;http://evil/\x07", TerminalText.Visible(Hostile));
    }

    [Theory]
    [InlineData("a\rb", @"a\rb")]
    [InlineData("a\nb", @"a\nb")]
    [InlineData("a\tb", @"a\tb")]
    [InlineData("\0\u001F\u007F", @"\x00\x1F\x7F")]
    [InlineData("\u0080\u009B\u009F", @"\x80\x9B\x9F")]
    [InlineData("abc\u202Etxt.exe", @"abc\u202Etxt.exe")]
    [InlineData("\u202A\u202D\u2066\u2069\u200E\u200F\u061C", @"\u202A\u202D\u2066\u2069\u200E\u200F\u061C")]
    [InlineData("\u2028\u2029", @"\u2028\u2029")]
    public void Every_control_the_terminal_obeys_is_shown_escaped(string text, string shown)
    {
        Assert.Equal(shown, TerminalText.Visible(text));
    }

    [Fact]
    public void Every_character_it_keeps_is_printable()
    {
        for (var c = 0; c <= 0xFFFF; c++)
        {
            var shown = TerminalText.Visible(((char)c).ToString());
            if (shown.Length == 1) Assert.False(char.IsControl(shown[0]) || c is >= 0x202A and <= 0x202E or >= 0x2066 and <= 0x2069, $"U+{c:X4} is kept as is");
        }
    }

    [Theory]
    [InlineData("photo.png")]
    [InlineData("Steps: 20, Sampler: Euler a — 夕焼け ●")]
    [InlineData(@"C:\images\a.png")]
    [InlineData("")]
    public void Plain_text_is_returned_unchanged(string text)
    {
        Assert.Same(text, TerminalText.Visible(text));
    }

    [Fact]
    public void Null_is_shown_as_nothing()
    {
        Assert.Equal("", TerminalText.Visible(null));
    }

    [Fact]
    public void Multi_line_text_keeps_its_line_feeds_but_never_a_lone_carriage_return()
    {
        Assert.Equal("a cat\nNegative prompt: dog", TerminalText.VisibleLines("a cat\r\nNegative prompt: dog"));
        Assert.Equal(@"fake\r verdict", TerminalText.VisibleLines("fake\r verdict"));
        Assert.Equal("line\n" + @"\e[1A\e[2K", TerminalText.VisibleLines("line\n\u001B[1A\u001B[2K"));
        Assert.Equal(@"end\r", TerminalText.VisibleLines("end\r"));
    }
}
