using Xunit;

namespace MatAssistant.Literature.Tests;

public sealed class ChunkTests
{
    [Theory]
    [InlineData("000")]
    [InlineData("001")]
    [InlineData("002")]
    [InlineData("003")]
    [InlineData("004")]
    public void EveryChunk_QuotesTheFileVerbatim_AndEndsOnASentence(string prefix)
    {
        var document = Corpus.Read(prefix);
        var fileText = File.ReadAllText(Corpus.PathOf(prefix));
        var chunks = Chunker.Split(document);
        Assert.NotEmpty(chunks);
        foreach (var chunk in chunks)
        {
            Assert.Equal(fileText[chunk.Start..chunk.End], chunk.Text);
            if (chunk.Kind is BlockKind.Paragraph or BlockKind.Abstract)
            {
                // A chunk ends where a sentence ends, or where its block ends.
                var block = document.Blocks.Single(b => b.Start <= chunk.Start && chunk.End <= b.End);
                var last = chunk.Text.TrimEnd('"', '”', ')', '*')[^1];
                Assert.True(chunk.End == block.End || last is '.' or '!' or '?' or '。' or '！' or '？', $"{chunk.Id} ends mid-sentence: …{chunk.Text[^Math.Min(40, chunk.Text.Length)..]}");
            }
        }

        // Chunks are in order and never overlap.
        Assert.All(chunks.Zip(chunks.Skip(1)), p => Assert.True(p.First.End <= p.Second.Start));
    }

    [Theory]
    [InlineData("Kim et al. generated Mg–Mn–O compounds. They used a GAN.", new[] { "Kim et al. generated Mg–Mn–O compounds.", "They used a GAN." })]
    [InlineData("As shown in Fig. 2, the model works. It reached 84.5% validity.", new[] { "As shown in Fig. 2, the model works.", "It reached 84.5% validity." })]
    [InlineData("Models (e.g., VAEs) learn. D. P. Kingma wrote it.", new[] { "Models (e.g., VAEs) learn.", "D. P. Kingma wrote it." })]
    [InlineData("F.A.I.R. data matters. Yes!", new[] { "F.A.I.R. data matters.", "Yes!" })]
    [InlineData("The push for creating F.A.I.R. (Findable, Reusable) data grew. Next.", new[] { "The push for creating F.A.I.R. (Findable, Reusable) data grew.", "Next." })]
    [InlineData("变分自编码器由编码器和解码器组成。训练完成后生成数据。", new[] { "变分自编码器由编码器和解码器组成。", "训练完成后生成数据。" })]
    public void Sentences_RespectAbbreviationsAndChinese(string text, string[] expected)
    {
        var sentences = Sentences.Split(text, 0, text.Length).Select(s => text[s.Start..s.End]).ToArray();
        Assert.Equal(expected, sentences);
    }
}
