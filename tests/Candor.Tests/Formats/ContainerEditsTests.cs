using Candor.Formats;

namespace Candor.Tests.Formats;

public class ContainerEditsTests
{
    private static readonly byte[] Source = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

    [Fact]
    public void Splices_replace_insert_and_remove_and_copy_the_rest_unchanged()
    {
        var edits = new ContainerEdits();
        edits.Remove(8, 2);
        edits.Replace(2, 2, new byte[] { 20, 30, 31 });
        edits.Insert(5, new byte[] { 50 });
        Assert.Equal([0, 1, 20, 30, 31, 4, 50, 5, 6, 7], edits.ApplyTo(Source));
        Assert.Equal(10, edits.ResultLength(Source.Length));
    }

    [Fact]
    public void An_insertion_goes_before_a_removal_at_the_same_offset_and_its_result_offset_says_where_it_landed()
    {
        var edits = new ContainerEdits();
        edits.Remove(1, 3);
        var insert = edits.Insert(6, new byte[] { 99, 98 });
        var atRemoval = edits.Insert(1, new byte[] { 77 });
        Assert.Equal([0, 77, 4, 5, 99, 98, 6, 7, 8, 9], edits.ApplyTo(Source));
        Assert.Equal(4, edits.ResultOffset(insert));
        Assert.Equal(1, edits.ResultOffset(atRemoval));
    }

    [Fact]
    public void Streaming_to_a_destination_gives_the_same_bytes_as_applying_in_memory()
    {
        var source = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 7)).ToArray();
        var edits = new ContainerEdits();
        edits.Replace(70_000, 100_000, new byte[] { 1, 2, 3 });
        edits.Insert(299_999, new byte[] { 4 });
        var destination = new MemoryStream();
        edits.Apply(new MemoryStream(source) { Position = 1234 }, destination);
        Assert.Equal(edits.ApplyTo(source), destination.ToArray());
        Assert.Equal(200_004, destination.Length);
    }

    [Fact]
    public void Overlapping_splices_are_refused()
    {
        var edits = new ContainerEdits();
        edits.Remove(2, 4);
        edits.Remove(5, 1);
        Assert.Throws<InvalidOperationException>(() => edits.ApplyTo(Source));
    }

    [Fact]
    public void A_splice_past_the_end_of_the_source_is_a_truncated_file()
    {
        var edits = new ContainerEdits();
        edits.Remove(8, 5);
        var e = Assert.Throws<CandorFormatException>(() => edits.ApplyTo(Source));
        Assert.Equal(FormatErrorKind.Truncated, e.Kind);
    }
}
