using MatAssistant.Literature;

namespace MatAssistant.Application.Literature;

/// <summary>
/// The retrieve use case: passages ranked for the query, each with its best sentences, and the facts about the subject
/// asked (acronyms, definitions) with their source sentence as a numbered passage, so every fact can be cited verbatim.
/// </summary>
public sealed class RetrieveLiterature(LiteratureIndex index)
{
    private const int MaxFacts = 6;

    public Task<RetrieveResult> RunAsync(RetrieveRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        var query = request.Query;
        var passages = new List<RetrievedPassage>();
        foreach (var hit in index.Search(query, request.Top))
        {
            var sentences = index.BestSentences(hit, query, 3)
                .Select(s => new PassageSentence(s.Start, s.End, s.Text, s.Score, s.Page)).ToList();
            passages.Add(new RetrievedPassage(passages.Count + 1, hit.Document, hit.Title, hit.Section, hit.Text, hit.Start, hit.End, hit.Score, sentences, hit.Page));
        }

        var facts = new List<RetrievedFact>();
        var subject = QuestionSubject.Find(query) ?? query;
        var titles = index.Documents.ToDictionary(d => d.Name, d => d.Title, StringComparer.Ordinal);
        var found = index.Lookup(subject, MaxFacts).Concat(subject == query ? [] : index.Lookup(query, MaxFacts))
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

        return Task.FromResult(new RetrieveResult(query, passages, facts));
    }
}
