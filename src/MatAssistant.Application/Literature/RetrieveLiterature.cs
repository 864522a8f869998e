using MatAssistant.Literature;

namespace MatAssistant.Application.Literature;

/// <summary>
/// The retrieve use case: passages ranked for the query, each with its best sentences, and the facts about the subject
/// asked (acronyms, definitions) with their source sentence as a numbered passage, so every fact can be cited verbatim.
/// </summary>
public sealed class RetrieveLiterature(LiteratureIndex index)
{
    private const int MaxFacts = 6;

    /// <summary>Documents a library listing shows; a larger library is summarised by its count.</summary>
    private const int MaxCatalogue = 20;

    public Task<RetrieveResult> RunAsync(RetrieveRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        var query = request.Query;
        var passages = new List<RetrievedPassage>();
        // "What do Hu et al. suggest?", "the Nobel prize winner in the reflections paper": the question names its source,
        // so only that document (and its other versions) is searched; a question about the library itself is not scoped.
        var named = LibraryQuestions.AsksAuthors(query) || LibraryQuestions.AsksCatalogue(query) ? [] : index.NamedDocuments(query);
        var scope = named.Count > 0 ? named.Select(n => n.Document).ToHashSet(StringComparer.Ordinal) : null;
        var ranking = scope is null ? query : LibraryQuestions.WithoutSource(query);
        foreach (var hit in index.Search(ranking, request.Top, null, scope))
        {
            var sentences = index.BestSentences(hit, ranking, 3)
                .Select(s => new PassageSentence(s.Start, s.End, s.Text, s.Score, s.Page)).ToList();
            passages.Add(new RetrievedPassage(passages.Count + 1, hit.Document, hit.Title, hit.Section, hit.Text, hit.Start, hit.End, hit.Score, sentences, hit.Page));
        }

        var facts = new List<RetrievedFact>();
        var subject = QuestionSubject.Find(query) ?? query;
        var titles = index.Documents.ToDictionary(d => d.Name, d => d.Title, StringComparer.Ordinal);
        var found = index.Lookup(subject, MaxFacts).Concat(subject == query ? [] : index.Lookup(query, MaxFacts))
            .Where(f => scope is null || scope.Contains(f.Document))
            .DistinctBy(f => (f.Kind, f.Document, f.Start)).Take(MaxFacts);
        foreach (var fact in found)
        {
            var number = passages.FindIndex(p => p.Document == fact.Document && p.Start <= fact.Start && fact.End <= p.End) + 1;
            if (number > 0 && passages[number - 1].Sentences.All(s => s.Start != fact.Start))
            {
                // The fact's own sentence becomes the first candidate quote of the passage that contains it.
                var passage = passages[number - 1];
                passages[number - 1] = passage with { Sentences = [new PassageSentence(fact.Start, fact.End, fact.Quote, 0, index.PageOf(fact.Document, fact.Start)), .. passage.Sentences] };
            }

            if (number == 0)
            {
                number = passages.Count + 1;
                var page = index.PageOf(fact.Document, fact.Start);
                var sentence = new PassageSentence(fact.Start, fact.End, fact.Quote, 0, page);
                passages.Add(new RetrievedPassage(number, fact.Document, titles.GetValueOrDefault(fact.Document, fact.Document), fact.Section, fact.Quote, fact.Start, fact.End, 0, [sentence], page));
            }

            facts.Add(new RetrievedFact(fact.Kind.ToString().ToLowerInvariant(), fact.Subject, fact.Value, number));
        }

        foreach (var n in named)
        {
            facts.Add(new RetrievedFact("scope", n.NamedBy, n.Title, 0, n.Document));
        }

        AddBylines(query, passages, facts);
        return Task.FromResult(new RetrieveResult(query, passages, facts));
    }

    /// <summary>
    /// "Who wrote the paper on …": the author line of each document whose title the question names, or, when it names
    /// none, of the document whose passages discuss the names it asks about (<c>authors_discussing</c>: the paper in the
    /// library that discusses MatGAN, not necessarily the paper that introduced it); "which papers do I have": every
    /// document's byline (<c>document</c>), as does an authorship question that names no document. Each byline is a
    /// numbered passage, so the names are cited verbatim.
    /// </summary>
    private void AddBylines(string query, List<RetrievedPassage> passages, List<RetrievedFact> facts)
    {
        var authors = LibraryQuestions.AsksAuthors(query);
        if (!authors && !LibraryQuestions.AsksCatalogue(query))
        {
            return;
        }

        var kind = "document";
        IEnumerable<DocumentByline> bylines = [];
        if (authors)
        {
            bylines = index.MatchTitles(query).Select(m => m.Byline).ToList();
            kind = "authors";
            if (!bylines.Any())
            {
                var names = QuestionShape.Read(query).KeyTerms;
                var discussing = passages.FirstOrDefault(p => names.Any(n => p.Text.Contains(n, StringComparison.OrdinalIgnoreCase)));
                bylines = discussing is null ? [] : index.Bylines().Where(b => b.Document == discussing.Document).ToList();
                kind = "authors_discussing";
            }
        }

        if (!bylines.Any())
        {
            bylines = index.Bylines();
            kind = "document";
            facts.Add(new RetrievedFact("library", "documents", bylines.Count().ToString(System.Globalization.CultureInfo.InvariantCulture), 0));
        }

        foreach (var byline in bylines.Take(MaxCatalogue))
        {
            var number = 0;
            if (byline.Start >= 0)
            {
                var quote = byline.Line.Length > 0 ? byline.Line : byline.Title;
                number = passages.Count + 1;
                passages.Add(new RetrievedPassage(number, byline.Document, byline.Title, DocumentByline.Section, quote, byline.Start, byline.End, 0,
                    [new PassageSentence(byline.Start, byline.End, quote, 0, byline.Page)], byline.Page));
            }

            facts.Add(new RetrievedFact(kind, byline.Title, LibraryQuestions.JoinNames(byline.Names), number, byline.Document));
            if (kind == "document" && byline.TranslationOf is { } original)
            {
                facts.Add(new RetrievedFact("translation", byline.Document, original, number, byline.Document));
            }
        }
    }
}
