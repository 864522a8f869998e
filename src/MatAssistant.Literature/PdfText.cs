using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.DocumentLayoutAnalysis.WordExtractor;

namespace MatAssistant.Literature;

/// <summary>
/// Text of a PDF in reading order, laid out the way <see cref="PlainTextStructure"/> reads plain text: one line per
/// paragraph, heading or reference entry, blank lines between blocks. PdfPig gives positioned words; the layout (columns,
/// lines, paragraphs, headings, running heads) is recovered here by geometry, because PdfPig's own segmenters merge LaTeX
/// paragraphs (no vertical space between them) and do not separate page furniture.
/// </summary>
internal static partial class PdfText
{
    /// <summary>The extracted text, the offset where each page starts (page i + 1 starts at PageStarts[i]) and the start offsets of lines set in a heading font.</summary>
    public sealed record Result(string Text, int[] PageStarts, HashSet<int> HeadingStarts);

    private sealed record Word(string Text, double Left, double Right, double Bottom, double Top, double Baseline, double Size, bool Bold);

    private sealed class Line(List<Word> words, int column)
    {
        public List<Word> Words { get; } = words;

        public int Column { get; } = column; // 0 full width, 1 left, 2 right

        public double Left => Words.Min(w => w.Left);

        public double Right => Words.Max(w => w.Right);

        public double Baseline => Words.Average(w => w.Baseline);

        public double Top => Words.Max(w => w.Top);

        public double Size => Words.GroupBy(w => Math.Round(w.Size, 1)).MaxBy(g => g.Sum(w => w.Text.Length))!.Key;

        public bool Bold => Words.Sum(w => w.Bold ? w.Text.Length : 0) * 2 > Words.Sum(w => w.Text.Length);

        public string Text => string.Join(' ', Words.Select(w => w.Text));
    }

    [GeneratedRegex(@"^(?:page\s+)?(?:\d{1,4}|[ivxlc]{1,6})(?:\s*(?:of|/)\s*\d{1,4})?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex PageNumber();

    [GeneratedRegex(@"^(?:[-•▪◦*]\s+)?(?:\[\d{1,3}\]|\d{1,3}\.\s)|^[•▪◦]\s", RegexOptions.CultureInvariant)]
    private static partial Regex ReferenceStart();

    [GeneratedRegex(@"^(?:\d{1,2}(?:\.\d{1,2}){0,3}\.?\s+)?(?:references|bibliography|参考文献)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ReferencesHeading();

    /// <summary>Extracts the text of <paramref name="bytes"/>; throws <see cref="DocumentFormatException"/> for unreadable or image-only files.</summary>
    public static Result Extract(byte[] bytes, string path)
    {
        List<(List<Line> Lines, double Height)> pages;
        try
        {
            using var pdf = PdfDocument.Open(bytes);
            pages = pdf.GetPages().Select(p => (Lines(p), p.Height)).ToList();
        }
        catch (Exception e) when (e is not OutOfMemoryException and not DocumentFormatException)
        {
            throw new DocumentFormatException($"{path}: not a readable PDF ({FirstLine(e.Message)}).");
        }

        if (pages.All(p => p.Lines.Count == 0))
        {
            throw new DocumentFormatException($"{path}: the PDF has no text layer (scanned or image-only); run OCR on it first.");
        }

        RemoveFurniture(pages);
        var bodySize = pages.SelectMany(p => p.Lines).SelectMany(l => l.Words)
            .GroupBy(w => Math.Round(w.Size, 1)).MaxBy(g => g.Sum(w => w.Text.Length))!.Key;
        // Every word but the halves of words hyphenated at a line end, to tell compounds ("bias-variance") from syllable breaks.
        var vocabulary = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in pages.SelectMany(p => p.Lines))
        {
            for (var w = 0; w < line.Words.Count; w++)
            {
                var word = line.Words[w].Text;
                if ((w == line.Words.Count - 1 && word.EndsWith('-')) || w == 0)
                {
                    continue;
                }

                vocabulary.Add(word.Trim(Punctuation).ToLowerInvariant());
                foreach (var part in word.Split('-', StringSplitOptions.RemoveEmptyEntries))
                {
                    vocabulary.Add(part.Trim(Punctuation).ToLowerInvariant());
                }
            }
        }

        var text = new StringBuilder();
        var pageStarts = new int[pages.Count];
        var headings = new HashSet<int>();
        var inReferences = false;
        var all = new List<(int Page, Paragraph Paragraph)>();
        for (var p = 0; p < pages.Count; p++)
        {
            foreach (var paragraph in Paragraphs(pages[p].Lines, bodySize, inReferences))
            {
                // A paragraph that runs on from the foot of one column or page to the head of the next is one paragraph.
                if (all.Count > 0 && all[^1].Paragraph is { Heading: false, ClosesColumn: true } open && paragraph is { Heading: false, OpensColumn: true }
                    && RunsOn(open.Lines[^1].Text, paragraph.Lines[0].Text))
                {
                    open.Lines.AddRange(paragraph.Lines);
                    all[^1] = (all[^1].Page, open with { ClosesColumn = paragraph.ClosesColumn });
                    continue;
                }

                if (paragraph.Heading)
                {
                    inReferences = ReferencesHeading().IsMatch(string.Join(' ', paragraph.Lines.Select(l => l.Text)));
                }

                all.Add((p, paragraph));
            }
        }

        Array.Fill(pageStarts, -1);
        foreach (var (p, paragraph) in all)
        {
            {
                if (pageStarts[p] < 0)
                {
                    pageStarts[p] = text.Length;
                }

                var content = Normalise(Join(paragraph.Lines, vocabulary));
                if (content.Length == 0)
                {
                    continue;
                }

                if (paragraph.Heading)
                {
                    headings.Add(text.Length);
                }

                text.Append(content).Append("\n\n");
            }
        }

        // A page with no paragraph of its own (a figure page, or one continued paragraph) starts where the next one does.
        for (var p = pages.Count - 1; p >= 0; p--)
        {
            if (pageStarts[p] < 0)
            {
                pageStarts[p] = p + 1 < pages.Count ? pageStarts[p + 1] : text.Length;
            }
        }

        return new Result(text.ToString(), pageStarts, headings);
    }

    /// <summary>The page number (1-based) of the character at <paramref name="offset"/>.</summary>
    public static int PageOf(IReadOnlyList<int> pageStarts, int offset)
    {
        var page = 1;
        for (var i = 1; i < pageStarts.Count && pageStarts[i] <= offset; i++)
        {
            page = i + 1;
        }

        return page;
    }

    private static readonly char[] Punctuation = ".,;:()[]{}\"'“”‘’!?".ToCharArray();

    private static string FirstLine(string message)
    {
        var line = message.Split('\n')[0].Trim();
        return line.Length > 120 ? line[..120] : line;
    }

    /// <summary>The page's lines in reading order: full-width lines split the page into bands, each band read left column first.</summary>
    private static List<Line> Lines(Page page)
    {
        var words = NearestNeighbourWordExtractor.Instance.GetWords(page.Letters)
            .Where(w => !string.IsNullOrWhiteSpace(w.Text))
            .Select(ToWord).ToList();
        if (words.Count == 0)
        {
            return [];
        }

        var gutter = FindGutter(words, page.Width);
        var raw = new List<List<Word>>();
        foreach (var word in words.OrderByDescending(w => w.Baseline).ThenBy(w => w.Left))
        {
            // Same line: baselines within a third of the font size (superscripts sit higher and still belong to their line).
            var line = raw.LastOrDefault(l => Math.Abs(l[0].Baseline - word.Baseline) < Math.Max(1.5, 0.35 * l[0].Size)
                || (word.Size < 0.85 * l[0].Size && word.Bottom < l[0].Top && word.Top > l[0].Baseline));
            if (line is null)
            {
                raw.Add([word]);
            }
            else
            {
                line.Add(word);
            }
        }

        var lines = new List<Line>();
        foreach (var group in raw)
        {
            group.Sort((a, b) => a.Left.CompareTo(b.Left));
            // Two column lines at one height, unless a word crosses the gutter; a word of the left column that overflows into it
            // (a long URL) still leaves a gap of its own near the gutter.
            var split = gutter is double g ? SplitAt(group, g) : null;
            if (split is double x)
            {
                var left = group.Where(w => w.Right <= x).ToList();
                var right = group.Where(w => w.Left >= x).ToList();
                if (left.Count > 0)
                {
                    lines.Add(new Line(left, 1));
                }

                if (right.Count > 0)
                {
                    lines.Add(new Line(right, 2));
                }
            }
            else
            {
                lines.Add(new Line(group, 0));
            }
        }

        // Bands: runs of column lines between full-width lines, top to bottom; in each, the left column, then the right.
        var ordered = new List<Line>();
        var band = new List<Line>();
        void Flush()
        {
            ordered.AddRange(band.Where(l => l.Column == 1).OrderByDescending(l => l.Baseline));
            ordered.AddRange(band.Where(l => l.Column == 2).OrderByDescending(l => l.Baseline));
            band.Clear();
        }

        foreach (var line in lines.OrderByDescending(l => l.Baseline))
        {
            if (line.Column == 0)
            {
                Flush();
                ordered.Add(line);
            }
            else
            {
                band.Add(line);
            }
        }

        Flush();
        return ordered;
    }

    /// <summary>Where a line at one height splits into its two column parts, or null when it is one full-width line.</summary>
    private static double? SplitAt(List<Word> line, double gutter)
    {
        if (!line.Any(w => w.Left < gutter && w.Right > gutter))
        {
            return gutter;
        }

        for (var i = 0; i + 1 < line.Count; i++)
        {
            var (a, b) = (line[i], line[i + 1]);
            var gap = b.Left - a.Right;
            if (gap > 1.2 * a.Size && a.Right < gutter + (3 * a.Size) && b.Left > gutter - (3 * a.Size))
            {
                return (a.Right + b.Left) / 2;
            }
        }

        return null;
    }

    private static Word ToWord(UglyToad.PdfPig.Content.Word w)
    {
        var letters = w.Letters;
        var size = letters.GroupBy(l => Math.Round(l.PointSize, 1)).MaxBy(g => g.Count())!.Key;
        var font = letters[0].FontName ?? "";
        var bold = font.Contains("Bold", StringComparison.OrdinalIgnoreCase) || font.Contains("CMBX", StringComparison.OrdinalIgnoreCase)
            || font.Contains("LMRoman10-Bold", StringComparison.OrdinalIgnoreCase) || Regex.IsMatch(font, @"(?:^|[+-])(?:SFBX|LMBX|CMB)\d", RegexOptions.CultureInvariant);
        var baseline = letters.GroupBy(l => Math.Round(l.StartBaseLine.Y, 0)).MaxBy(g => g.Count())!.First().StartBaseLine.Y;
        return new Word(w.Text, w.BoundingBox.Left, w.BoundingBox.Right, w.BoundingBox.Bottom, w.BoundingBox.Top, baseline, size, bold);
    }

    /// <summary>
    /// The x of a vertical gap near the middle of the page that most lines respect: two columns. Null for a one-column page.
    /// </summary>
    private static double? FindGutter(List<Word> words, double width)
    {
        const int Bins = 200;
        var cover = new int[Bins];
        foreach (var w in words)
        {
            var from = Math.Clamp((int)(w.Left / width * Bins), 0, Bins - 1);
            var to = Math.Clamp((int)(w.Right / width * Bins), 0, Bins - 1);
            for (var b = from; b <= to; b++)
            {
                cover[b]++;
            }
        }

        // The emptiest run between 35 % and 65 % of the width, with many words on both sides.
        int best = -1, bestCover = int.MaxValue;
        for (var b = (int)(Bins * 0.35); b <= (int)(Bins * 0.65); b++)
        {
            if (cover[b] < bestCover || (cover[b] == bestCover && Math.Abs(b - (Bins / 2)) < Math.Abs(best - (Bins / 2))))
            {
                (best, bestCover) = (b, cover[b]);
            }
        }

        var x = (best + 0.5) * width / Bins;
        var leftWords = words.Count(w => w.Right <= x);
        var rightWords = words.Count(w => w.Left >= x);
        var crossingRows = words.Where(w => w.Left < x && w.Right > x).Select(w => Math.Round(w.Baseline)).Distinct().Count();
        var leftRows = words.Where(w => w.Right <= x).Select(w => Math.Round(w.Baseline)).Distinct().Count();
        var rightRows = words.Where(w => w.Left >= x).Select(w => Math.Round(w.Baseline)).Distinct().Count();

        // One-column text crosses the middle on almost every line; two columns leave it empty but for spanning lines and the
        // odd unbreakable word (a DOI) that overflows its column.
        var rows = words.Select(w => Math.Round(w.Baseline)).Distinct().Count();
        return leftRows >= 5 && rightRows >= 5 && crossingRows * 3 < rows && leftWords > 0.15 * words.Count && rightWords > 0.15 * words.Count ? x : null;
    }

    /// <summary>Running heads, footers and page numbers: the first and last lines of a page when they are a page number, repeat on other pages (digits aside) or carry the page's own number.</summary>
    private static void RemoveFurniture(List<(List<Line> Lines, double Height)> pages)
    {
        static string Key(Line l) => Regex.Replace(l.Text, @"\d+", "#", RegexOptions.CultureInvariant).ToLowerInvariant();
        var candidates = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (lines, height) in pages)
        {
            foreach (var line in Edges(lines, height).Distinct())
            {
                candidates[Key(line)] = candidates.GetValueOrDefault(Key(line)) + 1;
            }
        }

        for (var p = 0; p < pages.Count; p++)
        {
            var (lines, height) = pages[p];
            foreach (var line in Edges(lines, height).Distinct().ToList())
            {
                var text = line.Text.Trim();
                var number = (p + 1).ToString(CultureInfo.InvariantCulture);
                var ownNumber = text.Split(' ').Contains(number) && line.Words.Count <= 12 && Apart(lines, line);
                if (PageNumber().IsMatch(text) || (candidates[Key(line)] >= 2 && text.Length <= 100) || ownNumber)
                {
                    lines.Remove(line);
                }
            }
        }
    }

    /// <summary>The top and bottom lines of a page (in the outer fifth of it): where running heads, footers and page numbers sit.</summary>
    private static IEnumerable<Line> Edges(List<Line> lines, double height)
    {
        if (lines.Count == 0)
        {
            yield break;
        }

        var top = lines.Max(l => l.Baseline);
        var bottom = lines.Min(l => l.Baseline);
        foreach (var line in lines)
        {
            if ((line.Baseline >= top - 1 && line.Baseline > height * 0.8) || (line.Baseline <= bottom + 1 && line.Baseline < height * 0.2))
            {
                yield return line;
            }
        }
    }

    /// <summary>True when <paramref name="line"/> stands apart from the nearest other line by more than two body lines (furniture does).</summary>
    private static bool Apart(List<Line> lines, Line line)
    {
        var others = lines.Where(l => !ReferenceEquals(l, line)).Select(l => Math.Abs(l.Baseline - line.Baseline)).DefaultIfEmpty(double.MaxValue).Min();
        return others > 2.2 * line.Size;
    }

    private sealed record Paragraph(List<Line> Lines, bool Heading, bool OpensColumn = false, bool ClosesColumn = false);

    /// <summary>True when a line ending a column and the line opening the next belong to one sentence.</summary>
    private static bool RunsOn(string end, string next) =>
        end.Length > 0 && next.Length > 0 && !".!?:。！？".Contains(end[^1], StringComparison.Ordinal)
        && (char.IsLower(next[0]) || end[^1] == '-' || end[^1] == ',');

    /// <summary>
    /// Groups a page's lines into paragraphs: a new one starts at a vertical gap, a change of font size or weight, a first-line
    /// indent, or after a line that stops short of the column's right edge; in the references each entry is one.
    /// </summary>
    private static List<Paragraph> Paragraphs(List<Line> lines, double bodySize, bool inReferences)
    {
        var result = new List<Paragraph>();
        if (lines.Count == 0)
        {
            return result;
        }

        var margins = lines.GroupBy(l => l.Column).ToDictionary(
            g => g.Key,
            g => (Left: g.GroupBy(l => Math.Round(l.Left)).MaxBy(h => h.Count())!.Key, Right: g.GroupBy(l => Math.Round(l.Right)).MaxBy(h => h.Count())!.Key));
        var spacing = lines.Zip(lines.Skip(1)).Where(p => p.First.Column == p.Second.Column && p.First.Baseline > p.Second.Baseline)
            .Select(p => p.First.Baseline - p.Second.Baseline).Order().ToList();
        var lineSpacing = spacing.Count > 0 ? spacing[spacing.Count / 2] : bodySize * 1.2;

        List<Line>? current = null;
        var currentHeading = false;
        void Close()
        {
            if (current is { Count: > 0 })
            {
                result.Add(new Paragraph(current, currentHeading));
                if (currentHeading)
                {
                    // Entries follow a references heading; any other heading ends them.
                    inReferences = ReferencesHeading().IsMatch(string.Join(' ', current.Select(l => l.Text)));
                }
            }

            current = null;
        }

        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var heading = IsHeadingLine(line, bodySize);
            if (current is null)
            {
                current = [line];
                currentHeading = heading;
                continue;
            }

            var previous = current[^1];
            var left = margins[line.Column].Left;
            var right = margins[previous.Column].Right;
            var gap = previous.Column == line.Column && previous.Baseline > line.Baseline ? previous.Baseline - line.Baseline : lineSpacing;
            var scale = Math.Max(1.0, Math.Max(line.Size, previous.Size) / bodySize);
            var fontChange = heading != currentHeading || Math.Abs(line.Size - previous.Size) > 0.6;
            var indented = line.Left > left + (0.8 * line.Size) && line.Left < left + (4 * line.Size);
            var shortPrevious = previous.Right < right - (2.5 * previous.Size) && !currentHeading;
            // An indent after a full line is a hanging indent (a reference entry going on), not a new paragraph.
            var endsSentence = previous.Text.Length > 0 && ".!?:。！？".Contains(previous.Text[^1], StringComparison.Ordinal);
            var breakHere = fontChange || gap > lineSpacing * 1.45 * scale || (!inReferences && ((indented && endsSentence) || shortPrevious));
            if (!currentHeading && ReferenceStart().IsMatch(line.Text) && (inReferences || line.Left <= left + (0.5 * line.Size)))
            {
                // Each entry, not the page of them, is one block; a hanging indent marks the entry's continuation lines.
                breakHere = true;
            }

            if (breakHere)
            {
                Close();
                current = [line];
                currentHeading = heading;
            }
            else
            {
                current.Add(line);
            }

        }

        Close();

        // Which paragraphs open or close a column (or the page): where a paragraph may run on to the next.
        for (var k = 0; k < result.Count; k++)
        {
            var first = lines.IndexOf(result[k].Lines[0]);
            var last = lines.IndexOf(result[k].Lines[^1]);
            var opens = first == 0 || lines[first - 1].Column != lines[first].Column;
            var closes = last == lines.Count - 1 || lines[last + 1].Column != lines[last].Column;
            result[k] = result[k] with { OpensColumn = opens, ClosesColumn = closes };
        }

        // A short run of heading-font lines (at most three, under 150 characters) is a heading; a longer one is emphasis.
        return result.Select(p => p.Heading && (p.Lines.Count > 3 || p.Lines.Sum(l => l.Text.Length) > 150) ? p with { Heading = false } : p).ToList();
    }

    private static bool IsHeadingLine(Line line, double bodySize) =>
        line.Size >= bodySize * 1.12 || (line.Bold && line.Text.Length <= 120 && line.Size >= bodySize * 0.95);

    /// <summary>Joins a paragraph's lines with single spaces, re-joining words hyphenated at a line end.</summary>
    private static string Join(List<Line> lines, HashSet<string> vocabulary)
    {
        var builder = new StringBuilder();
        foreach (var line in lines)
        {
            var text = line.Text;
            if (builder.Length > 0)
            {
                var last = builder[^1];
                if (last is '-' or '\u00AD' or '\u2010' && builder.Length >= 2 && char.IsLetter(builder[^2]) && text.Length > 0
                    && char.IsLetter(text[0]))
                {
                    // TeX breaks words at syllables and compounds at their hyphen: keep the hyphen when the document spells the
                    // word with it elsewhere, or not at all without it.
                    var head = TrailingWord(builder);
                    var tail = new string(text.TakeWhile(c => char.IsLetter(c) || c == '-').ToArray());
                    var joined = (head[..^1] + tail).ToLowerInvariant();
                    var hyphenated = (head + tail).ToLowerInvariant();
                    var headWord = head[..^1].ToLowerInvariant().Trim(Punctuation);
                    var tailWord = tail.ToLowerInvariant().Trim(Punctuation);
                    // TeX breaks a word with a hyphen in it only at that hyphen, and leaves at least three letters after a
                    // syllable break: both tell an explicit hyphen.
                    var tailLetters = tail.TakeWhile(char.IsLetter).Count();
                    var explicitHyphen = vocabulary.Contains(hyphenated.Trim(Punctuation)) || tail.Contains('-', StringComparison.Ordinal)
                        || head[..^1].Contains('-', StringComparison.Ordinal) || tailLetters < 3
                        || (headWord.Length >= 3 && tailWord.Length >= 3 && vocabulary.Contains(headWord) && vocabulary.Contains(tailWord));
                    // A capital after the break ("Chat-" "GPT") is a compound unless the document writes the word whole; a
                    // word in capitals ("PERSPEC-" "TIVE") breaks at syllables like any other.
                    explicitHyphen |= char.IsUpper(text[0]) && !char.IsUpper(builder[^2]);
                    explicitHyphen |= CompoundHeads.Contains(headWord) || CompoundTails.Contains(tailWord);
                    var keep = last != '\u00AD' && !vocabulary.Contains(joined.Trim(Punctuation)) && explicitHyphen;
                    if (!keep)
                    {
                        builder.Length--;
                    }
                }
                else if (!(IsCjk(last) && text.Length > 0 && IsCjk(text[0])))
                {
                    builder.Append(' ');
                }
            }

            builder.Append(text);
        }

        return builder.ToString();
    }

    /// <summary>
    /// Halves of English compound modifiers that are written with a hyphen ("low-quality", "first-principles", "Nickel-based"),
    /// for breaks the document's own vocabulary cannot decide; a word the document also writes whole still wins.
    /// </summary>
    private static readonly HashSet<string> CompoundHeads = new(StringComparer.Ordinal)
    {
        "low", "high", "pre", "non", "self", "well", "first", "one", "two", "three", "multi", "cross", "long", "short", "large",
        "small", "semi", "anti", "auto", "common", "state", "fine", "data", "deep", "time",
    };

    private static readonly HashSet<string> CompoundTails = new(StringComparer.Ordinal)
    {
        "based", "driven", "free", "wide", "scale", "level", "specific", "dependent", "aware", "related", "informed", "guided", "oriented",
    };

    private static bool IsCjk(char c) => c is >= '\u3000' and <= '\u9FFF' or >= '\uF900' and <= '\uFAFF' or >= '\uFF00' and <= '\uFFEF';

    private static string TrailingWord(StringBuilder builder)
    {
        var i = builder.Length - 1;
        while (i > 0 && !char.IsWhiteSpace(builder[i - 1]))
        {
            i--;
        }

        return builder.ToString(i, builder.Length - i);
    }

    /// <summary>
    /// Ligatures, compatibility spaces and invisible characters become their plain forms: the safe part of NFKC. Full NFKC is not
    /// applied: it would turn <c>m²</c> into <c>m2</c> and Chinese full-width punctuation into ASCII.
    /// </summary>
    internal static string Normalise(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            switch (c)
            {
                case >= '\uFB00' and <= '\uFB06':
                    builder.Append(Ligatures[c - '\uFB00']);
                    break;
                case '\u00A0' or (>= '\u2000' and <= '\u200A') or '\u202F' or '\u205F':
                    builder.Append(' ');
                    break;
                case '\u00AD' or '\u200B' or '\u200C' or '\u200D' or '\uFEFF':
                    break;
                case '\u2011':
                    builder.Append('-');
                    break;
                case '\0' or (< ' ' and not '\t'):
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        return Regex.Replace(builder.ToString(), @" {2,}", " ", RegexOptions.CultureInvariant).Trim();
    }

    /// <summary>U+FB00–FB06 spelled out (by hand: the project runs with invariant globalization, where string.Normalize does not decompose them).</summary>
    private static readonly string[] Ligatures = ["ff", "fi", "fl", "ffi", "ffl", "st", "st"];
}
