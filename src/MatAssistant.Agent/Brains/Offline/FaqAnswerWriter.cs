using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using MatAssistant.Agent.Planning;
using MatAssistant.Application.Literature;
using MatAssistant.Literature;

namespace MatAssistant.Agent.Brains.Offline;

/// <summary>
/// The offline planner's extractive answers to literature questions, shaped by the kind of question
/// (<see cref="QuestionShape"/>): a definition first for "what is"; the items that follow an announcing colon for a list;
/// for a number, only a sentence holding a figure of the quantity and the entity asked, else "the corpus does not report
/// …"; the "however" sentence that follows for a weak point or a cause; a sentence from each side for a comparison; one
/// answer per sub-question; Chinese questions from Chinese passages. Each claim is a corpus sentence followed by the
/// number of its passage (the composer renumbers them in order of appearance and quotes them verbatim).
/// </summary>
internal static partial class FaqAnswerWriter
{
    /// <summary>At most this many cited units (a sentence, or a sentence with its continuation) in one answer.</summary>
    private const int MaxUnits = 5;

    /// <summary>A second sentence for the same sub-question must score this share of the best one: weaker ones pad.</summary>
    private const double SecondShare = 0.6;

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "does", "did", "the", "and", "for", "are", "was",
        "were", "is", "this", "that", "these", "those", "with", "from", "into", "about", "explain", "describe", "define", "tell",
        "their", "there", "they", "them", "have", "has", "had", "can", "could", "would", "should", "will", "its", "it's", "between",
        "difference", "mean", "means", "stand", "refer", "used", "use", "using", "some", "any", "all", "more", "most", "other",
        "such", "than", "then", "also", "been", "being", "two", "one", "you", "your", "our", "not", "but", "via", "per", "paper",
        "papers", "review", "author", "authors", "article", "say", "says", "according", "library", "corpus", "document", "documents",
        "mention", "mentions", "mentioned", "find", "found", "they're", "what's", "whats", "list", "give", "name", "many", "much",
        "really", "some", "point", "making", "make", "made", "kind", "sort", "thing", "things", "like", "just", "please",
    };

    private static readonly HashSet<string> ChineseStopPairs = new(StringComparer.Ordinal)
    {
        "什么", "么是", "是什", "如何", "怎么", "为什", "么样", "哪些", "是一", "一种", "他们", "文章", "们文", "章里", "里的", "的是", "讲的",
        "是谁", "了什", "么方", "么时", "还有", "有什", "么不", "已经", "哪类",
    };

    /// <summary>Words the papers write one way and users another ("parts" of a GAN, its "components").</summary>
    private static readonly Dictionary<string, string> Synonyms = new(StringComparer.Ordinal)
    {
        ["part"] = "component", ["parts"] = "component", ["components"] = "component", ["speed"] = "accelerat", ["accelerate"] = "accelerat",
        ["accelerated"] = "accelerat", ["accelerating"] = "accelerat", ["drawback"] = "limitation", ["drawbacks"] = "limitation",
        ["weakness"] = "limitation", ["shortcoming"] = "limitation", ["shortcomings"] = "limitation", ["limitations"] = "limitation",
    };

    public static void Write(StringBuilder builder, ParsedRequest request, RetrieveResult result)
    {
        if (result.Passages.Count == 0)
        {
            builder.AppendLine("The corpus does not cover this question: no passage of the indexed documents matches it.");
            return;
        }

        if (LibraryAnswerWriter.Write(builder, request, result))
        {
            return;
        }

        if (result.Facts.Where(f => f.Kind == "scope").ToList() is { Count: > 0 } scope)
        {
            // The question named its source: say which documents were searched, so a miss is not read as the library's.
            var titles = scope.Select(f => $"*{f.Value}*").Distinct(StringComparer.Ordinal);
            var by = scope.Select(f => f.Subject).Distinct(StringComparer.Ordinal).Select(w => w.StartsWith("the ", StringComparison.Ordinal) ? $"\"{w}\"" : $"{w} (author)");
            builder.AppendLine(CultureInfo.InvariantCulture, $"Searched only {string.Join(" and ", titles)}, which the question names as its source: {string.Join(", ", by)}.");
        }

        // Inside a source the question names, its name is no longer a term to match ("the Design Without Understanding paper").
        var asked = result.Facts.Any(f => f.Kind == "scope") ? LibraryQuestions.WithoutSource(request.Text) : request.Text;
        var shape = QuestionShape.Read(asked);
        if (request.Intent != RequestIntent.Faq && request.Formulas.Count > 0)
        {
            // The formulas of an explain-and-screen request are for the screener, not names the papers must mention.
            shape = shape with { KeyTerms = shape.KeyTerms.Where(k => !request.Formulas.Any(f => f.Replace(" ", string.Empty, StringComparison.Ordinal).StartsWith(k, StringComparison.OrdinalIgnoreCase))).ToList() };
        }

        var pool = Pool(result, shape.Chinese);
        // "What band gap does the paper report for CsPbI3?": a compound the literature part asks about and no passage
        // names gets "not reported", never another passage quoted as if it answered; the screening beside it is the
        // models' estimate. (The formulas are not key terms of an explain-and-screen request, so the check is here.)
        // In a literature question every written formula is asked of the papers ("What capacity does the review report for
        // GAN-generated LiFePO4 cathodes?"); all-capital acronyms that parse as formulas (CNF, NICE) are names, not compounds.
        var unnamed = request.Formulas
            .Where(f => (request.Intent == RequestIntent.Faq ? f.Any(c => char.IsAsciiDigit(c) || char.IsLower(c)) : AskedOfLiterature(request.Text, f))
                && !pool.Any(s => MentionsFormula(s.Text, f)))
            .ToList();
        if (unnamed.Count > 0)
        {
            builder.AppendLine(CultureInfo.InvariantCulture, $"The corpus does not report anything about {JoinOr(unnamed)}: no passage of the indexed documents names {(unnamed.Count == 1 ? "it" : "them")}, so there is no literature figure to quote{(request.Intent == RequestIntent.Faq ? "." : "; the screening below is the models' estimate, not a value from the papers.")}");
            // A figure asked of a compound the papers never name is not answered with another compound's figure; a literature
            // question about it otherwise gets the related passages as context, after the line above.
            var figureAsked = request.Intent != RequestIntent.Faq || shape.Kind == QuestionKind.Number || FigureWord().IsMatch(request.Text);
            if (figureAsked && (shape.Parts.All(p => unnamed.Any(f => p.Contains(f, StringComparison.Ordinal))) || shape.Parts.Count == 1))
            {
                return;
            }
        }

        var questionTokens = Tokens(asked, shape.Chinese);
        // "generative adversarial network" written out names GAN too, whose sentences then count as naming it.
        var spelledFacts = result.Facts.Where(f => f.Kind == "acronym" && MentionsWord(request.Text, f.Value)).ToList();
        var spelled = spelledFacts.Where(f => !shape.KeyTerms.Contains(f.Subject, StringComparer.Ordinal)).Select(f => f.Subject);
        shape = shape with { KeyTerms = [.. shape.KeyTerms, .. spelled.Distinct(StringComparer.Ordinal)] };
        // The words of a name written out count once, as the name: otherwise every sentence that spells out "generative
        // adversarial network" outscores "The GAN model consists of two components" on "the two parts of a generative
        // adversarial network" (regression: x-09, p-06).
        var nameWords = spelledFacts.SelectMany(f => ContentWords(f.Value)).ToHashSet(StringComparer.Ordinal);
        questionTokens.ExceptWith(nameWords);
        var present = shape.KeyTerms.Where(k => pool.Any(s => Mentions(s.Text, k)) || result.Facts.Any(f => Mentions(f.Subject, k))).ToList();
        var missing = shape.KeyTerms.Except(present, StringComparer.Ordinal).ToList();

        // A question about names no retrieved passage mentions (GNoME, DeepMind) is not answered with other models' text.
        if (shape.KeyTerms.Count > 0 && present.Count == 0)
        {
            builder.AppendLine(CultureInfo.InvariantCulture, $"The corpus does not report anything about {JoinOr(missing)}: no passage of the indexed documents mentions {(missing.Count == 1 ? "it" : "them")}, so there is nothing to quote.");
            return;
        }

        var answer = new Answer();
        WriteFacts(answer, request, result);

        var idf = Idf(pool);
        foreach (var part in shape.Parts)
        {
            var kind = QuestionShape.KindOf(part);
            var labels = QuestionShape.ItemLabels(part);
            var partTokens = Tokens(ResolvePronoun(part, shape, present), shape.Chinese);
            partTokens.ExceptWith(nameWords);
            var supported = pool.Where(s => Supports(s, questionTokens, present, idf, pool.Count, shape.Chinese) || labels.Any(l => l.IsMatch(s.Text))).ToList();
            if (shape.Chinese && supported.Any(s => s.Cjk))
            {
                supported = supported.Where(s => s.Cjk).ToList();
            }
            else if (!shape.Chinese && supported.Any(s => !s.Cjk))
            {
                // An English question gets the English text; the translation's copy of the same sentence is no second source
                // (r14-14 quoted CubicGAN's sentence twice, once in Chinese).
                supported = supported.Where(s => !s.Cjk).ToList();
            }

            var scored = supported
                .Select(s => (Sentence: s, Score: Score(s, partTokens, questionTokens, present, labels, idf, kind)))
                .Where(x => x.Score > 0)
                .OrderByDescending(x => x.Score).ThenBy(x => x.Sentence.Rank).ThenBy(x => x.Sentence.Index)
                .ToList();

            if (kind == QuestionKind.Number)
            {
                WriteNumber(answer, part, shape, present, pool, scored);
                continue;
            }

            Choose(answer, pool, scored, kind, present, shape.Parts.Count == 1 ? 3 : 2);
        }

        // (The subject, not only the key terms: between Chinese characters "CDVAE" has no word boundary to be found by.)
        List<string> named = present.Count > 0 ? present : request.Subject is { } subjectAsked ? [subjectAsked] : [];
        if (shape.Chinese && named.Count > 0 && !answer.Used.Any(u => pool.Any(s => s.Cjk && Key(s.Passage, s.Text) == u))
            && pool.Where(s => s.Cjk && named.Any(k => s.Text.Contains(k, StringComparison.OrdinalIgnoreCase))).OrderBy(s => s.Rank).ThenBy(s => s.Index).FirstOrDefault() is { } own)
        {
            // A Chinese question whose answer so far quotes only English text (an acronym found in the English version)
            // also gets the Chinese document's first sentence naming the term.
            Add(answer, pool, own, QuestionKind.Definition, named);
        }

        if (answer.Lines.Count == 0)
        {
            var closest = result.Passages[0];
            builder.AppendLine(CultureInfo.InvariantCulture, $"The corpus does not appear to cover this: none of the retrieved passages addresses the question. The closest is in *{closest.Title}*, section \"{closest.Section}\".");
            return;
        }

        builder.AppendLine(string.Join(shape.Chinese ? string.Empty : " ", answer.Lines).Replace(" \n", "\n", StringComparison.Ordinal).Trim());
        if (Doubt().IsMatch(request.Text))
        {
            // The user questions the document: say what the quote is and is not. The answer rests on the documents alone, so
            // it neither "corrects" the quote from memory nor vouches for it.
            builder.AppendLine().AppendLine(shape.Chinese
                ? "您对此有疑问：以上引文是文献的原话，仅代表该文献的说法；已索引的文档中没有其他来源可以证实或纠正它，请查阅原始来源核实。"
                : "You question this: the quote is what the document says, and it is the document's claim only. No other indexed document confirms or corrects it, so the assistant cannot settle it from your papers; check it against a primary source.");
        }
    }

    /// <summary>Acronym expansions and the definitional sentence of the subject asked, first.</summary>
    private static void WriteFacts(Answer answer, ParsedRequest request, RetrieveResult result)
    {
        var subject = request.Subject;
        if (subject is null)
        {
            return;
        }

        // A question in Chinese is answered from the Chinese document where it holds the fact (regression: "什么是CDVAE？"
        // cited only the English paper).
        var chinese = request.Text.Any(TextSpans.IsCjk);
        bool InChinese(RetrievedFact f) => result.Passages.FirstOrDefault(p => p.Number == f.Passage)?.Text.Any(TextSpans.IsCjk) == true;
        var facts = chinese ? result.Facts.OrderByDescending(InChinese).ToList() : result.Facts;
        foreach (var fact in facts.Where(f => f.Kind == "acronym" && Same(f.Subject, subject)).Take(1))
        {
            answer.Lines.Add($"{fact.Subject} stands for *{fact.Value}* [{fact.Passage}].");
        }

        foreach (var fact in facts.Where(f => f.Kind == "definition" && (Same(f.Subject, subject) || MentionsWord(request.Text, f.Subject))).Take(1))
        {
            var passage = result.Passages.First(p => p.Number == fact.Passage);
            var sentence = passage.Sentences.Count > 0 ? passage.Sentences[0].Text : fact.Value;
            if (answer.Used.Add(Key(fact.Passage, sentence)))
            {
                answer.Lines.Add(Cite(sentence, fact.Passage));
            }
        }
    }

    /// <summary>
    /// The best-supported sentences of one sub-question: the best, then others close to it (another passage preferred, so
    /// that a comparison gets both sides), each with its continuation or announced list.
    /// </summary>
    private static void Choose(Answer answer, List<Candidate> pool, List<(Candidate Sentence, double Score)> scored, QuestionKind kind, List<string> present, int perPart)
    {
        if (scored.Count == 0)
        {
            return;
        }

        var best = scored[0].Score;
        var taken = 0;
        var passages = new HashSet<int>();
        var documents = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (sentence, score) in scored)
        {
            if (taken >= perPart || answer.Units >= MaxUnits)
            {
                break;
            }

            // A comparison wants each side, so a sentence of another paper is welcome at a lower score.
            var share = passages.Contains(sentence.Passage) ? 0.85
                : kind == QuestionKind.Comparison && !documents.Contains(sentence.Document) ? 0.3 : SecondShare;
            if (taken > 0 && score < share * best)
            {
                continue;
            }

            if (answer.Used.Contains(Key(sentence.Passage, sentence.Text)))
            {
                // An earlier sub-question's answer already holds it: that answers this one as well.
                taken++;
                passages.Add(sentence.Passage);
                documents.Add(sentence.Document);
                continue;
            }

            if (Add(answer, pool, sentence, kind, present))
            {
                taken++;
                passages.Add(sentence.Passage);
                documents.Add(sentence.Document);
            }
        }
    }

    /// <summary>
    /// A number question: only a sentence that holds a figure, names the quantity asked and (with its previous sentence)
    /// the entity asked answers it; the quantities no sentence gives are said to be unreported, with no substitute.
    /// </summary>
    private static void WriteNumber(Answer answer, string part, QuestionShape shape, List<string> present, List<Candidate> pool, List<(Candidate Sentence, double Score)> scored)
    {
        var quantities = QuestionShape.Read(part).Quantities;
        if (quantities.Count == 0)
        {
            quantities = shape.Quantities;
        }

        var entities = present.Where(k => part.Contains(k, StringComparison.OrdinalIgnoreCase) || !shape.Parts.Any(p => p.Contains(k, StringComparison.OrdinalIgnoreCase))).ToList();
        if (entities.Count == 0)
        {
            entities = present;
        }

        bool Holds(Candidate s, string quantity) => HasQuantity(s.Text, quantity) || (s.Cjk && quantities.Count == 0);
        bool OfEntity(Candidate s) => entities.Count == 0 || entities.Any(e => Mentions(s.Text, e))
            || (Previous(pool, s) is { } previous && entities.Any(e => Mentions(previous.Text, e)) && !OtherName(s.Text, entities));
        var numeric = scored.Where(x => Figure().IsMatch(x.Sentence.Text) && OfEntity(x.Sentence)).ToList();
        var reported = quantities.Count == 0
            ? numeric.Take(1).ToList()
            : quantities.Select(q => numeric.FirstOrDefault(x => Holds(x.Sentence, q))).Where(x => x.Sentence is not null).Distinct().ToList();
        foreach (var (sentence, _) in reported)
        {
            Add(answer, pool, sentence, QuestionKind.Number, present);
        }

        var unreported = quantities.Where(q => !reported.Any(x => Holds(x.Sentence, q))).ToList();
        if (reported.Count > 0 && unreported.Count == 0)
        {
            return;
        }

        var what = unreported.Count > 0 ? "the " + JoinOr(unreported) : "a figure for this";
        var of = entities.Count > 0 ? $" of {JoinOr(entities)}" : string.Empty;
        answer.Lines.Add(shape.Chinese
            ? $"语料库没有报告这一数值（the corpus does not report {what}{of}）。"
            : $"The corpus does not report {what}{of}{(reported.Count > 0 ? "" : ": no indexed passage gives it, and figures reported for other models or quantities do not answer it")}.");

        // A related passage as context, said to be context, and one without figures so it cannot pass for the answer.
        var context = scored.FirstOrDefault(x => !Figure().IsMatch(x.Sentence.Text) && (entities.Count == 0 || entities.Any(e => Mentions(x.Sentence.Text, e))));
        if (reported.Count == 0 && context.Sentence is { } c && answer.Used.Add(Key(c.Passage, c.Text)))
        {
            answer.Lines.Add((shape.Chinese ? "相关内容：" : "What the corpus does say on it:") + " " + Cite(c.Text, c.Passage));
            answer.Units++;
        }
    }

    /// <summary>Adds the sentence as a cited unit: with the previous sentence when only that one names the entity, with its continuation, or with the items it announces.</summary>
    private static bool Add(Answer answer, List<Candidate> pool, Candidate sentence, QuestionKind kind, List<string> present)
    {
        if (!answer.Used.Add(Key(sentence.Passage, sentence.Text)))
        {
            return false;
        }

        var text = new StringBuilder();
        // "This model has been used to discover …" needs the sentence that says which model.
        if (!present.Any(k => Mentions(sentence.Text, k)) && PronounStart().IsMatch(sentence.Text) && Antecedent(pool, sentence, present) is { } previous
            && answer.Used.Add(Key(previous.Passage, previous.Text)))
        {
            if (previous.Index == sentence.Index - 1)
            {
                text.Append(Clean(previous.Text)).Append(sentence.Cjk ? string.Empty : " ");
            }
            else
            {
                // Sentences in between are left out and the gap is shown; both ends are cited, so the quote spans the run.
                answer.Lines.Add(Cite(previous.Text, previous.Passage));
                text.Append("… ");
            }
        }

        text.Append(Clean(sentence.Text));
        var following = pool.Where(s => s.Passage == sentence.Passage && s.Index > sentence.Index).OrderBy(s => s.Index).ToList();
        if (Announces(sentence.Text) && following.Count > 0)
        {
            // "… the following challenges:" / "First, … Second, …": the items are the answer.
            answer.Lines.Add(Cite(text.ToString(), sentence.Passage, keepColon: true));
            foreach (var item in following.Take(6))
            {
                answer.Used.Add(Key(item.Passage, item.Text));
                answer.Lines.Add("\n- " + Cite(item.Text, item.Passage));
            }

            answer.Lines.Add("\n");
            answer.Units++;
            return true;
        }

        if (following.Count > 0 && kind != QuestionKind.Definition && ContinuationStart().IsMatch(following[0].Text) && answer.Used.Add(Key(following[0].Passage, following[0].Text)))
        {
            text.Append(sentence.Cjk ? string.Empty : " ").Append(Clean(following[0].Text));
        }

        answer.Lines.Add(Cite(text.ToString(), sentence.Passage));
        answer.Units++;
        return true;
    }

    private static bool Announces(string sentence)
    {
        var trimmed = sentence.TrimEnd();
        return trimmed.EndsWith(':') || trimmed.EndsWith('：') || AnnouncesList().IsMatch(trimmed);
    }

    /// <summary>The sentences of every retrieved passage, with their order inside the passage and the passage's rank.</summary>
    private static List<Candidate> Pool(RetrieveResult result, bool chinese)
    {
        var pool = new List<Candidate>();
        var rank = 0;
        // Bibliography entries name models and papers but answer nothing: used only when nothing else was retrieved.
        // Regression: "What is MatterGen?" quoted "- Zeni C, Pinsler R, … MatterGen: a generative model …" as a claim.
        var body = result.Passages.Where(p => !ReferencesSection().IsMatch(p.Section)).ToList();
        foreach (var passage in body.Count > 0 ? body : result.Passages)
        {
            rank++;
            var index = 0;
            var before = new List<string>();
            foreach (var span in MatAssistant.Literature.Sentences.Split(passage.Text, 0, passage.Text.Length))
            {
                var text = passage.Text[span.Start..span.End];
                var cjk = text.Any(TextSpans.IsCjk);
                if (text.Length >= (cjk ? 8 : 20))
                {
                    pool.Add(new Candidate(passage.Number, passage.Document, rank, index, text, Tokens(text, chinese || cjk), cjk, PronounStart().IsMatch(text) ? ChainContext(before) : string.Empty));
                }

                before.Add(text);
                index++;
            }
        }

        return pool;
    }

    /// <summary>
    /// What a sentence opening with "This model" stands for: the sentences back to the nearest that names a model (at most
    /// three, through sentences that carry on), so the names there count as named by it.
    /// </summary>
    private static string ChainContext(List<string> before)
    {
        var context = new List<string>();
        for (var i = before.Count - 1; i >= Math.Max(0, before.Count - 3); i--)
        {
            context.Insert(0, before[i]);
            if (QuestionShape.NamesIn(before[i]).Any() || !ChainStart().IsMatch(before[i]))
            {
                break;
            }
        }

        return string.Join(" ", context);
    }

    /// <summary>Inverse sentence frequency within the retrieved sentences: "frog" in one sentence weighs more than "model" in twenty.</summary>
    private static Dictionary<string, double> Idf(List<Candidate> pool)
    {
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var token in pool.SelectMany(s => s.Tokens))
        {
            df[token] = df.GetValueOrDefault(token) + 1;
        }

        return df.ToDictionary(kv => kv.Key, kv => Math.Log(1 + (double)pool.Count / kv.Value), StringComparer.Ordinal);
    }

    /// <summary>
    /// A sentence supports the question when it shares two of its content words (three character pairs in Chinese), one of
    /// its names, or one word no other retrieved sentence has ("frog"): one shared common word ("point") is not support.
    /// </summary>
    private static bool Supports(Candidate s, HashSet<string> question, List<string> present, Dictionary<string, double> idf, int poolSize, bool chinese)
    {
        if (present.Any(k => Names(s, k)))
        {
            return true;
        }

        var shared = s.Tokens.Where(question.Contains).ToList();
        if (shared.Count >= (chinese ? 3 : 2))
        {
            return true;
        }

        var rare = Math.Log(1 + poolSize / 1.0) - 1e-9;
        return !chinese && poolSize >= 8 && shared.Any(t => t.Length >= 4 && idf.GetValueOrDefault(t) >= rare);
    }

    private static double Score(Candidate s, HashSet<string> part, HashSet<string> question, List<string> present, IReadOnlyList<Regex> labels, Dictionary<string, double> idf, QuestionKind kind)
    {
        var maxIdf = idf.Count > 0 ? idf.Values.Max() : 1;
        var score = 0.0;
        foreach (var token in s.Tokens)
        {
            var weight = idf.GetValueOrDefault(token);
            if (part.Contains(token))
            {
                score += 2 * weight;
            }
            else if (question.Contains(token))
            {
                score += weight;
            }
        }

        // Naming the entity asked about weighs like its two rarest words: a sentence about FAIR beats one about "data management".
        // For a how, why, list or comparison, a sentence that names the entity but shares no word of what is asked about it
        // ("DDPM … marked a milestone" for "how does DDPM generate data?") weighs half: the answer is about the predicate.
        var named = present.Count(k => Names(s, k)) * 2 * maxIdf;
        var predicate = kind is not (QuestionKind.Definition or QuestionKind.Number) && part.Count > 0 && !s.Tokens.Any(part.Contains);
        score += predicate && named > 0 ? named / 2 : named;

        // "挑战2" asks for the item labelled "挑战 2：", not for any sentence about challenges.
        if (labels.Count > 0 && labels.Any(l => l.IsMatch(s.Text)))
        {
            score += 10;
        }
        var cue = kind switch
        {
            QuestionKind.Reason => ReasonCue().IsMatch(s.Text),
            QuestionKind.Comparison => ComparisonCue().IsMatch(s.Text),
            QuestionKind.Definition => DefinitionCue().IsMatch(s.Text),
            QuestionKind.Method => MethodCue().IsMatch(s.Text),
            QuestionKind.List => Announces(s.Text) || ListCue().IsMatch(s.Text),
            _ => false,
        };
        // A glossary line ("RoBERTa: …; BLMM: …; CDVAE: crystal diffusion variational autoencoder; …") names everything and
        // says nothing about it; the acronym fact line already gives the expansion (regressions: "limitations of CDVAE" opened with one, "What is CDVAE?" quoted one after "CDVAE stands for …").
        var glossary = Glossary().Count(s.Text) >= 3;
        // "Fig. 5 elucidates the evolutionary trajectory of diffusion models": a sentence about a figure says nothing
        // without the figure, which a text answer cannot show (regression: it was the second sentence of "what is a
        // diffusion model?").
        var pointer = FigurePointer().IsMatch(s.Text);
        return score <= 0 ? 0 : (score * (cue ? 1.25 : 1.0) * (glossary ? 0.3 : 1.0) * (pointer ? 0.4 : 1.0)) - (0.05 * s.Rank);
    }

    /// <summary>"它在三维材料生成上…" after "CDVAE 已经…？": a sub-question's pronoun stands for the name of the question.</summary>
    private static string ResolvePronoun(string part, QuestionShape shape, List<string> present) =>
        present.Count > 0 && !present.Any(k => part.Contains(k, StringComparison.OrdinalIgnoreCase)) && PartPronoun().IsMatch(part)
            ? present[0] + " " + part
            : part;

    /// <summary>The sentence names <paramref name="term"/>, itself or through the pronoun it opens with.</summary>
    private static bool Names(Candidate s, string term) => Mentions(s.Text, term) || (s.Context.Length > 0 && Mentions(s.Context, term));

    /// <summary>
    /// The sentence a "This model …" opening refers to: the nearest of the three before it that names the entity asked (or,
    /// with none asked, any model), through a chain of sentences that carry on ("It also …", "The diffusion model …").
    /// Regression: "This model has been used to discover thousands of hypothetical 2D materials" was answered without
    /// CDVAE, named three sentences earlier (x-17).
    /// </summary>
    private static Candidate? Antecedent(List<Candidate> pool, Candidate s, List<string> present)
    {
        var current = s;
        for (var step = 0; step < 3 && Previous(pool, current) is { } previous; step++)
        {
            if (present.Count > 0 ? present.Any(k => Mentions(previous.Text, k)) : QuestionShape.NamesIn(previous.Text).Any())
            {
                return previous;
            }

            if (!ChainStart().IsMatch(previous.Text))
            {
                return null;
            }

            current = previous;
        }

        return null;
    }

    private static Candidate? Previous(List<Candidate> pool, Candidate s) =>
        pool.FirstOrDefault(p => p.Passage == s.Passage && p.Index == s.Index - 1);

    /// <summary>The sentence names another model than the ones asked (MTransformer in an answer about MatGAN).</summary>
    private static bool OtherName(string sentence, List<string> entities) =>
        QuestionShape.NamesIn(sentence).Any(n => n.Length >= 4 && !entities.Any(e => string.Equals(e, n, StringComparison.OrdinalIgnoreCase)));

    /// <summary>The sentence names the quantity: both words of a short phrase ("batch size"), the head noun of a longer one.</summary>
    private static bool HasQuantity(string sentence, string quantity)
    {
        if (Share().IsMatch(quantity) && sentence.Contains('%', StringComparison.Ordinal))
        {
            return true;
        }

        // A threshold is a figure with a comparison ("E_hull < 80 meV", "below 0.1 eV"), whatever the sentence calls it.
        // Regression: "What energy above hull threshold did iMatGen use?" quoted "< 80 meV" and then said it was not reported.
        if (ThresholdWord().IsMatch(quantity) && Comparison().IsMatch(ReadableText.Render(sentence)))
        {
            return true;
        }

        var words = ContentWords(sentence);
        var wanted = WordPattern().Matches(quantity.ToLowerInvariant()).Select(m => Stem(m.Value)).Where(w => !StopWords.Contains(w)).ToList();
        if (wanted.Count == 0)
        {
            return false;
        }

        return wanted.Count <= 2 ? wanted.All(words.Contains) : words.Contains(wanted[^1]);
    }

    private static HashSet<string> Tokens(string text, bool chinese)
    {
        var tokens = ContentWords(text);
        if (chinese)
        {
            tokens.UnionWith(Bigrams(text));
        }

        return tokens;
    }

    /// <summary>Pairs of Han characters within each run, so that "挑战2讲" does not make the pair "战讲".</summary>
    private static HashSet<string> Bigrams(string text)
    {
        var pairs = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match run in HanRun().Matches(text))
        {
            for (var i = 0; i + 1 < run.Value.Length; i++)
            {
                var pair = run.Value.Substring(i, 2);
                if (!ChineseStopPairs.Contains(pair))
                {
                    pairs.Add(pair);
                }
            }
        }

        return pairs;
    }

    private static string JoinOr(List<string> items) =>
        items.Count <= 1 ? string.Concat(items) : string.Join(", ", items.Take(items.Count - 1)) + " or " + items[^1];

    private static string Key(int passage, string sentence) => passage.ToString(CultureInfo.InvariantCulture) + ":" + Clean(sentence);

    /// <summary>The text names <paramref name="term"/>, dotted or not (F.A.I.R. and FAIR), as a word.</summary>
    private static bool Mentions(string text, string term) =>
        Regex.IsMatch(text.Replace(".", string.Empty, StringComparison.Ordinal), $@"(?<![\p{{L}}\p{{N}}]){Regex.Escape(term)}", RegexOptions.IgnoreCase);

    /// <summary>
    /// Whether <paramref name="text"/> names the formula, case and all: GaN is not GAN (regression: "What band gap does the
    /// reflections paper report for GaN?" found "GAN" in every generative-model passage and quoted one), Co is not CO.
    /// </summary>
    private static bool MentionsFormula(string text, string formula) =>
        Regex.IsMatch(text, $@"(?<![\p{{L}}\p{{N}}]){Regex.Escape(formula)}(?![\p{{L}}\p{{N}}])", RegexOptions.None);

    /// <summary>The question names the fact's subject ("… of a generative adversarial network" names "generative adversarial network").</summary>
    private static bool MentionsWord(string question, string subject) =>
        subject.Trim().Length >= 3 && Regex.IsMatch(question, $@"\b{Regex.Escape(subject.Trim())}s?\b", RegexOptions.IgnoreCase);

    private static bool Same(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

    /// <summary>The cleaned text with its citation before the closing punctuation: "… in a diffusion process [2]."</summary>
    private static string Cite(string sentence, int number, bool keepColon = false)
    {
        var text = Clean(sentence, keepColon);
        return $"{text[..^1]} [{number}]{text[^1]}";
    }

    /// <summary>
    /// The sentence as displayed: line breaks joined, spaces collapsed, the documents' own reference markers out, LaTeX
    /// and carets made readable (<see cref="ReadableText"/>). The citation keeps the verbatim text.
    /// </summary>
    private static string Clean(string sentence, bool keepColon = false)
    {
        var text = Whitespace().Replace(ReferenceMarker().Replace(sentence.Trim(), string.Empty), " ").Replace(" ,", ",", StringComparison.Ordinal).Replace(" .", ".", StringComparison.Ordinal);
        text = ReadableText.Render(text).Trim();
        if (keepColon && (text.EndsWith(':') || text.EndsWith('：')))
        {
            return text;
        }

        text = text.TrimEnd(';', ':', ',', '；', '：', '，').TrimEnd();
        return text.EndsWith('.') || text.EndsWith('。') || text.EndsWith('?') || text.EndsWith('!') || text.EndsWith('？') ? text : text + (text.Any(TextSpans.IsCjk) ? "。" : ".");
    }

    private static HashSet<string> ContentWords(string text) =>
        WordPattern().Matches(text.ToLowerInvariant()).Select(m => Stem(m.Value)).Where(w => w.Length >= 3 && !StopWords.Contains(w) && !w.Any(TextSpans.IsCjk)).ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// A light suffix stripper so that "models" meets "model" and "sampling" meets "samples": enough for deciding whether a
    /// sentence is on topic (the index itself uses Lucene's English stemmer).
    /// </summary>
    private static string Stem(string word)
    {
        if (Synonyms.TryGetValue(word, out var common))
        {
            return common;
        }

        if (word.Length > 5 && word.EndsWith("ies", StringComparison.Ordinal))
        {
            return word[..^3] + "y";
        }

        // "responsibility" meets "responsible", "stability" meets "stable" (the noun and the adjective of one idea).
        foreach (var (suffix, stem) in new[] { ("ibility", "ib"), ("ibilities", "ib"), ("ible", "ib"), ("ability", "ab"), ("abilities", "ab"), ("able", "ab") })
        {
            if (word.EndsWith(suffix, StringComparison.Ordinal) && word.Length - suffix.Length >= 4)
            {
                return word[..^suffix.Length] + stem;
            }
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

    /// <summary>
    /// A sentence of a retrieved passage: its passage's number, document and rank, its place in the passage, its tokens,
    /// and as context the previous sentence when this one opens with "This model", "该模型" (the names it stands for count as named).
    /// </summary>
    private sealed record Candidate(int Passage, string Document, int Rank, int Index, string Text, HashSet<string> Tokens, bool Cjk, string Context);

    private sealed class Answer
    {
        public List<string> Lines { get; } = [];

        public HashSet<string> Used { get; } = new(StringComparer.Ordinal);

        public int Units { get; set; }
    }

    [GeneratedRegex(@"\b(?:capacity|conductivity|band ?gap|gap|energy|voltage|potential|efficiency|value|figure|number|temperature|density|modulus|strength|resistivity|mobility|lifetime|yield|rate|how (?:much|many|high|large|fast))\b", RegexOptions.IgnoreCase)]
    private static partial Regex FigureWord();

    [GeneratedRegex(@"^\W*(?:\d+(?:\.\d+)*\.?\s*)?(?:References|Bibliography|Literature cited|参考文献)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ReferencesSection();

    /// <summary>An abbreviation entry of a glossary or table note: "CDVAE: crystal diffusion variational autoencoder;".</summary>
    [GeneratedRegex(@"\b[A-Z][A-Za-z0-9-]{1,15}: [^;:]{3,80}(?:;|$)")]
    private static partial Regex Glossary();

    [GeneratedRegex(@"\b(?:threshold|cut-?off|criterion|criteria|limit|bound|tolerance)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ThresholdWord();

    [GeneratedRegex(@"(?:[<>≤≥]\s*=?\s*\d|\b(?:below|above|under|less than|more than|greater than|lower than|higher than|at most|at least|within)\s+\d)", RegexOptions.IgnoreCase)]
    private static partial Regex Comparison();

    /// <summary>The user doubts what the document says ("that sounds off to me", "is that right?", "这对吗").</summary>
    [GeneratedRegex(@"\b(?:sounds? (?:off|wrong|odd|strange|fishy|suspicious)|seems? (?:off|wrong|odd)|(?:is|was|can) that (?:really )?(?:be )?(?:right|correct|true|accurate)|are you sure|i doubt|doubtful|hard to believe)\b|这对吗|真的吗|值得怀疑", RegexOptions.IgnoreCase)]
    private static partial Regex Doubt();

    /// <summary>The documents' own reference markers ([15], [3, 4], [7–9]) would read as our citations.</summary>
    [GeneratedRegex(@"\s?\[\d+(?:\s*[-–,]\s*\d+)*\]")]
    private static partial Regex ReferenceMarker();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    /// <summary>Quantities a percentage answers; a learning rate is not one (regression: "what learning rate did they train MatGAN with?" quoted its 84.5 % validity).</summary>
    [GeneratedRegex(@"\b(?:percentage|percent|proportion|fraction|share|accuracy|(?<!learning\s)rate|validity|valid)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Share();

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"[\u4e00-\u9fff]+")]
    private static partial Regex HanRun();

    /// <summary>A sentence whose subject is a figure or table of the paper: "Fig. 5 elucidates …", "Table 2 lists …", "如图3所示".</summary>
    [GeneratedRegex(@"^\W*(?:(?:Fig(?:ure)?s?|Tables?)\.?\s*\d+[a-z]?(?:\s*\([a-z]\))?\s+(?:shows?|illustrates?|elucidates?|depicts?|presents?|summari[sz]es|lists?|compares?|gives?|displays?|outlines?|highlights?)\b|As (?:shown|illustrated|depicted) in (?:Fig|Table))|^\W*如图\s*\d+", RegexOptions.IgnoreCase)]
    private static partial Regex FigurePointer();

    /// <summary>A figure: digits, a percentage, a number word before a noun is not enough to answer "how many".</summary>
    [GeneratedRegex(@"\d")]
    private static partial Regex Figure();

    /// <summary>
    /// A sentence that carries on the one before: "However, their model needed a U-Net …", "To address these shortcomings,
    /// enhancements such as VAE-GAN … were proposed" after the shortcomings (regression: dev-req-01 lost the remedies), "但由于…",
    /// and the authors' own "Our model was used to generate 506 new … materials" after "we developed CubicGAN" (r14-14).
    /// </summary>
    [GeneratedRegex(@"^\W*(?:However|But|Yet|Nevertheless|Nonetheless|Unfortunately|In contrast|This|These|Their|Its|It|They|Such|As a result|Consequently|Therefore|Thus|Our (?:model|method|approach|framework|network|generator)s?\b|The (?:model|method|approach|framework)\b|To (?:address|overcome|tackle|remedy|mitigate|alleviate|solve|counter)\b|为了解决|为解决|然而|但|但是|不过|尽管|因此|这|该|其)", RegexOptions.None)]
    private static partial Regex ContinuationStart();

    [GeneratedRegex(@"^\W*(?:This|These|It|Its|Their|They|The model|该|其|它|这)")]
    private static partial Regex PronounStart();

    /// <summary>A sentence that goes on about what an earlier one named: a pronoun or a definite noun phrase.</summary>
    [GeneratedRegex(@"^\W*(?:(?:This|These|It|Its|Their|They|The|Such)\b|该|其|它|这)")]
    private static partial Regex ChainStart();

    [GeneratedRegex(@"(?:^|\s)(?:it|its|they|their|this model|this method)\b|^\s*(?:它|其|该)", RegexOptions.IgnoreCase)]
    private static partial Regex PartPronoun();

    [GeneratedRegex(@"\b(?:the following|as follows|include[sd]?:)", RegexOptions.IgnoreCase)]
    private static partial Regex AnnouncesList();

    [GeneratedRegex(@"\b(?:because|due to|since|owing to|hinder\w*|caus\w*|lead(?:s|ing)? to|result(?:s|ed)? in|so that|however|limit\w*|challeng\w*|without)\b|由于|因为|导致|然而|但|挑战", RegexOptions.IgnoreCase)]
    private static partial Regex ReasonCue();

    [GeneratedRegex(@"\b(?:than|over|unlike|whereas|compared|advantage|in contrast|while|better|worse|superior)\b|相比|优于|而", RegexOptions.IgnoreCase)]
    private static partial Regex ComparisonCue();

    [GeneratedRegex(@"\b(?:is an?|are|refers? to|stands? for|defined as|known as|short for)\b|是一种|是指|称为", RegexOptions.IgnoreCase)]
    private static partial Regex DefinitionCue();

    [GeneratedRegex(@"\b(?:by|through|via|using|sampl\w*|iterativ\w*|step|process)\b|通过|利用|依次", RegexOptions.IgnoreCase)]
    private static partial Regex MethodCue();

    [GeneratedRegex(@"\b(?:such as|including|include|namely|first|second|third|\(\d\))|包括|如|第一|第二", RegexOptions.IgnoreCase)]
    private static partial Regex ListCue();

    /// <summary>Whether the question asks the papers about <paramref name="formula"/> ("does the paper report for X", "what do they say about X", "X in the review").</summary>
    private static bool AskedOfLiterature(string text, string formula)
    {
        var f = Regex.Escape(formula);
        return Regex.IsMatch(text, $@"\b(?:report(?:s|ed)?|say(?:s)?|said|mention(?:s|ed)?|claim(?:s|ed)?|state(?:s|d)?|write(?:s)?|find(?:s)?|found|measured?)\b[^.?!;]{{0,40}}?\b(?:for|about|on|of)\s+(?:the\s+)?{f}(?![\w(])|(?<![\w)]){f}\s+(?:in|from)\s+(?:the\s+)?(?:paper|review|article|corpus|documents?|literature)\b", RegexOptions.IgnoreCase);
    }
}
