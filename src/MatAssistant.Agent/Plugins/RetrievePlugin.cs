using MatAssistant.Agent.Planning;
using MatAssistant.Literature;
using Microsoft.SemanticKernel;

namespace MatAssistant.Agent.Plugins;

/// <summary>
/// The <c>literature_retrieve</c> tool: validates the query and delegates to <see cref="LiteratureIndex"/>. Facts about
/// the subject asked (acronyms, definitions) come with their source sentence as an extra numbered passage, so every fact
/// can be cited with a verbatim quote.
/// </summary>
public sealed class RetrievePlugin(LiteratureIndex index)
{
    public const int MaxPassages = 20;
    public const int MaxQueryLength = 2000;
    private const int MaxFacts = 6;

    [KernelFunction("retrieve")]
    public RetrievalToolResult Retrieve(string query, int top = ToolArguments.DefaultPassages)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            throw new ArgumentException("The query is empty: give the question or the terms to search for.", nameof(query));
        }

        if (query.Length > MaxQueryLength)
        {
            throw new ArgumentException($"The query is {query.Length} characters long; at most {MaxQueryLength}.", nameof(query));
        }

        if (top is < 1 or > MaxPassages)
        {
            throw new ArgumentException($"top must be between 1 and {MaxPassages}, got {top}.", nameof(top));
        }

        var passages = new List<RetrievedPassage>();
        foreach (var hit in index.Search(query, top))
        {
            var sentences = index.BestSentences(hit, query, 3)
                .Select(s => new PassageSentence(s.Start, s.End, s.Text, s.Score)).ToList();
            passages.Add(new RetrievedPassage(passages.Count + 1, hit.Document, hit.Title, hit.Section, hit.Text, hit.Start, hit.End, hit.Score, sentences));
        }

        var facts = new List<RetrievedFact>();
        var subject = RequestParser.Parse(query).Subject ?? query;
        var titles = index.Documents.ToDictionary(d => d.Name, d => d.Title, StringComparer.Ordinal);
        foreach (var fact in index.Lookup(subject, MaxFacts))
        {
            var number = passages.FindIndex(p => p.Document == fact.Document && p.Start <= fact.Start && fact.End <= p.End) + 1;
            if (number > 0 && passages[number - 1].Sentences.All(s => s.Start != fact.Start))
            {
                // The fact's own sentence becomes the first candidate quote of the passage that contains it.
                var passage = passages[number - 1];
                passages[number - 1] = passage with { Sentences = [new PassageSentence(fact.Start, fact.End, fact.Quote, 0), .. passage.Sentences] };
            }

            if (number == 0)
            {
                number = passages.Count + 1;
                var sentence = new PassageSentence(fact.Start, fact.End, fact.Quote, 0);
                passages.Add(new RetrievedPassage(number, fact.Document, titles.GetValueOrDefault(fact.Document, fact.Document), fact.Section, fact.Quote, fact.Start, fact.End, 0, [sentence]));
            }

            facts.Add(new RetrievedFact(fact.Kind.ToString().ToLowerInvariant(), fact.Subject, fact.Value, number));
        }

        return new RetrievalToolResult(query, passages, facts);
    }
}
