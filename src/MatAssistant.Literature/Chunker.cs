namespace MatAssistant.Literature;

/// <summary>Options of <see cref="Chunker"/>.</summary>
/// <param name="TargetChars">A chunk closes once it holds this many characters (default 600): about a claim with its context.</param>
/// <param name="TargetCjkChars">The same for Chinese text, denser per character (default 300).</param>
/// <param name="MaxSentenceChars">A longer "sentence" (a run-on table row, a formula dump) is cut at white space (default 1500).</param>
public sealed record ChunkerOptions(int TargetChars = 600, int TargetCjkChars = 300, int MaxSentenceChars = 1500)
{
    public static ChunkerOptions Default { get; } = new();
}

/// <summary>Cuts blocks into chunks of whole sentences, each <c>text[Start..End)</c> of the original file.</summary>
public static class Chunker
{
    public static List<Chunk> Split(ParsedDocument document, ChunkerOptions? options = null)
    {
        options ??= ChunkerOptions.Default;
        var chunks = new List<Chunk>();
        var text = document.Text;
        foreach (var block in document.Blocks)
        {
            if (block.Kind is BlockKind.Heading or BlockKind.Title)
            {
                continue; // Headings and titles are indexed as fields of the chunks under them.
            }

            var target = TextSpans.DetectLanguage(text.AsSpan(block.Start, block.End - block.Start)) == "zh" ? options.TargetCjkChars : options.TargetChars;
            var units = block.Kind is BlockKind.Table or BlockKind.List or BlockKind.Reference or BlockKind.Front or BlockKind.Code
                ? Lines(text, block.Start, block.End)
                : Sentences.Split(text, block.Start, block.End);
            var pieces = units.SelectMany(u => CutLong(text, u, options.MaxSentenceChars)).ToList();
            var i = 0;
            while (i < pieces.Count)
            {
                var start = pieces[i].Start;
                var end = pieces[i].End;
                i++;
                while (i < pieces.Count && end - start < target && pieces[i].End - start <= target * 3 / 2)
                {
                    end = pieces[i].End;
                    i++;
                }

                // A short tail joins the previous chunk of the same block rather than standing alone.
                if (i == pieces.Count && end - start < target / 4 && chunks.Count > 0 && chunks[^1].End <= start && SameBlock(chunks[^1], block))
                {
                    var last = chunks[^1];
                    chunks[^1] = last with { End = end, Text = text[last.Start..end] };
                    continue;
                }

                chunks.Add(new Chunk(document.Name, chunks.Count, block.Kind, block.Section, start, end, text[start..end], document.PageOf(start)));
            }
        }

        return chunks;
    }

    private static bool SameBlock(Chunk chunk, TextBlock block) => chunk.Start >= block.Start && chunk.End <= block.End;

    private static List<SentenceSpan> Lines(string text, int start, int end)
    {
        var lines = new List<SentenceSpan>();
        var position = start;
        while (position < end)
        {
            var newline = text.IndexOf('\n', position, end - position);
            var lineEnd = newline < 0 ? end : newline;
            var (s, e) = TextSpans.Trim(text, position, lineEnd);
            if (e > s)
            {
                lines.Add(new SentenceSpan(s, e));
            }

            position = lineEnd + 1;
        }

        return lines;
    }

    private static IEnumerable<SentenceSpan> CutLong(string text, SentenceSpan span, int max)
    {
        var start = span.Start;
        while (span.End - start > max)
        {
            var cut = text.LastIndexOf(' ', start + max, max / 2);
            if (cut <= start)
            {
                cut = start + max;
            }

            var (s, e) = TextSpans.Trim(text, start, cut);
            if (e > s)
            {
                yield return new SentenceSpan(s, e);
            }

            start = cut;
        }

        var (ts, te) = TextSpans.Trim(text, start, span.End);
        if (te > ts)
        {
            yield return new SentenceSpan(ts, te);
        }
    }
}
