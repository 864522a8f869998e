using System.Diagnostics;
using System.Text;
using Xunit;

namespace MatAssistant.Literature.Tests;

/// <summary>
/// PDFs made by a real typesetter (pdflatex, from Debian's texlive-latex-base) from the corpus's own text: what comes back
/// through PdfPig and <see cref="PdfText"/> is measured against the source, sentence by sentence.
/// </summary>
public sealed class PdfTests
{
    /// <summary>Share of source sentences (modulo white space) found verbatim in the text extracted from the rendered PDFs (issue 13).</summary>
    private const double RequiredRecovery = 0.99;

    /// <summary>
    /// The English corpus documents, two in one column and two in two columns with running heads, rendered and ingested; the
    /// misses that remain are compounds hyphenated at a line end ("bias-variance") that no rule without a dictionary tells
    /// from syllable breaks, and characters set as superscripts.
    /// </summary>
    [SkippableFact]
    public void RenderedCorpusDocuments_ComeBackSentenceForSentence()
    {
        Skip.IfNot(LaTeX.Available, "pdflatex is not installed (apt-get install texlive-latex-base lmodern): the PDF round trip needs a real typesetter");
        using var scratch = new Scratch();
        var layouts = new[] { ("000", false), ("001", true), ("002", false), ("004", true) };
        var pdfs = layouts.Select(l => LaTeX.Render(Corpus.Read(l.Item1), Path.Combine(scratch.Root, l.Item1 + ".pdf"), l.Item2)).ToList();
        var report = LiteratureIngestor.Add(pdfs, scratch.DataDir);
        Assert.Empty(report.Errors);
        using var index = LiteratureIndex.TryOpen(scratch.DataDir)!;

        int total = 0, found = 0;
        var misses = new List<string>();
        foreach (var ((prefix, _), pdf) in layouts.Zip(pdfs))
        {
            var source = Corpus.Read(prefix);
            var text = index.DocumentText(Path.GetFileName(pdf))!;
            var squeezed = Squeeze(text);
            var sentences = source.Blocks.Where(b => b.Kind is not (BlockKind.Table or BlockKind.Front or BlockKind.Title))
                .SelectMany(b => Sentences.Split(source.Text, b.Start, b.End).Select(s => source.Text[s.Start..s.End]))
                .Where(s => s.Length >= 20).ToList();
            var missing = sentences.Where(s => !squeezed.Contains(Squeeze(s), StringComparison.Ordinal)).ToList();
            total += sentences.Count;
            found += sentences.Count - missing.Count;
            misses.AddRange(missing.Select(m => $"{prefix}: {m}"));
            Assert.True(missing.Count <= sentences.Count * 0.02, $"{prefix}: {missing.Count} of {sentences.Count} sentences missing:\n" + string.Join("\n", missing.Take(8)));

            // Headings and references are recognised; no page numbers are left; passages carry their page.
            var parsed = DocumentReader.Read(pdf);
            Assert.Contains(parsed.Blocks, b => b.Kind == BlockKind.Reference);
            var headings = parsed.Blocks.Where(b => b.Kind == BlockKind.Heading).Select(b => parsed.Text[b.Start..b.End]).ToHashSet();
            var sourceHeadings = source.Blocks.Where(b => b.Kind == BlockKind.Heading).Select(b => source.Text[b.Start..b.End]).ToList();
            Assert.True(sourceHeadings.Count(headings.Contains) >= sourceHeadings.Count * 0.8, $"{prefix}: " + string.Join(" | ", headings));
            Assert.DoesNotContain(parsed.Text.Split("\n\n"), p => p.Trim().Length > 0 && p.Trim().All(char.IsDigit));
            Assert.True(parsed.PageStarts!.Count >= 2);
            Assert.Equal(1, parsed.PageOf(parsed.Blocks.First(b => b.Kind == BlockKind.Heading).Start));
            Assert.Equal(parsed.PageStarts.Count, parsed.PageOf(parsed.Blocks.Last(b => b.Kind == BlockKind.Reference).Start));
        }

        var recovered = (double)found / total;
        Assert.True(recovered >= RequiredRecovery, $"{recovered:P2} of {total} sentences recovered; missing:\n" + string.Join("\n", misses.Take(12)));

        var hits = index.Search("generative models for materials design", 5);
        Assert.NotEmpty(hits);
        Assert.All(hits, h => Assert.Equal(index.DocumentText(h.Document)![h.Start..h.End], h.Text));
        Assert.All(hits, h => Assert.InRange(h.Page ?? 0, 1, 40));
    }

    [Fact]
    public void UnreadablePdf_GetsOneLineAndTheRestIsIngested()
    {
        using var scratch = new Scratch();
        var broken = Path.Combine(scratch.Root, "broken.pdf");
        File.WriteAllText(broken, "%PDF-1.4\nthis is not really a PDF\n");
        var good = scratch.File("002");
        var report = LiteratureIngestor.Add([broken, good], scratch.DataDir);
        var error = Assert.Single(report.Errors);
        Assert.StartsWith(broken, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Single(report.Documents);
    }

    [Fact]
    public void ImageOnlyPdf_IsReportedAsNeedingOcr()
    {
        using var scratch = new Scratch();
        var builder = new UglyToad.PdfPig.Writer.PdfDocumentBuilder();
        builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
        var path = Path.Combine(scratch.Root, "scan.pdf");
        File.WriteAllBytes(path, builder.Build());
        var report = LiteratureIngestor.Add([path, scratch.File("004")], scratch.DataDir);
        Assert.Contains("no text layer", Assert.Single(report.Errors).Message, StringComparison.Ordinal);
        Assert.Single(report.Documents);
        var nothing = Assert.Throws<InvalidOperationException>(() => LiteratureIngestor.Add([path], Path.Combine(scratch.Root, "empty")));
        Assert.Contains("nothing could be added", nothing.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ﬁnite eﬀect", "finite effect")]
    [InlineData("a\u00A0b\u2009c", "a b c")]
    [InlineData("soft\u00ADhyphen", "softhyphen")]
    [InlineData("10⁹ m² 生成，流", "10⁹ m² 生成，流")]
    public void Normalise_ExpandsLigaturesAndKeepsWhatNfkcWouldBreak(string raw, string expected) =>
        Assert.Equal(expected, PdfText.Normalise(raw));

    private static string Squeeze(string text) => new(text.Where(c => !char.IsWhiteSpace(c)).ToArray());
}

/// <summary>Renders a parsed corpus document to PDF with pdflatex: headings, paragraphs, lists, captions and references.</summary>
internal static class LaTeX
{
    public static bool Available { get; } = Which("pdflatex");

    public static string Render(ParsedDocument document, string pdfPath, bool twoColumn)
    {
        var tex = new StringBuilder();
        tex.AppendLine(twoColumn ? @"\documentclass[10pt,twocolumn]{article}" : @"\documentclass[11pt]{article}");
        tex.AppendLine(@"\usepackage[T1]{fontenc}\usepackage[utf8]{inputenc}\usepackage{lmodern}\usepackage{textcomp}");
        foreach (var (code, replacement) in new[] { ("2192", @"\ensuremath{\rightarrow}"), ("2264", @"\ensuremath{\leq}"), ("2265", @"\ensuremath{\geq}"), ("2030", @"\textperthousand"), ("00B9", @"\textsuperscript{1}"), ("00B2", @"\textsuperscript{2}"), ("00B3", @"\textsuperscript{3}"), ("2074", @"\textsuperscript{4}"), ("2075", @"\textsuperscript{5}"), ("00D7", @"\ensuremath{\times}"), ("00B1", @"\ensuremath{\pm}"), ("2212", @"\ensuremath{-}") })
        {
            tex.AppendLine($@"\DeclareUnicodeCharacter{{{code}}}{{{replacement}}}");
        }

        // Running heads with page numbers on the two-column paper: furniture the extractor must drop.
        tex.AppendLine(twoColumn ? @"\pagestyle{headings}" : @"\pagestyle{plain}");
        tex.AppendLine(@"\sloppy\begin{document}");
        var title = document.Blocks.FirstOrDefault(b => b.Kind == BlockKind.Title);
        tex.AppendLine($@"\title{{{Escape(title is null ? "Untitled" : document.Text[title.Start..title.End])}}}\author{{{Escape(document.Authors)}}}\date{{}}\maketitle");
        foreach (var block in document.Blocks)
        {
            var content = document.Text[block.Start..block.End];
            switch (block.Kind)
            {
                case BlockKind.Title or BlockKind.Front:
                    break;
                case BlockKind.Heading:
                    tex.AppendLine($@"\section*{{{Escape(content)}}}");
                    break;
                case BlockKind.Reference:
                    tex.AppendLine($@"\noindent\hangindent=1.5em {Escape(content)}\par");
                    break;
                case BlockKind.List or BlockKind.Table:
                    foreach (var line in content.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        tex.AppendLine($@"\noindent {Escape(line.Replace('\t', ' '))}\par");
                    }

                    break;
                default:
                    tex.AppendLine(Escape(content.Replace('\n', ' ')) + @"\par");
                    break;
            }
        }

        tex.AppendLine(@"\end{document}");
        var directory = Path.GetDirectoryName(pdfPath)!;
        var stem = Path.GetFileNameWithoutExtension(pdfPath);
        File.WriteAllText(Path.Combine(directory, stem + ".tex"), tex.ToString());
        using var process = Process.Start(new ProcessStartInfo("pdflatex", ["-interaction=nonstopmode", "-halt-on-error", stem + ".tex"])
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
        }

        Assert.True(File.Exists(pdfPath), "pdflatex made no PDF:\n" + output.Result[^Math.Min(2000, output.Result.Length)..]);
        return pdfPath;
    }

    /// <summary>LaTeX for literal text: special characters and the ligatures TeX would make of quotes and dashes.</summary>
    private static string Escape(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '\\' => @"\textbackslash{}",
                '{' => @"\{",
                '}' => @"\}",
                '$' => @"\$",
                '&' => @"\&",
                '#' => @"\#",
                '_' => @"\_",
                '%' => @"\%",
                '~' => @"\textasciitilde{}",
                '^' => @"\textasciicircum{}",
                '\'' => @"\textquotesingle{}",
                '`' => @"\textasciigrave{}",
                '"' => @"\textquotedbl{}",
                '-' => "-{}",
                '<' => @"\textless{}",
                '>' => @"\textgreater{}",
                '|' => @"\textbar{}",
                '\t' => " ",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }

    private static bool Which(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Any(d => File.Exists(Path.Combine(d, program)));
}
