namespace Candor.Embeddings;

/// <summary>Which tokenizer a text encoder uses (the <c>tokenizer.kind</c> field of an <see cref="EncoderConfig"/>).</summary>
public enum TokenizerKind
{
    /// <summary>
    /// "wordpiece": BERT's tokenizer — lower-casing and accent stripping (unless <see cref="TokenizerConfig.Lowercase"/> is
    /// false), splitting on spaces and punctuation, greedy longest-match word pieces; [CLS] … [SEP]. The vocabulary file
    /// is BERT's vocab.txt, one token per line, the line number being the id.
    /// </summary>
    WordPiece,

    /// <summary>
    /// "clip-bpe": OpenAI CLIP's byte-level BPE — lower-cased, &lt;|startoftext|&gt; … &lt;|endoftext|&gt;. The vocabulary
    /// file is the merges list: OpenAI's bpe_simple_vocab_16e6.txt.gz (gzip or plain) or a Hugging Face merges.txt;
    /// the ids follow from the merges as in OpenAI's tokenizer (49408 tokens).
    /// </summary>
    ClipBpe,
}
