using System.IO.Compression;
using System.Text;
using Candor.Embeddings;

namespace Candor.Tests.Embeddings;

/// <summary>CLIP's BPE tokenizer on small merges lists whose ids can be worked out by hand.</summary>
public sealed class ClipBpeTokenizerTests
{
    // Ids with these 4 merges: 0–255 byte symbols, 256–511 the same with </w>, 512 "ca", 513 "cat</w>", 514 "ph",
    // 515 "pho", 516 <|startoftext|>, 517 <|endoftext|>. The byte symbols start at '!' (id 0), so 'a' (0x61) is
    // id 0x61 − 0x21 = 64 and "a</w>" 256 + 64 = 320, as in OpenAI's vocabulary.
    private const string Merges = "#version: 0.2\nc a\nca t</w>\np h\nph o\n";

    private static ClipBpeTokenizer Tokenizer() => ClipBpeTokenizer.Parse(Merges, "test merges");

    [Fact]
    public void Vocabulary_follows_from_the_merges()
    {
        var tokenizer = Tokenizer();
        Assert.Equal(518, tokenizer.VocabularySize);
        Assert.Equal(516, tokenizer.StartId);
        Assert.Equal(517, tokenizer.EndId);
    }

    [Fact]
    public void Words_merge_lowest_rank_first()
    {
        var tokenizer = Tokenizer();
        // "a" → a</w> (320); "cat" → c a t</w> → ca t</w> → cat</w> (513); "photo" → p h o t o</w> → ph … → pho t o</w>
        // (515, 't' 0x74 → 83, "o</w>" 256 + 0x6F − 0x21 = 334).
        Assert.Equal([516L, 320, 513, 515, 83, 334, 517], tokenizer.Encode("a cat photo", 77));
    }

    [Fact]
    public void Text_is_cleaned_lower_cased_and_split_like_clip()
    {
        var tokenizer = Tokenizer();
        // "A &amp;amp; B's  CAT!!" → "a & b's cat!!": a</w> 320, &</w> 256 + 5 = 261, b</w> 321, 's → ' (6) s</w> (256 + 82 = 338),
        // cat</w> 513, !!</w> → ! (0) !</w> (256).
        Assert.Equal([516L, 320, 261, 321, 6, 338, 513, 0, 256, 517], tokenizer.Encode("A &amp;amp; B's \t CAT!!", 77));
        // Digits are single pieces; bytes beyond ASCII go through the byte symbols (é = C3 A9; symbols run '!'–'~' (ids 0–93), 0xA1–0xAC (94–105), 0xAE–0xFF (106–187): 0xC3 → 106 + 0x15 = 127, 0xA9 → 94 + 8 = 102, + 256 as the word's end).
        Assert.Equal([516L, 16 + 256, 17 + 256, 517], tokenizer.Encode("12", 77));
        Assert.Equal([516L, 127, 102 + 256, 517], tokenizer.Encode("é", 77));
    }

    [Fact]
    public void Special_tokens_in_the_text_are_kept_whole()
    {
        Assert.Equal([516L, 517, 320, 517], Tokenizer().Encode("<|endoftext|> a", 77));
    }

    [Fact]
    public void Long_texts_are_cut_and_still_end_with_the_end_token()
    {
        var ids = Tokenizer().Encode(string.Join(' ', Enumerable.Repeat("cat", 100)), 77);
        Assert.Equal(77, ids.Length);
        Assert.Equal(516, ids[0]);
        Assert.Equal(517, ids[^1]);
        Assert.All(ids[1..^1], id => Assert.Equal(513, id));
        Assert.Equal([516L, 513, 513, 517], Tokenizer().Encode("cat cat cat cat", 4));
    }

    [Fact]
    public void Gzipped_merges_files_load()
    {
        var path = Path.Combine(Path.GetTempPath(), $"candor-bpe-{Guid.NewGuid():N}.txt.gz");
        try
        {
            using (var file = File.Create(path))
            using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
                gzip.Write(Encoding.UTF8.GetBytes("\"bpe_simple_vocab_16e6.txt#version: 0.2\n" + Merges[14..]));
            var tokenizer = ClipBpeTokenizer.Load(path);
            Assert.Equal(518, tokenizer.VocabularySize);
            Assert.Equal([516L, 513, 517], tokenizer.Encode("cat", 77));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_file_that_is_not_a_merges_list_is_refused_naming_the_field()
    {
        var error = Assert.Throws<CandorFormatException>(() => ClipBpeTokenizer.Parse("#version: 0.2\nc a\nthis is not a merge\n", "bad.txt"));
        Assert.Contains("tokenizer.vocab", error.Message);
        Assert.Contains("line 3", error.Message);
        Assert.Throws<CandorFormatException>(() => ClipBpeTokenizer.Parse("#version: 0.2\n", "empty.txt"));
    }
}
