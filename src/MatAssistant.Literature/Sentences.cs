using System.Collections.Frozen;

namespace MatAssistant.Literature;

/// <summary>
/// Sentence boundaries in English and Chinese text, aware of the abbreviations of scientific writing
/// (<c>et al.</c>, <c>Fig. 2</c>, <c>e.g.</c>, initials). Written by hand: the .NET libraries that segment sentences
/// (ICU) are not in the package mirror and know nothing of citations.
/// </summary>
public static class Sentences
{
    private static readonly FrozenSet<string> Abbreviations = new[]
    {
        "al", "fig", "figs", "eq", "eqs", "ref", "refs", "e.g", "i.e", "etc", "vs", "dr", "mr", "ms", "prof", "no", "vol",
        "pp", "cf", "approx", "ca", "resp", "sec", "tab", "ed", "eds", "jr", "sr", "st", "inc", "ltd", "co", "corp",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The sentences of <c>text[start..end)</c>, trimmed, covering every non-space character of it.</summary>
    public static List<SentenceSpan> Split(string text, int start, int end)
    {
        var result = new List<SentenceSpan>();
        var sentenceStart = start;
        for (var i = start; i < end; i++)
        {
            var c = text[i];
            var boundary = c switch
            {
                '。' or '！' or '？' => i + 1,
                '.' or '!' or '?' => EnglishBoundary(text, i, end),
                _ => -1,
            };
            if (boundary < 0)
            {
                continue;
            }

            // Closing quotes and brackets belong to the sentence they close.
            while (boundary < end && text[boundary] is '"' or '”' or '’' or ')' or '」')
            {
                boundary++;
            }

            Add(text, result, sentenceStart, boundary);
            sentenceStart = boundary;
            i = boundary - 1;
        }

        Add(text, result, sentenceStart, end);
        return result;
    }

    private static void Add(string text, List<SentenceSpan> result, int start, int end)
    {
        var (s, e) = TextSpans.Trim(text, start, end);
        if (e > s)
        {
            result.Add(new SentenceSpan(s, e));
        }
    }

    /// <summary>The end of a sentence closed by the period at <paramref name="i"/>, or -1 when it does not close one.</summary>
    private static int EnglishBoundary(string text, int i, int end)
    {
        var next = i + 1;
        while (next < end && text[next] is '"' or '”' or '’' or ')' or '*')
        {
            next++;
        }

        if (next >= end)
        {
            return end;
        }

        if (!char.IsWhiteSpace(text[next]))
        {
            return -1; // 3.5, e.g., arXiv:1312.6114, F.A.I.R.
        }

        var after = next;
        while (after < end && char.IsWhiteSpace(text[after]))
        {
            after++;
        }

        if (after >= end)
        {
            return next;
        }

        var following = text[after];
        if (!(char.IsUpper(following) || char.IsDigit(following) || following is '"' or '“' or '(' or '[' or '$' or '*' || TextSpans.IsCjk(following)))
        {
            return -1;
        }

        if (text[i] != '.')
        {
            return next;
        }

        // The word before the period: an abbreviation or a single initial does not end a sentence.
        var wordStart = i;
        while (wordStart > 0 && (char.IsLetter(text[wordStart - 1]) || text[wordStart - 1] == '.'))
        {
            wordStart--;
        }

        var word = text.AsSpan(wordStart, i - wordStart);
        if (word.Length == 1 && char.IsUpper(word[0]))
        {
            return -1;
        }

        // A dotted abbreviation (F.A.I.R., U.S., e.g.) ends a sentence only before a capitalised word.
        if (word.Contains('.') && !char.IsUpper(following))
        {
            return -1;
        }

        var lookup = Abbreviations.GetAlternateLookup<ReadOnlySpan<char>>();
        return lookup.Contains(word) ? -1 : next;
    }
}
