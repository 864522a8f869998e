namespace MatAssistant.Application.Literature;

/// <summary>A literature search (docs/contracts.md, <c>RetrieveRequest</c>).</summary>
/// <param name="Query">The question or the terms, English or Chinese (at most 2,000 characters).</param>
/// <param name="Top">Passages wanted (default 5, at most 20).</param>
public sealed record RetrieveRequest(string Query, int Top = RetrieveRequest.DefaultTop)
{
    public const int DefaultTop = 5;
    public const int MaxTop = 20;
    public const int MaxQueryLength = 2000;

    /// <summary>Throws <see cref="RequestException"/> saying what is wrong; front ends call it before opening the index, which can take seconds.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Query))
        {
            throw new RequestException("the query is empty: give the question or the terms to search for.");
        }

        if (Query.Length > MaxQueryLength)
        {
            throw new RequestException($"the query is {Query.Length} characters long; at most {MaxQueryLength}.");
        }

        if (Top is < 1 or > MaxTop)
        {
            throw new RequestException($"top must be between 1 and {MaxTop}, got {Top}.");
        }
    }
}

/// <summary>A sentence of a passage with its offsets in the file: <see cref="Text"/> is the file's text[Start..End).</summary>
public sealed record PassageSentence(int Start, int End, string Text, double Score, int? Page = null);

/// <summary>One passage, numbered for citation; <see cref="Text"/> is the document's stored text[Start..End).</summary>
/// <param name="Number">The citation number, [Number].</param>
/// <param name="Document">Document name.</param>
/// <param name="Title">The document's title.</param>
/// <param name="Section">The section heading.</param>
/// <param name="Text">Verbatim passage.</param>
/// <param name="Start">Offset of the passage in the document's text.</param>
/// <param name="End">Offset one past its end.</param>
/// <param name="Score">Retrieval score (BM25, or fused rank score).</param>
/// <param name="Sentences">The passage's sentences most relevant to the query, best first.</param>
/// <param name="Page">The 1-based page the passage starts on, for paged documents (PDF); null otherwise.</param>
public sealed record RetrievedPassage(int Number, string Document, string Title, string Section, string Text, int Start, int End, double Score, IReadOnlyList<PassageSentence> Sentences, int? Page = null);

/// <summary>A fact extracted from the corpus (acronym, definition, reported figure), with the number of the passage quoting its source.</summary>
/// <param name="Kind">acronym, definition, quantity, formula, model; for questions about the library: authors (a document the
/// question names by its title), authors_discussing (the document that discusses the names asked about) and document (one
/// entry of the library's listing), whose passage is the author line; library (Value: how many documents the library holds,
/// given with a listing); translation (Subject: a listed document, Value: the document it translates); scope (a document the
/// question names as its source, "Hu et al." or "the reflections paper", to which the search was limited: Subject the words
/// that named it, Value its title, Passage 0).</param>
/// <param name="Subject">What the fact is about (the document's title for the library kinds).</param>
/// <param name="Value">The expansion, the definition or the figure; the authors' names ("A, B and C", "" when none were read).</param>
/// <param name="Passage">The number of the passage that quotes the source (0: the document's front matter could not be located).</param>
/// <param name="Document">For the library kinds, the document's name; null otherwise.</param>
public sealed record RetrievedFact(string Kind, string Subject, string Value, int Passage, string? Document = null);

/// <summary>What <c>RetrieveLiterature</c> returns (docs/contracts.md, <c>RetrieveResult</c>).</summary>
public sealed record RetrieveResult(string Query, IReadOnlyList<RetrievedPassage> Passages, IReadOnlyList<RetrievedFact> Facts) : IUnderstood
{
    public string Schema { get; init; } = ContractJson.Schema;

    public string Understood => $"search the literature for \"{(Query.Length > 120 ? Query[..117] + "…" : Query)}\"";
}
