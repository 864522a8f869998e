using MatAssistant.Agent.Answers;
using MatAssistant.Agent.Orchestration;
using MatAssistant.Application.Literature;

namespace MatAssistant.Agent.Tests;

public class AnswerComposerTests
{
    private const string Document = "doc.txt";
    private const string FileText = "Title\n\nCDVAE is a crystal diffusion variational autoencoder. It generates periodic structures. Other text follows here.";

    private sealed class Corpus : ICorpusText
    {
        public bool IsVerbatim(string document, int start, int end, string quote) =>
            document == Document && end <= FileText.Length && FileText[start..end] == quote;
    }

    private static ToolCallRecord Retrieval(params RetrievedPassage[] passages) =>
        new("literature_retrieve", new Dictionary<string, object?>(), true, null, new RetrieveResult("q", passages, []), 1);

    [Fact]
    public void Citation_IsNarrowedToTheSentenceUsed_AndVerbatim()
    {
        var start = FileText.IndexOf("CDVAE", StringComparison.Ordinal);
        var passage = new RetrievedPassage(1, Document, "Title", "Intro", FileText[start..], start, FileText.Length, 1, []);
        var answer = new AnswerComposer(new Corpus()).Compose("CDVAE is a crystal diffusion variational autoencoder [1].", [Retrieval(passage)], "offline");
        var citation = Assert.Single(answer.Citations);
        Assert.Equal("CDVAE is a crystal diffusion variational autoencoder.", citation.Quote);
        Assert.Equal(FileText[citation.Start..citation.End], citation.Quote);
    }

    [Fact]
    public void Citation_ThatIsNotVerbatim_IsDropped_WithItsMarker()
    {
        var passage = new RetrievedPassage(1, Document, "Title", "Intro", "CDVAE was invented in 1850.", 7, 34, 1, []);
        var answer = new AnswerComposer(new Corpus()).Compose("CDVAE was invented in 1850 [1].", [Retrieval(passage)], "offline");
        Assert.Empty(answer.Citations);
        Assert.DoesNotContain("[1]", answer.Answer, StringComparison.Ordinal);
    }

    [Fact]
    public void Marker_WithoutPassage_IsDropped()
    {
        var answer = new AnswerComposer(new Corpus()).Compose("A claim [3].", [], "offline");
        Assert.Empty(answer.Citations);
        Assert.Equal("A claim.", answer.Answer);
    }
}

public class AnswerHtmlTests
{
    [Fact]
    public void Page_RendersTablesAndEscapesQuotes()
    {
        var answer = new AssistantAnswer(
            "| a | b |\n| --- | --- |\n| 1 | 2 |\n\nText [1].",
            [new Citation(1, "doc.txt", "T<i>tle", "S", "x < y & z", 3, 12)],
            [],
            "offline",
            [],
            [],
            []);
        var page = AnswerHtml.Page("Q?", answer);
        Assert.Contains("<table>", page, StringComparison.Ordinal);
        Assert.Contains("x &lt; y &amp; z", page, StringComparison.Ordinal);
        Assert.Contains("T&lt;i&gt;tle", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("A quote: <script>alert(1)</script>", "<script")]
    [InlineData("<img src=x onerror=alert(1)>", "<img")]
    [InlineData("inline <b onclick=\"x()\">bold</b>", "<b ")]
    public void Fragment_RawHtmlInAnAnswer_IsShownAsText(string markdown, string markup)
    {
        var html = AnswerHtml.Fragment(markdown);
        Assert.DoesNotContain(markup, html, StringComparison.Ordinal);
        Assert.Contains("&lt;", html, StringComparison.Ordinal);
    }
}
