using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using DocumentFormat.OpenXml.Packaging;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace MatAssistant.Literature;

/// <summary>
/// Text of Word (.docx, through the Open XML SDK) and HTML (through AngleSharp) documents, laid out as
/// <see cref="PlainTextStructure"/> reads plain text: one line per paragraph, heading, list item or table row (cells
/// separated by tabs), blank lines between blocks. Headings come from the markup (Word's heading styles, <c>h1</c>–<c>h6</c>).
/// </summary>
internal static partial class OfficeText
{
    /// <summary>The extracted text and the start offsets of its headings.</summary>
    public sealed record Result(string Text, HashSet<int> HeadingStarts);

    private sealed class Builder
    {
        private readonly StringBuilder _text = new();

        public HashSet<int> Headings { get; } = [];

        public void Block(string content, bool heading = false, bool joinWithPrevious = false)
        {
            content = PdfText.Normalise(Spaces().Replace(content, " ").Trim());
            if (content.Length == 0)
            {
                return;
            }

            if (joinWithPrevious && _text.Length >= 2)
            {
                _text.Length -= 1; // rows of a table and items of a list stay in one block, one a line
            }

            if (heading)
            {
                Headings.Add(_text.Length);
            }

            _text.Append(content).Append("\n\n");
        }

        public Result Build() => new(_text.ToString(), Headings);
    }

    [GeneratedRegex(@"[ \r\n\u00A0]+", RegexOptions.CultureInvariant)]
    private static partial Regex Spaces();

    /// <summary>Reads a .docx; throws <see cref="DocumentFormatException"/> when it is not one.</summary>
    public static Result FromDocx(byte[] bytes, string path)
    {
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            using var document = WordprocessingDocument.Open(stream, isEditable: false);
            var body = document.MainDocumentPart?.Document?.Body ?? throw new DocumentFormatException($"{path}: the Word document has no body.");
            var builder = new Builder();
            var previousWasRow = false;
            var previousWasItem = false;
            foreach (var element in body.Elements())
            {
                switch (element)
                {
                    case W.Paragraph paragraph:
                        var style = paragraph.ParagraphProperties?.ParagraphStyleId?.Val?.Value ?? "";
                        var heading = style.StartsWith("Heading", StringComparison.OrdinalIgnoreCase) || style.Equals("Title", StringComparison.OrdinalIgnoreCase);
                        var item = paragraph.ParagraphProperties?.NumberingProperties is not null || style.StartsWith("List", StringComparison.OrdinalIgnoreCase);
                        var text = ParagraphText(paragraph);
                        builder.Block(item ? "- " + text : text, heading, joinWithPrevious: item && previousWasItem);
                        previousWasItem = item && text.Trim().Length > 0;
                        previousWasRow = false;
                        break;
                    case W.Table table:
                        foreach (var row in table.Elements<W.TableRow>())
                        {
                            var cells = row.Elements<W.TableCell>().Select(c => Cell(string.Join(' ', c.Elements<W.Paragraph>().Select(ParagraphText))));
                            builder.Block(string.Join('\t', cells), joinWithPrevious: previousWasRow);
                            previousWasRow = true;
                        }

                        previousWasItem = false;
                        break;
                }
            }

            return builder.Build();
        }
        catch (Exception e) when (e is not DocumentFormatException and not OutOfMemoryException)
        {
            throw new DocumentFormatException($"{path}: not a readable Word document ({e.Message.Split('\n')[0].Trim()}).");
        }
    }

    /// <summary>Reads an HTML page's main text (scripts, styles, navigation, headers and footers left out); the charset is the page's.</summary>
    public static Result FromHtml(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes, writable: false);
        var document = new HtmlParser().ParseDocument(stream);
        foreach (var element in document.QuerySelectorAll("script, style, noscript, nav, header, footer, aside, template, svg").ToList())
        {
            element.Remove();
        }

        var builder = new Builder();
        var title = document.Title?.Trim() ?? "";
        var h1 = document.QuerySelector("h1")?.TextContent.Trim() ?? "";
        if (title.Length > 0 && !h1.Equals(title, StringComparison.Ordinal))
        {
            builder.Block(title);
        }

        if (document.Body is { } body)
        {
            Walk(body, builder);
        }

        return builder.Build();
    }

    private static readonly HashSet<string> Leaves = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "figcaption", "caption", "dt", "dd", "blockquote", "address",
    };

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "div", "section", "article", "main", "body", "ul", "ol", "dl", "table", "thead", "tbody", "tfoot", "figure", "li", "tr", "blockquote",
    };

    private static void Walk(IElement element, Builder builder)
    {
        var previousRow = false;
        var previousItem = false;
        foreach (var child in element.Children)
        {
            var name = child.LocalName;
            if (name is "tr")
            {
                var cells = child.Children.Where(c => c.LocalName is "td" or "th").Select(c => Cell(c.TextContent));
                builder.Block(string.Join('\t', cells), joinWithPrevious: previousRow);
                previousRow = true;
                continue;
            }

            if (name is "li" && !child.Children.Any(c => Blocks.Contains(c.LocalName) || Leaves.Contains(c.LocalName)))
            {
                builder.Block("- " + child.TextContent, joinWithPrevious: previousItem);
                previousItem = true;
                continue;
            }

            previousRow = previousItem = false;
            if (Leaves.Contains(name) && !child.Children.Any(c => Leaves.Contains(c.LocalName) || (Blocks.Contains(c.LocalName) && c.LocalName != "blockquote")))
            {
                builder.Block(child.TextContent, heading: name.Length == 2 && name[0] == 'h' && char.IsDigit(name[1]));
            }
            else if (Blocks.Contains(name) || Leaves.Contains(name))
            {
                // Text directly inside a container (a div with no paragraphs) is a block of its own.
                var own = string.Concat(child.ChildNodes.Where(n => n.NodeType == NodeType.Text || (n is IElement e && !Blocks.Contains(e.LocalName) && !Leaves.Contains(e.LocalName) && e.LocalName is not ("tr" or "li"))).Select(n => n.TextContent));
                if (own.Trim().Length > 0 && !child.Children.Any(c => Blocks.Contains(c.LocalName) || Leaves.Contains(c.LocalName)))
                {
                    builder.Block(own);
                }
                else
                {
                    Walk(child, builder);
                }
            }
        }
    }

    private static string ParagraphText(W.Paragraph paragraph)
    {
        var text = new StringBuilder();
        foreach (var node in paragraph.Descendants())
        {
            switch (node)
            {
                case W.Text t:
                    text.Append(t.Text);
                    break;
                case W.TabChar:
                    text.Append(' ');
                    break;
                case W.Break or W.CarriageReturn:
                    text.Append(' ');
                    break;
                case W.NoBreakHyphen:
                    text.Append('-');
                    break;
            }
        }

        return text.ToString();
    }

    /// <summary>A table cell on one line, so that tabs separate cells only.</summary>
    private static string Cell(string text) => AnySpace().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex AnySpace();
}
