using System.Text;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Spectre.Console;
using Spectre.Console.Rendering;
using MarkdownTable = Markdig.Extensions.Tables.Table;
using SpectreTable = Spectre.Console.Table;
using TableCell = Markdig.Extensions.Tables.TableCell;
using TableRow = Markdig.Extensions.Tables.TableRow;

namespace MatAssistant.Cli;

/// <summary>Renders the assistant's Markdown on the terminal: Markdig parses it, each block becomes a Spectre renderable.</summary>
internal static class TerminalMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().UseEmphasisExtras().Build();

    public static IEnumerable<IRenderable> Render(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var block in document)
        {
            switch (block)
            {
                case HeadingBlock heading:
                    yield return new Markup($"[bold underline]{Inline(heading.Inline)}[/]\n");
                    break;
                case MarkdownTable table:
                    yield return Table(table);
                    break;
                case ListBlock list:
                    var items = new StringBuilder();
                    var number = 1;
                    foreach (var item in list.OfType<ListItemBlock>())
                    {
                        var bullet = list.IsOrdered ? $"{number++}." : "•";
                        items.Append(bullet).Append(' ').AppendJoin(" ", item.OfType<ParagraphBlock>().Select(p => Inline(p.Inline))).Append('\n');
                    }

                    yield return new Markup(items.ToString());
                    break;
                case ParagraphBlock paragraph:
                    yield return new Markup(Inline(paragraph.Inline) + "\n");
                    break;
                case FencedCodeBlock code:
                    yield return new Panel(Markup.Escape(code.Lines.ToString())).Border(BoxBorder.Rounded);
                    break;
                default:
                    yield return new Text(string.Concat(markdown.AsSpan(block.Span.Start, block.Span.Length), "\n"));
                    break;
            }
        }
    }

    private static SpectreTable Table(MarkdownTable table)
    {
        var result = new SpectreTable().Border(TableBorder.Rounded);
        var rows = table.OfType<TableRow>().ToList();
        if (rows.Count == 0)
        {
            return result;
        }

        foreach (var cell in rows[0].OfType<TableCell>())
        {
            result.AddColumn(new TableColumn(new Markup("[bold]" + CellText(cell) + "[/]")));
        }

        foreach (var row in rows.Skip(1))
        {
            result.AddRow(row.OfType<TableCell>().Select(c => (IRenderable)new Markup(CellText(c))).ToArray());
        }

        return result;
    }

    private static string CellText(TableCell cell) => string.Join(" ", cell.OfType<ParagraphBlock>().Select(p => Inline(p.Inline)));

    private static string Inline(ContainerInline? inline)
    {
        if (inline is null)
        {
            return string.Empty;
        }

        var builder = new StringBuilder();
        foreach (var child in inline)
        {
            builder.Append(child switch
            {
                LiteralInline literal => Markup.Escape(literal.Content.ToString()),
                EmphasisInline emphasis => $"[{(emphasis.DelimiterCount >= 2 ? "bold" : "italic")}]{Inline(emphasis)}[/]",
                CodeInline code => $"[aqua]{Markup.Escape(code.Content)}[/]",
                LinkInline link => $"{Inline(link)} ({Markup.Escape(link.Url ?? string.Empty)})",
                LineBreakInline => "\n",
                ContainerInline container => Inline(container),
                _ => Markup.Escape(child.ToString() ?? string.Empty),
            });
        }

        return builder.ToString();
    }
}
