using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;

namespace MatAssistant.Literature;

/// <summary>Structure of a Markdown document from Markdig's syntax tree; block spans are offsets into the original text.</summary>
internal static class MarkdownStructure
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseGridTables()
        .UseFigures()
        .UseFootnotes()
        .UsePreciseSourceLocation()
        .Build();

    public static (string Title, string Authors, List<TextBlock> Blocks) Parse(string text)
    {
        var document = Markdown.Parse(text, Pipeline);
        var blocks = new List<TextBlock>();
        string title = "", section = "";
        var inReferences = false;
        foreach (var block in document.Descendants<Block>())
        {
            // Leaf blocks and tables carry text; containers (lists, quotes) are walked through their children.
            if (block.Span.IsEmpty || block is ContainerBlock and not Table || block.Parent is TableRow or TableCell || IsInsideTable(block))
            {
                continue;
            }

            var (start, end) = TextSpans.Trim(text, block.Span.Start, Math.Min(text.Length, block.Span.End + 1));
            if (start >= end)
            {
                continue;
            }

            switch (block)
            {
                case HeadingBlock heading:
                    var name = HeadingText(text, heading, start, end);
                    if (heading.Level == 1 && title.Length == 0)
                    {
                        title = name;
                        blocks.Add(new TextBlock(BlockKind.Title, start, end, ""));
                        break;
                    }

                    section = name;
                    inReferences = name.TrimEnd(':').Trim().ToUpperInvariant() is "REFERENCES" or "BIBLIOGRAPHY" || name == "参考文献";
                    blocks.Add(new TextBlock(BlockKind.Heading, start, end, section));
                    break;
                case Table:
                    blocks.Add(new TextBlock(BlockKind.Table, start, end, section));
                    break;
                case CodeBlock:
                    blocks.Add(new TextBlock(BlockKind.Code, start, end, section));
                    break;
                case ParagraphBlock paragraph:
                    var content = text.AsSpan(start, end - start);
                    var kind = inReferences ? BlockKind.Reference
                        : content.StartsWith("Figure ", StringComparison.OrdinalIgnoreCase) || content.StartsWith("Fig.", StringComparison.OrdinalIgnoreCase) || content.StartsWith("Table ", StringComparison.OrdinalIgnoreCase) ? BlockKind.Caption
                        : paragraph.Parent is ListItemBlock ? BlockKind.List
                        : section.Equals("abstract", StringComparison.OrdinalIgnoreCase) ? BlockKind.Abstract
                        : BlockKind.Paragraph;
                    blocks.Add(new TextBlock(kind, start, end, section));
                    break;
                default:
                    break;
            }
        }

        if (title.Length == 0)
        {
            var first = blocks.FirstOrDefault(b => b.Kind == BlockKind.Heading);
            title = first is null ? "" : first.Section;
        }

        return (title, "", blocks);
    }

    private static bool IsInsideTable(Block block)
    {
        for (var parent = block.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is Table)
            {
                return true;
            }
        }

        return false;
    }

    private static string HeadingText(string text, HeadingBlock heading, int start, int end)
    {
        if (heading.Inline is { Span.IsEmpty: false } inline)
        {
            var (s, e) = TextSpans.Trim(text, inline.Span.Start, Math.Min(text.Length, heading.Span.End + 1));
            return text[s..e].TrimEnd('#', ' ');
        }

        return text[start..end].Trim('#', ' ', '=', '-');
    }
}
