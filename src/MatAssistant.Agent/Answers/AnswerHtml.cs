using System.Net;
using System.Text;
using Markdig;

namespace MatAssistant.Agent.Answers;

/// <summary>An answer as an HTML page: the Markdown rendered by Markdig (tables included) followed by the citation list with its quotes.</summary>
public static class AnswerHtml
{
    // DisableHtml: answers quote documents users upload, and a quoted "<script>" must reach the page as text, not as markup.
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().UseEmphasisExtras().DisableHtml().Build();

    /// <summary>The answer's Markdown as an HTML fragment.</summary>
    public static string Fragment(string markdown) => Markdown.ToHtml(markdown, Pipeline);

    /// <summary>A self-contained page for <paramref name="question"/> and its <paramref name="answer"/>.</summary>
    public static string Page(string question, AssistantAnswer answer)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>MatAssistant</title>")
            .Append("<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .5em}")
            .Append("blockquote{color:#444;border-left:3px solid #ccc;margin:.3em 0;padding-left:.8em}</style></head><body>\n")
            .Append("<h1>").Append(WebUtility.HtmlEncode(question)).Append("</h1>\n")
            .Append(Fragment(answer.Answer));
        if (answer.Citations.Count > 0)
        {
            html.Append("<h2>Sources</h2>\n<ol>\n");
            foreach (var c in answer.Citations)
            {
                html.Append("<li value=\"").Append(c.Id).Append("\"><b>").Append(WebUtility.HtmlEncode(c.Title)).Append("</b>, ")
                    .Append(WebUtility.HtmlEncode(c.Section)).Append(" (").Append(WebUtility.HtmlEncode(c.Document))
                    .Append(", characters ").Append(c.Start).Append('–').Append(c.End).Append(")<blockquote>")
                    .Append(WebUtility.HtmlEncode(c.ReadableQuote)).Append("</blockquote></li>\n");
            }

            html.Append("</ol>\n");
        }

        return html.Append("</body></html>\n").ToString();
    }
}
