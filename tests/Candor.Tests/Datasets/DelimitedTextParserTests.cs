using System.Text;
using Candor.Datasets;
using FsCheck;
using FsCheck.Fluent;

namespace Candor.Tests.Datasets;

public sealed class DelimitedTextParserTests
{
    private static List<List<string>> Parse(string text, char delimiter = ',', int max = DelimitedTextParser.DefaultMaxRecordChars)
    {
        var parser = new DelimitedTextParser(new StringReader(text), delimiter, max);
        var records = new List<List<string>>();
        var fields = new List<string>();
        while (parser.ReadRecord(fields)) records.Add([.. fields]);
        return records;
    }

    [Fact]
    public void Quoted_fields_hold_delimiters_quotes_and_line_breaks()
    {
        var records = Parse("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n1,,3");
        Assert.Equal([["a", "b", "c"], ["x, y", "say \"hi\"", "two\nlines"], ["1", "", "3"]], records);
    }

    [Fact]
    public void Line_endings_of_every_kind_end_records_and_blank_lines_are_not_records()
    {
        Assert.Equal([["a"], ["b"], ["c"], ["d"]], Parse("a\r\nb\n\nc\rd\n"));
    }

    [Fact]
    public void Text_after_a_closing_quote_is_kept_as_python_csv_does()
    {
        Assert.Equal([["ab c", "d"]], Parse("\"ab\" c,d"));
    }

    [Fact]
    public void A_quote_inside_an_unquoted_field_is_an_ordinary_character()
    {
        Assert.Equal([["5\" nails", "x"]], Parse("5\" nails\tx", '\t'));
    }

    [Fact]
    public void A_quote_left_open_is_flagged_at_the_end_of_input()
    {
        var parser = new DelimitedTextParser(new StringReader("a,\"never closed\nb,c"), ',');
        var fields = new List<string>();
        Assert.True(parser.ReadRecord(fields));
        Assert.True(parser.UnclosedQuote);
        Assert.Equal(["a", "never closed\nb,c"], fields);
    }

    [Fact]
    public void A_record_over_the_limit_is_a_limit_error_naming_its_line()
    {
        var e = Assert.Throws<CandorFormatException>(() => Parse("ok\n\"" + new string('x', 200), max: 100));
        Assert.Equal(FormatErrorKind.LimitExceeded, e.Kind);
        Assert.Contains("line 2", e.Message);
    }

    [Fact]
    public void Record_line_counts_line_breaks_inside_quotes()
    {
        var parser = new DelimitedTextParser(new StringReader("h\n\"a\nb\"\nc\n"), ',');
        var fields = new List<string>();
        var lines = new List<long>();
        while (parser.ReadRecord(fields)) lines.Add(parser.RecordLine);
        Assert.Equal([1L, 2L, 4L], lines);
    }

    [Fact]
    public void Any_table_written_with_rfc4180_quoting_parses_back_unchanged()
    {
        var cell = Gen.Elements("", "a", ",", "\"", "\n", "\r\n", "\r", "\t", " ", "é", "😀", "x\"y", "\"\"").ArrayOf().Select(parts => string.Concat(parts));
        var table = Gen.Choose(1, 5).SelectMany(width => cell.ArrayOf(width).NonEmptyListOf().Select(rows => rows.Select(r => r.ToArray()).ToArray()));
        foreach (var delimiter in new[] { ',', '\t' })
            Prop.ForAll(table.ToArbitrary(), rows =>
            {
                var text = new StringBuilder();
                foreach (var row in rows)
                    text.Append(string.Join(delimiter, row.Select(c => "\"" + c.Replace("\"", "\"\"") + "\""))).Append("\r\n");
                var parsed = Parse(text.ToString(), delimiter);
                return parsed.Count == rows.Length && parsed.Zip(rows).All(p => p.First.SequenceEqual(p.Second));
            }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Unquoted_fields_without_special_characters_parse_back_unchanged()
    {
        var cell = Gen.Elements("a", "b", "é", " ", "1.5", "x'y").NonEmptyListOf().Select(parts => string.Concat(parts));
        var table = Gen.Choose(1, 4).SelectMany(width => cell.ArrayOf(width).NonEmptyListOf().Select(rows => rows.Select(r => r.ToArray()).ToArray()));
        Prop.ForAll(table.ToArbitrary(), rows =>
        {
            var text = string.Join("\n", rows.Select(r => string.Join(',', r)));
            var parsed = Parse(text);
            return parsed.Count == rows.Length && parsed.Zip(rows).All(p => p.First.SequenceEqual(p.Second));
        }).QuickCheckThrowOnFailure();
    }
}
