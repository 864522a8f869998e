using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Xunit;

namespace MatAssistant.Literature.Tests;

public sealed class OfficeFormatTests
{
    [Fact]
    public void Docx_HeadingsParagraphsListsAndTables_AreRecovered()
    {
        using var scratch = new Scratch();
        var path = Path.Combine(scratch.Root, "perovskites.docx");
        using (var word = WordprocessingDocument.Create(path, WordprocessingDocumentType.Document))
        {
            var main = word.AddMainDocumentPart();
            main.Document = new Document(new Body(
                Styled("Title", "Perovskite oxides for photocatalytic water splitting"),
                Styled("Heading1", "1. Introduction"),
                new Paragraph(new Run(new Text("Perovskite oxides such as SrTiO3 absorb ultraviolet light. Their band gap is 3.2 eV."))),
                Styled("ListParagraph", "doping with rhodium"),
                Styled("ListParagraph", "co-catalysts of nickel oxide"),
                Styled("Heading1", "Results without a number"),
                new Paragraph(new Run(new Text("The quantum efficiency reached 96 % at 365 nm."))),
                new Table(Row("compound", "gap (eV)"), Row("SrTiO3", "3.2"))));
        }

        var document = DocumentReader.Read(path);
        Assert.Equal("docx", document.Format);
        Assert.Equal("Perovskite oxides for photocatalytic water splitting", document.Title);
        var headings = document.Blocks.Where(b => b.Kind == BlockKind.Heading).Select(b => document.Text[b.Start..b.End]).ToList();
        Assert.Equal(["1. Introduction", "Results without a number"], headings);
        Assert.Contains(document.Blocks, b => b.Kind == BlockKind.List && document.Text[b.Start..b.End].Contains("- co-catalysts of nickel oxide", StringComparison.Ordinal));
        Assert.Contains(document.Blocks, b => b.Kind == BlockKind.Table && document.Text[b.Start..b.End] == "compound\tgap (eV)\nSrTiO3\t3.2");
        Assert.Contains(document.Blocks, b => b.Section == "Results without a number" && document.Text[b.Start..b.End].StartsWith("The quantum efficiency", StringComparison.Ordinal));

        LiteratureIngestor.Add([path], scratch.DataDir);
        using var index = LiteratureIndex.TryOpen(scratch.DataDir)!;
        var hit = index.Search("quantum efficiency 365 nm", 1).Single();
        Assert.Equal(hit.Text, index.DocumentText(hit.Document)![hit.Start..hit.End]);
        Assert.Null(hit.Page);
    }

    [Fact]
    public void Html_MainTextComesBack_WithoutScriptsOrNavigation()
    {
        using var scratch = new Scratch();
        var path = Path.Combine(scratch.Root, "garnets.html");
        File.WriteAllText(path, """
            <!DOCTYPE html><html><head><meta charset="utf-8"><title>Garnet electrolytes</title><style>p { color: red }</style></head>
            <body><nav><a href="/">Home</a> | <a href="/about">About</a></nav>
            <h1>Garnet electrolytes</h1>
            <h2>1. Introduction</h2>
            <p>Li<sub>7</sub>La<sub>3</sub>Zr<sub>2</sub>O<sub>12</sub> conducts lithium ions
               at 10<sup>-4</sup> S/cm.</p>
            <ul><li>tantalum doping</li><li>aluminium doping</li></ul>
            <table><tr><th>dopant</th><th>σ (S/cm)</th></tr><tr><td>Ta</td><td>1e-3</td></tr></table>
            <script>var tracking = "do not index me";</script>
            <footer>© 2026 Example Publishing</footer></body></html>
            """, new UTF8Encoding(false));

        var document = DocumentReader.Read(path);
        Assert.Equal("html", document.Format);
        Assert.DoesNotContain("do not index me", document.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Home", document.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Publishing", document.Text, StringComparison.Ordinal);
        Assert.Contains("Li7La3Zr2O12 conducts lithium ions at 10-4 S/cm.", document.Text, StringComparison.Ordinal);
        Assert.Contains(document.Blocks, b => b.Kind == BlockKind.Heading && document.Text[b.Start..b.End] == "1. Introduction");
        Assert.Contains(document.Blocks, b => b.Kind == BlockKind.List);
        Assert.Contains(document.Blocks, b => b.Kind == BlockKind.Table && document.Text[b.Start..b.End].Contains("Ta\t1e-3", StringComparison.Ordinal));
    }

    private static Paragraph Styled(string style, string text) =>
        new(new ParagraphProperties(new ParagraphStyleId { Val = style }), new Run(new Text(text)));

    private static TableRow Row(params string[] cells) =>
        new(cells.Select(c => new TableCell(new Paragraph(new Run(new Text(c))))));
}
