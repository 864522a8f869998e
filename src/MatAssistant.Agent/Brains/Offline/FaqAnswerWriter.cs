using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using MatAssistant.Agent.Planning;
using MatAssistant.Application.Literature;

namespace MatAssistant.Agent.Brains.Offline;

/// <summary>
/// The offline planner's extractive answers to questions: the corpus's own sentences, most relevant first, each followed by
/// the number of the passage it comes from. Definitions and acronym expansions found at ingest lead when the question asks
/// what something is. When no retrieved sentence shares a content word with the question, it says the corpus does not cover it.
/// </summary>
internal static partial class FaqAnswerWriter
{
    private const int MaxSentences = 4;

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "does", "did", "the", "and", "for", "are", "was",
        "were", "is", "this", "that", "these", "those", "with", "from", "into", "about", "explain", "describe", "define", "tell",
        "their", "there", "they", "them", "have", "has", "had", "can", "could", "would", "should", "will", "its", "it's", "between",
        "difference", "mean", "means", "stand", "refer", "used", "use", "using", "some", "any", "all", "more", "most", "other",
        "such", "than", "then", "also", "been", "being", "two", "one", "you", "your", "our", "not", "but", "via", "per", "two",
    };

    public static void Write(StringBuilder builder, ParsedRequest request, RetrieveResult result)
    {
        if (result.Passages.Count == 0)
        {
            builder.AppendLine("The corpus does not cover this question: no passage of the indexed documents matches it.");
            return;
        }

        var cjk = CjkPattern().IsMatch(request.Text);
        var queryWords = cjk ? Bigrams(request.Text) : ContentWords(request.Text);

        // A sentence must share two content words with the question (one when the question has only one), or half the
        // question's character pairs in Chinese: one shared common word ("point") is not support.
        var needed = cjk ? Math.Max(2, (queryWords.Count + 1) / 2) : Math.Min(2, Math.Max(1, queryWords.Count));

        // Names and acronyms of the question (CDVAE, GFlowNet, F.A.I.R.) are support on their own.
        var keyTerms = KeyTerm().Matches(request.Text).Select(m => Undotted(m.Value)).Where(k => k.Length >= 3).ToHashSet(StringComparer.Ordinal);
        var lines = new List<string>();
        var usedPassages = new HashSet<int>();
        var usedText = new HashSet<string>(StringComparer.Ordinal);

        // Knowledge about the subject first: "X stands for …", then a definitional sentence.
        var subject = request.Subject;
        if (subject is not null)
        {
            foreach (var fact in result.Facts.Where(f => f.Kind == "acronym" && Same(f.Subject, subject)).Take(1))
            {
                lines.Add($"{fact.Subject} stands for *{fact.Value}* [{fact.Passage}].");
                usedPassages.Add(fact.Passage);
            }

            foreach (var fact in result.Facts.Where(f => f.Kind == "definition" && (Same(f.Subject, subject) || Mentions(request.Text, f.Subject))).Take(1))
            {
                var passage = result.Passages.First(p => p.Number == fact.Passage);
                var sentence = passage.Sentences.Count > 0 ? passage.Sentences[0].Text : fact.Value;
                if (usedText.Add(Clean(sentence)))
                {
                    lines.Add(Cite(sentence, fact.Passage));
                    usedPassages.Add(fact.Passage);
                }
            }
        }

        var supported = lines.Count > 0;

        // One candidate sentence per passage; then the best-supported candidates across all passages, not the first ones.
        var candidates = new List<(int Passage, string Text, int Overlap, double Score)>();
        foreach (var passage in result.Passages.Where(p => p.Score > 0 && !usedPassages.Contains(p.Number)))
        {
            var best = passage.Sentences
                .Select(s => (s, Overlap: (cjk ? Bigrams(s.Text) : ContentWords(s.Text)).Intersect(queryWords).Count() + (keyTerms.Any(k => Undotted(s.Text).Contains(k, StringComparison.Ordinal)) ? needed : 0)))
                .Where(x => x.Overlap >= needed && x.s.Text.Length >= (cjk ? 10 : 25))
                .OrderByDescending(x => x.Overlap).ThenByDescending(x => x.s.Score)
                .FirstOrDefault();
            if (best.s is not null)
            {
                candidates.Add((passage.Number, best.s.Text, best.Overlap, passage.Score));
            }
        }

        foreach (var c in candidates.OrderByDescending(c => c.Overlap).ThenByDescending(c => c.Score))
        {
            if (lines.Count >= MaxSentences)
            {
                break;
            }

            if (usedText.Add(Clean(c.Text)))
            {
                supported = true;
                lines.Add(Cite(c.Text, c.Passage));
                usedPassages.Add(c.Passage);
            }
        }

        if (!supported)
        {
            var closest = result.Passages[0];
            builder.AppendLine(CultureInfo.InvariantCulture, $"The corpus does not appear to cover this: none of the retrieved passages addresses the question. The closest is in *{closest.Title}*, section \"{closest.Section}\".");
            return;
        }

        builder.AppendLine(string.Join(cjk ? string.Empty : " ", lines));
    }

    /// <summary>The cleaned sentence with its citation before the closing punctuation: "… in a diffusion process [2]."</summary>
    private static string Cite(string sentence, int number)
    {
        var text = Clean(sentence);
        return $"{text[..^1]} [{number}]{text[^1]}";
    }

    private static HashSet<string> Bigrams(string text)
    {
        var han = string.Concat(text.Where(c => c is >= '\u4e00' and <= '\u9fff'));
        var pairs = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < han.Length; i++)
        {
            var pair = han.Substring(i, 2);
            if (!ChineseStopPairs.Contains(pair))
            {
                pairs.Add(pair);
            }
        }

        return pairs;
    }

    private static readonly HashSet<string> ChineseStopPairs = new(StringComparer.Ordinal) { "什么", "么是", "是什", "如何", "怎么", "为什", "么样", "哪些", "是一", "一种" };

    /// <summary>The question names the fact's subject ("… of a generative adversarial network" names "generative adversarial network").</summary>
    private static bool Mentions(string question, string subject) =>
        subject.Trim().Length >= 3 && Regex.IsMatch(question, $@"\b{Regex.Escape(subject.Trim())}s?\b", RegexOptions.IgnoreCase);

    private static bool Same(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

    /// <summary>The sentence as displayed: line breaks of the source text joined, spaces collapsed. The citation keeps the verbatim text.</summary>
    private static string Clean(string sentence)
    {
        var text = Whitespace().Replace(ReferenceMarker().Replace(sentence.Trim(), string.Empty), " ").Replace(" ,", ",", StringComparison.Ordinal).Replace(" .", ".", StringComparison.Ordinal);
        text = text.TrimEnd(';', ':', ',', '；', '：', '，').TrimEnd();
        return text.EndsWith('.') || text.EndsWith('。') || text.EndsWith('?') || text.EndsWith('!') ? text : text + (CjkPattern().IsMatch(text) ? "。" : ".");
    }

    private static HashSet<string> ContentWords(string text) =>
        WordPattern().Matches(text.ToLowerInvariant()).Select(m => Stem(m.Value)).Where(w => w.Length >= 3 && !StopWords.Contains(w)).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// A light suffix stripper so that "models" meets "model" and "sampling" meets "samples": enough for deciding whether a
    /// sentence is on topic (the index itself uses Lucene's English stemmer).
    /// </summary>
    private static string Stem(string word)
    {
        if (word.Length > 5 && word.EndsWith("ies", StringComparison.Ordinal))
        {
            return word[..^3] + "y";
        }

        foreach (var suffix in new[] { "ing", "ed", "es", "s", "e", "ly" })
        {
            if (word.EndsWith(suffix, StringComparison.Ordinal) && word.Length - suffix.Length >= 4 && !word.EndsWith("ss", StringComparison.Ordinal))
            {
                return word[..^suffix.Length];
            }
        }

        return word;
    }

    /// <summary>The documents' own reference markers ([15], [3, 4], [7–9]) would read as our citations.</summary>
    [GeneratedRegex(@"\s?\[\d+(?:\s*[-–,]\s*\d+)*\]")]
    private static partial Regex ReferenceMarker();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    /// <summary>Acronyms and coined names: two or more capitals in a word (CDVAE, GFlowNet, MatGAN), or dotted initials (F.A.I.R.).</summary>
    [GeneratedRegex(@"\b(?:[A-Z]\.){2,}[A-Z]?\.?|\b[A-Za-z]*[A-Z][a-z0-9]*[A-Z][A-Za-z0-9]*\b")]
    private static partial Regex KeyTerm();

    private static string Undotted(string text) => text.Replace(".", string.Empty, StringComparison.Ordinal);

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"[\u4e00-\u9fff]")]
    private static partial Regex CjkPattern();
}
