using System.Text.RegularExpressions;

namespace MatAssistant.Literature;

/// <summary>
/// Recovers the structure of a paper given as plain text (as extracted from a PDF): title, front matter, headings,
/// paragraphs (re-joined across page breaks), tables, captions and references, and drops page furniture.
/// Written by hand because no maintained .NET library recovers paper structure from plain text.
/// </summary>
internal static partial class PlainTextStructure
{
    private const int MaxHeadingLength = 120;
    private const int MaxFurnitureLength = 60;

    [GeneratedRegex(@"^(?:\d{1,2}(?:\.\d{1,2}){0,3}\.?)\s+[\p{Lu}\p{Lo}]", RegexOptions.CultureInvariant)]
    private static partial Regex NumberedHeading();

    [GeneratedRegex(@"\b(?:publishing|publishers?|press|copyright|all rights reserved|downloaded from|www\.|doi:|page \d+)|©", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex RunningHead();

    [GeneratedRegex(@"^(?:[IVX]{1,5})\.\s+\p{Lu}", RegexOptions.CultureInvariant)]
    private static partial Regex RomanHeading();

    [GeneratedRegex(@"^[A-H]\.\s+\p{Lu}\p{Ll}", RegexOptions.CultureInvariant)]
    private static partial Regex LetteredHeading();

    [GeneratedRegex(@"^(?:abstract|introduction|conclusions?|summary|discussion|methods?|results|acknowledge?ments?|references:?|bibliography|摘要|引言|结论|参考文献)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex NamedHeading();

    [GeneratedRegex(@"^(?:references:?|bibliography|参考文献)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ReferencesHeading();

    [GeneratedRegex(@"^(?:(?:fig\.|figure|table)\s*\d+[a-z]?(?:[.:|]|\s*$|\s*\r?\n)|[图表]\s*\d+)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex CaptionStart();

    [GeneratedRegex(@"^(?:-\s*)?(?:\[\d{1,3}\]\s|\d{1,3}\.\s+\p{Lu}[\p{L}'’\-]+,\s+\p{Lu}\.)", RegexOptions.CultureInvariant)]
    private static partial Regex ReferenceEntry();

    [GeneratedRegex(@"^(?:[-*•·]|\d{1,2}[.)])\s+\S", RegexOptions.CultureInvariant)]
    private static partial Regex ListItem();

    private readonly record struct Line(int Start, int End);

    private sealed record RawBlock(List<Line> Lines)
    {
        public int Start => Lines[0].Start;

        public int End => Lines[^1].End;
    }

    /// <summary>
    /// Parses <paramref name="text"/> into blocks; returns title, author line and blocks in order. <paramref name="headingStarts"/>
    /// names lines known to be headings from elsewhere (a PDF's font sizes) beside those the rules find.
    /// </summary>
    public static (string Title, string Authors, List<TextBlock> Blocks) Parse(string text, IReadOnlySet<int>? headingStarts = null)
    {
        var raw = SplitBlocks(text);
        var furniture = FindFurniture(text, raw);
        var blocks = new List<TextBlock>();
        string title = "", authors = "", section = "";
        var inReferences = false;
        var seenHeading = false;
        var titleIndex = FindTitle(text, raw, furniture);
        for (var i = 0; i < raw.Count; i++)
        {
            if (furniture.Contains(i))
            {
                continue;
            }

            var block = raw[i];
            var (start, end) = TextSpans.Trim(text, block.Start, block.End);
            if (start >= end || IsDecoration(text.AsSpan(start, end - start)))
            {
                continue;
            }

            var content = text[start..end];
            if (i == titleIndex)
            {
                title = content;
                blocks.Add(new TextBlock(BlockKind.Title, start, end, ""));
                continue;
            }

            // Between the title and the first heading: authors, affiliations, dates; before the title: journal labels.
            if (!seenHeading && !IsStructuralHeading(content) && (i < titleIndex || (titleIndex >= 0 && content.Length < 400)))
            {
                if (i > titleIndex && authors.Length == 0)
                {
                    authors = content;
                }

                blocks.Add(new TextBlock(BlockKind.Front, start, end, ""));
                continue;
            }

            if (block.Lines.Count == 1 && (IsHeading(text, raw, i, content) || (headingStarts?.Contains(start) == true && seenHeading)))
            {
                section = content;
                seenHeading = true;
                inReferences = ReferencesHeading().IsMatch(content);
                blocks.Add(new TextBlock(BlockKind.Heading, start, end, section));
                continue;
            }

            if (inReferences || IsReferenceBlock(text, block))
            {
                // Each entry a block of its own, so a citation quotes one reference, not a page of them.
                foreach (var line in block.Lines)
                {
                    var (ls, le) = TextSpans.Trim(text, line.Start, line.End);
                    if (le > ls && !IsDecoration(text.AsSpan(ls, le - ls)))
                    {
                        blocks.Add(new TextBlock(BlockKind.Reference, ls, le, inReferences ? section : "References"));
                    }
                }

                continue;
            }

            if (CaptionStart().IsMatch(content))
            {
                blocks.Add(new TextBlock(BlockKind.Caption, start, end, section));
                continue;
            }

            if (IsTable(text, block))
            {
                blocks.Add(new TextBlock(BlockKind.Table, start, end, section));
                continue;
            }

            if (LooksLikeFrontMatter(content) && content.Length < 200)
            {
                blocks.Add(new TextBlock(BlockKind.Front, start, end, section));
                continue;
            }

            var kind = IsList(text, block) ? BlockKind.List
                : IsAbstract(section) ? BlockKind.Abstract
                : BlockKind.Paragraph;

            // A paragraph cut by a page break continues after the blank line: join the two when the first does not end a
            // sentence and the second starts in lower case (or in Chinese), and nothing but white space lies between.
            if (kind is BlockKind.Paragraph or BlockKind.Abstract && blocks.Count > 0)
            {
                var previous = blocks[^1];
                if (previous.Kind == kind && previous.Section == section && ContinuesParagraph(text, previous.End, start))
                {
                    blocks[^1] = previous with { End = end };
                    continue;
                }
            }

            blocks.Add(new TextBlock(kind, start, end, section));
        }

        if (title.Length == 0)
        {
            // No title block: the first heading-like line stands in (documents with no front matter).
            var first = blocks.FirstOrDefault(b => b.Kind == BlockKind.Heading);
            title = first is null ? "" : text[first.Start..first.End];
        }

        return (title, authors, blocks);
    }

    private static List<RawBlock> SplitBlocks(string text)
    {
        var blocks = new List<RawBlock>();
        List<Line>? current = null;
        var position = 0;
        while (position <= text.Length)
        {
            var newline = text.IndexOf('\n', position);
            var lineEnd = newline < 0 ? text.Length : newline;
            var contentEnd = lineEnd > position && text[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
            if (text.AsSpan(position, contentEnd - position).IsWhiteSpace())
            {
                if (current is not null)
                {
                    blocks.Add(new RawBlock(current));
                    current = null;
                }
            }
            else
            {
                (current ??= []).Add(new Line(position, contentEnd));
            }

            if (newline < 0)
            {
                break;
            }

            position = newline + 1;
        }

        if (current is not null)
        {
            blocks.Add(new RawBlock(current));
        }

        return blocks;
    }

    /// <summary>
    /// Page furniture: short single lines that repeat in the document (running heads such as <c>EdEconomy Publishing</c>),
    /// and lines within two edits of one (OCR variants such as <c>Edfconomy Publishing</c>).
    /// </summary>
    private static HashSet<int> FindFurniture(string text, List<RawBlock> raw)
    {
        var candidates = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < raw.Count; i++)
        {
            if (raw[i].Lines.Count != 1)
            {
                continue;
            }

            var (s, e) = TextSpans.Trim(text, raw[i].Start, raw[i].End);
            if (e - s is 0 or > MaxFurnitureLength)
            {
                continue;
            }

            var content = text[s..e];
            if (NamedHeading().IsMatch(content) || NumberedHeading().IsMatch(content) || RomanHeading().IsMatch(content))
            {
                continue;
            }

            var key = content.ToLowerInvariant();
            if (!candidates.TryGetValue(key, out var list))
            {
                candidates[key] = list = [];
            }

            list.Add(i);
        }

        var repeated = candidates.Where(p => p.Value.Count >= 2).Select(p => p.Key).ToList();
        foreach (var (key, indices) in candidates)
        {
            // Publisher lines and running heads that occur once (one page survived the extraction) are furniture too.
            if (key.Length <= 40 && RunningHead().IsMatch(key))
            {
                repeated.Add(key);
            }
        }

        var furniture = new HashSet<int>();
        foreach (var (key, indices) in candidates)
        {
            if (repeated.Any(r => r == key || (Math.Abs(r.Length - key.Length) <= 2 && r.Length >= 10 && EditDistance(r, key) <= 2)))
            {
                furniture.UnionWith(indices);
            }
        }

        return furniture;
    }

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    /// <summary>The title: the first single-line block of at least four words (or eight CJK characters) before any heading.</summary>
    private static int FindTitle(string text, List<RawBlock> raw, HashSet<int> furniture)
    {
        for (var i = 0; i < Math.Min(raw.Count, 8); i++)
        {
            if (furniture.Contains(i))
            {
                continue;
            }

            var (s, e) = TextSpans.Trim(text, raw[i].Start, raw[i].End);
            var content = text[s..e];
            if (NamedHeading().IsMatch(content) || NumberedHeading().IsMatch(content) || RomanHeading().IsMatch(content))
            {
                return -1;
            }

            var words = content.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            var cjk = content.Count(TextSpans.IsCjk);
            if (raw[i].Lines.Count == 1 && content.Length <= 250 && (words >= 4 || cjk >= 8) && !content.Contains(',', StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsStructuralHeading(string content) =>
        NamedHeading().IsMatch(content) || RomanHeading().IsMatch(content) || NumberedHeading().IsMatch(content);

    private static bool IsHeading(string text, List<RawBlock> raw, int index, string content)
    {
        if (content.Length > MaxHeadingLength || content.EndsWith('.') || content.EndsWith('。') || content.EndsWith(','))
        {
            return false;
        }

        if (NamedHeading().IsMatch(content) || RomanHeading().IsMatch(content) || LetteredHeading().IsMatch(content))
        {
            return true;
        }

        if (NumberedHeading().IsMatch(content))
        {
            // "2. Openly assess dataset bias" inside a list is not a heading: a heading stands alone before a paragraph.
            return NextIsBody(text, raw, index);
        }

        // Unnumbered headings ("Evaluating Reliability and Accessibility"): short title-case lines followed by a paragraph.
        var words = content.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length is < 2 or > 10 || !char.IsUpper(content[0]) || content.IndexOfAny([':', ';', '(', '$']) >= 0 || CaptionStart().IsMatch(content))
        {
            return false;
        }

        var capitalised = words.Count(w => char.IsUpper(w[0]));
        return capitalised * 2 >= words.Length && NextIsBody(text, raw, index);
    }

    private static bool NextIsBody(string text, List<RawBlock> raw, int index)
    {
        if (index + 1 >= raw.Count)
        {
            return false;
        }

        var next = raw[index + 1];
        var (s, e) = TextSpans.Trim(text, next.Start, next.End);
        return e - s > MaxHeadingLength || (next.Lines.Count == 1 && (NumberedHeading().IsMatch(text.AsSpan(s, e - s)) || e - s > 60));
    }

    private static bool IsReferenceBlock(string text, RawBlock block)
    {
        var matches = block.Lines.Count(l => ReferenceEntry().IsMatch(text.AsSpan(l.Start, l.End - l.Start).TrimStart()));
        return matches * 2 > block.Lines.Count;
    }

    private static bool IsTable(string text, RawBlock block)
    {
        var tabbed = block.Lines.Count(l => text.AsSpan(l.Start, l.End - l.Start).Trim().Contains('\t'));
        return block.Lines.Count >= 2 ? tabbed * 2 >= block.Lines.Count : text.AsSpan(block.Start, block.End - block.Start).Count('\t') >= 2;
    }

    private static bool IsList(string text, RawBlock block) =>
        block.Lines.Count >= 2 && block.Lines.All(l => ListItem().IsMatch(text.AsSpan(l.Start, l.End - l.Start).TrimStart()));

    private static bool IsAbstract(string section)
    {
        var name = section.TrimEnd(':').Trim();
        var space = name.IndexOf(' ', StringComparison.Ordinal);
        if (space > 0 && RomanHeading().IsMatch(name))
        {
            name = name[(space + 1)..];
        }

        return name.Equals("abstract", StringComparison.OrdinalIgnoreCase) || name == "摘要";
    }

    private static bool LooksLikeFrontMatter(string content) =>
        content.Contains('@', StringComparison.Ordinal) || content.Contains("orcid", StringComparison.OrdinalIgnoreCase)
        || content.StartsWith("(Dated", StringComparison.Ordinal) || content.Contains("University", StringComparison.Ordinal) && content.Length < 200;

    private static bool IsDecoration(ReadOnlySpan<char> content)
    {
        foreach (var c in content)
        {
            if (char.IsLetterOrDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool ContinuesParagraph(string text, int previousEnd, int nextStart)
    {
        if (!text.AsSpan(previousEnd, nextStart - previousEnd).IsWhiteSpace())
        {
            return false;
        }

        var last = text[previousEnd - 1];
        if (last is '.' or '!' or '?' or '。' or '！' or '？' or ':' or '：')
        {
            return false;
        }

        var first = text[nextStart];
        return char.IsLower(first) || TextSpans.IsCjk(first) || last is ',' or '，' or ';' or '-';
    }
}
