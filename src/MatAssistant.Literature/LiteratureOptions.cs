using Microsoft.Extensions.AI;

namespace MatAssistant.Literature;

/// <summary>How the literature index is built and searched. The defaults are what the evaluation figures were measured with.</summary>
/// <param name="Chunker">How blocks are cut into passages (default <see cref="ChunkerOptions.Default"/>).</param>
/// <param name="CandidatePool">BM25 candidates re-ranked per query before de-duplication (default 50).</param>
/// <param name="SectionBoost">Weight of a query term found in the passage's heading (default 1.0).</param>
/// <param name="TitleBoost">Weight of a query term found in the document's title (default 0.4).</param>
/// <param name="ReferenceWeight">Score factor of bibliography entries, so they rank below body text (default 0.35).</param>
/// <param name="FrontWeight">Score factor of front matter (authors, affiliations) (default 0.5).</param>
/// <param name="DuplicateOverlap">Share of a passage's word 3-grams found in an already returned passage of another version above which it is dropped (default 0.5).</param>
/// <param name="Embeddings">Optional dense retrieval: when set, chunk embeddings are computed at ingest and fused with BM25 by reciprocal rank fusion.</param>
/// <param name="EmbeddingModelId">Name of the embedding model, stored with the vectors so that a change of model re-embeds (default "custom").</param>
/// <param name="Bm25K1">BM25 term-frequency saturation (default 1.2, Lucene's).</param>
/// <param name="Bm25B">BM25 length normalisation (default 0.5, below Lucene's 0.75: passages are already of similar length, and a long passage that names a rare term should not lose to a short one that does not).</param>
/// <param name="RrfK">The k of reciprocal rank fusion, 1/(k + rank) (default 60, the value of Cormack et al. 2009).</param>
/// <param name="DenseWeight">Weight of the embedding ranking in the fusion, beside BM25's 1 (default 0.5: with MiniLM on our question sets it kept BM25's recall@1 on the extra set, where 1.0 lost a tenth; docs/retrieve.md).</param>
/// <param name="DenseLanguages">Languages whose passages are embedded and searched densely (default English only: the shipped model is English; Chinese stays on BM25 with CJK bigrams).</param>
public sealed record LiteratureOptions(
    ChunkerOptions? Chunker = null,
    int CandidatePool = 50,
    float SectionBoost = 1.0f,
    float TitleBoost = 0.4f,
    double ReferenceWeight = 0.35,
    double FrontWeight = 0.5,
    double DuplicateOverlap = 0.5,
    IEmbeddingGenerator<string, Embedding<float>>? Embeddings = null,
    string EmbeddingModelId = "custom",
    int RrfK = 60,
    float Bm25K1 = 1.2f,
    float Bm25B = 0.5f,
    double DenseWeight = 0.5,
    IReadOnlyList<string>? DenseLanguages = null)
{
    /// <summary>True when passages and queries in <paramref name="language"/> take part in dense retrieval.</summary>
    public bool IsDense(string language) => Embeddings is not null && (DenseLanguages ?? ["en"]).Contains(language);

    public static LiteratureOptions Default { get; } = new();
}

/// <summary>Progress of an ingest: <paramref name="Done"/> of <paramref name="Total"/> files, the one just handled.</summary>
public sealed record IngestProgress(int Done, int Total, string Document, string Stage);

/// <summary>A file that could not be ingested and why; the rest of the ingest went on.</summary>
public sealed record IngestError(string Path, string Message);

/// <summary>What an ingest did (DESIGN.md §3 <c>ingest</c>).</summary>
/// <param name="Documents">Documents now in the index.</param>
/// <param name="Chunks">Passages now in the index.</param>
/// <param name="Duplicates">Pairs of documents that are versions of one text.</param>
/// <param name="Translations">Pairs of documents that are one text in two languages.</param>
/// <param name="Reused">Documents whose content hash was unchanged, kept without re-reading.</param>
/// <param name="Reindexed">Documents read, analysed and indexed anew.</param>
/// <param name="Removed">Documents dropped because their file is gone.</param>
/// <param name="Facts">Knowledge facts now stored.</param>
/// <param name="Errors">Files that could not be read, with the reason.</param>
/// <param name="Seconds">Wall-clock time.</param>
/// <param name="IndexBytes">Size of the index generation on disk.</param>
public sealed record IngestReport(
    IReadOnlyList<string> Documents,
    int Chunks,
    IReadOnlyList<string[]> Duplicates,
    IReadOnlyList<string[]> Translations,
    int Reused,
    int Reindexed,
    int Removed,
    int Facts,
    IReadOnlyList<IngestError> Errors,
    double Seconds,
    long IndexBytes);

/// <summary>A document in the index, as <see cref="LiteratureIngestor.List"/> shows it.</summary>
/// <param name="Name">The document's identity: its file name (what <see cref="LiteratureIngestor.Remove"/> takes).</param>
/// <param name="Collection">Its collection (<c>corpus</c> for the synchronised corpus, <c>papers</c> by default for added files).</param>
/// <param name="Title">The recovered title ("" when none was found).</param>
/// <param name="Format"><c>text</c>, <c>markdown</c> or <c>pdf</c>.</param>
/// <param name="Language">ISO 639-1 code of its main language.</param>
/// <param name="Path">Where it was read from.</param>
/// <param name="Hash">SHA-256 of the file's bytes (hex).</param>
/// <param name="Passages">Passages indexed from it.</param>
/// <param name="Pages">Pages, for PDFs; null otherwise.</param>
/// <param name="Added">When its current content was indexed (null for indexes built before this was recorded).</param>
public sealed record IndexedDocument(string Name, string Collection, string Title, string Format, string Language, string Path, string Hash, int Passages, int? Pages, DateTimeOffset? Added);

/// <summary>
/// One passage found by <see cref="LiteratureIndex.Search(string, int, string?)"/>: <c>Text</c> equals the document's stored text [Start, End)
/// (<see cref="LiteratureIndex.DocumentText"/>); <c>Page</c> is the 1-based page it starts on for PDFs, null otherwise.
/// </summary>
public sealed record LiteratureHit(
    string Id,
    string Document,
    string Title,
    string Section,
    BlockKind Kind,
    string Language,
    double Score,
    string Text,
    int Start,
    int End,
    int? Page = null);

/// <summary>A sentence of a hit, for extractive answers: <c>Text</c> equals the file's characters [Start, End).</summary>
/// <param name="Document">The document's name.</param>
/// <param name="Start">First character in the document's stored text.</param>
/// <param name="End">One past the last.</param>
/// <param name="Text">The sentence, verbatim.</param>
/// <param name="Score">Query-term overlap (higher is better).</param>
/// <param name="Page">The 1-based page the sentence starts on, for PDFs; null otherwise.</param>
public sealed record ScoredSentence(string Document, int Start, int End, string Text, double Score, int? Page = null);
