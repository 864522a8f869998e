using System.Text;
using MatAssistant.Agent.Answers;

namespace MatAssistant.Agent.Tests;

/// <summary>What a chat streams is what the final answer says: markers renumbered in the order the reader meets them.</summary>
public sealed class CitationRenumbererTests(OfflineAssistantFixture fixture) : IClassFixture<OfflineAssistantFixture>
{
    [Theory]
    [InlineData(new[] { "A [3]. B [1]. C [3]." }, "A [1]. B [2]. C [1].", new[] { 3, 1 })]
    [InlineData(new[] { "A [", "3]. B [1", "2]." }, "A [1]. B [2].", new[] { 3, 12 })]
    [InlineData(new[] { "A [2", "]", " and [x] stays" }, "A [1] and [x] stays", new[] { 2 })]
    [InlineData(new[] { "ends with [" }, "ends with [", new int[0])]
    public void Push_RenumbersAcrossChunkBoundaries(string[] chunks, string expected, int[] order)
    {
        var stream = new CitationRenumberer();
        var shown = new StringBuilder();
        foreach (var chunk in chunks)
        {
            shown.Append(stream.Push(chunk));
        }

        shown.Append(stream.Flush());
        Assert.Equal(expected, shown.ToString());
        Assert.Equal(order, stream.Order);
    }

    [Fact]
    public async Task Chat_StreamedText_EqualsTheComposedAnswer()
    {
        // Regression: "What is MatGAN?" streamed "… [2]. … [1]." above a citation list numbered [1], [2], without the reading line.
        using var assistant = fixture.Create();
        var shown = new StringBuilder();
        var answer = await assistant.AskStreamingAsync("What is MatGAN?", chunk => shown.Append(chunk));
        Assert.True(answer.Citations.Count >= 2);
        Assert.Equal(answer.Answer, shown.ToString());
        Assert.StartsWith("_Read as:", shown.ToString(), StringComparison.Ordinal);
        var first = answer.Answer.IndexOf("[1]", StringComparison.Ordinal);
        Assert.True(first >= 0 && first < answer.Answer.IndexOf("[2]", StringComparison.Ordinal));
    }
}
