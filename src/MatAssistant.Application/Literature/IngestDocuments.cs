using MatAssistant.Literature;

namespace MatAssistant.Application.Literature;

/// <summary>What an ingest does.</summary>
public enum IngestMode
{
    /// <summary>The corpus collection becomes exactly these sources (default: the shipped corpus); other collections stay.</summary>
    Synchronise,

    /// <summary>Add these files or folders to a collection (default <c>papers</c>), keeping everything else.</summary>
    Add,

    /// <summary>Remove these documents by name (or, with none, the whole collection).</summary>
    Remove,

    /// <summary>Change nothing; list what the index holds.</summary>
    List,
}

/// <summary>What to index (docs/contracts.md, <c>IngestRequest</c>).</summary>
/// <param name="Paths">Files or directories (Synchronise, Add), or document names (Remove); empty means the shipped corpus for Synchronise.</param>
/// <param name="Mode">Synchronise (default), Add, Remove or List.</param>
/// <param name="Collection">The collection to add to, remove from or list (default: <c>papers</c> for Add, all for Remove and List).</param>
public sealed record IngestRequest(IReadOnlyList<string> Paths, IngestMode Mode = IngestMode.Synchronise, string? Collection = null);

/// <summary>What <c>IngestDocuments</c> returns.</summary>
public sealed record IngestResult(
    int Documents,
    int Chunks,
    IReadOnlyList<string[]> Duplicates,
    IReadOnlyList<string[]> Translations,
    double Seconds,
    IReadOnlyList<string> Names,
    int Reused,
    int Reindexed,
    int Removed,
    int Facts,
    long IndexBytes,
    IReadOnlyList<IngestErrorItem> Errors,
    string DataDir,
    IReadOnlyList<IndexedDocument> Catalogue)
{
    public string Schema { get; init; } = ContractJson.Schema;
}

/// <summary>A file that could not be ingested, and why; the rest were.</summary>
public sealed record IngestErrorItem(string Path, string Message);

/// <summary>
/// The literature's lifecycle: ingesting documents into the index in the data directory, and opening the index for
/// retrieval (built from the shipped corpus on first use, refreshed when its files change).
/// </summary>
public sealed class IngestDocuments(WorkspaceOptions options)
{
    public Task<IngestResult> RunAsync(IngestRequest request, IProgress<IngestProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        if (request.Mode == IngestMode.List)
        {
            var catalogue = LiteratureIngestor.List(options.DataDirectory, request.Collection);
            return Task.FromResult(new IngestResult(
                catalogue.Count, catalogue.Sum(d => d.Passages), [], [], 0, [.. catalogue.Select(d => d.Name)], catalogue.Count, 0, 0, 0, 0, [], options.DataDirectory, catalogue));
        }

        if (request.Mode == IngestMode.Add && request.Paths.Count == 0)
        {
            throw new RequestException("give the files or folders to add (PDF, Markdown, text, .docx, .html).");
        }

        if (request.Mode == IngestMode.Remove && request.Paths.Count == 0 && request.Collection is null)
        {
            throw new RequestException("give the documents to remove (their names as ingest --list shows them), or a collection.");
        }

        IngestReport report;
        try
        {
            report = request.Mode switch
            {
                IngestMode.Add => LiteratureIngestor.Add([.. request.Paths.Select(Path.GetFullPath)], options.DataDirectory, request.Collection ?? LiteratureIngestor.DefaultCollection, LiteratureOptions.Default, progress, cancellationToken),
                IngestMode.Remove => LiteratureIngestor.Remove(request.Paths, options.DataDirectory, request.Collection, LiteratureOptions.Default, progress, cancellationToken),
                _ => LiteratureIngestor.Ingest(request.Paths.Count > 0 ? request.Paths.Select(Path.GetFullPath).ToArray() : Sources(null), options.DataDirectory, LiteratureOptions.Default, progress, cancellationToken),
            };
        }
        catch (InvalidOperationException e)
        {
            // Nothing readable: the previous index, if any, stays in place.
            throw new RequestException(e.Message, e);
        }

        return Task.FromResult(ToResult(report));
    }

    /// <summary>
    /// Opens the index, building or refreshing it first. Without <paramref name="corpus"/> the index keeps what an ingest put
    /// in it (refreshed when those files change); an index without a corpus collection (none yet, or only papers added with
    /// <c>ingest --add</c>) gets the shipped corpus, and the added papers stay.
    /// </summary>
    public LiteratureIndex Open(string? corpus, IProgress<IngestProgress>? progress, Action<string>? log)
    {
        var dataDir = options.DataDirectory;
        if (corpus is null && LiteratureIndex.IndexedSources(dataDir) is { Count: > 0 } indexed)
        {
            if (!indexed.Any(p => Directory.Exists(p) || File.Exists(p)))
            {
                log?.Invoke("the indexed documents are no longer on disk; using the index as it is.");
                return LiteratureIndex.TryOpen(dataDir, LiteratureOptions.Default) ?? throw new RequestException($"the index in {dataDir} could not be opened: run matassist ingest.");
            }

            return Build(indexed, progress, log);
        }

        return Build(Sources(corpus), progress, log);
    }

    /// <summary>The sources to index: <paramref name="corpus"/> if given, else the shipped corpus; a missing one is bad input.</summary>
    public IReadOnlyList<string> Sources(string? corpus)
    {
        var path = Path.GetFullPath(corpus ?? options.CorpusDirectory);
        if (!Directory.Exists(path) && !File.Exists(path))
        {
            throw new RequestException($"the corpus '{path}' does not exist: give --corpus DIR with the documents to index.");
        }

        return [path];
    }

    private LiteratureIndex Build(IReadOnlyList<string> sources, IProgress<IngestProgress>? progress, Action<string>? log)
    {
        try
        {
            return LiteratureIndex.OpenOrBuild(sources, options.DataDirectory, LiteratureOptions.Default, progress, report =>
            {
                foreach (var e in report.Errors)
                {
                    log?.Invoke($"warning: {e.Message}");
                }

                log?.Invoke(FormattableString.Invariant($"indexed {report.Documents.Count} documents, {report.Chunks} passages in {report.Seconds:F1} s ({options.DataDirectory})."));
            });
        }
        catch (InvalidOperationException e)
        {
            throw new RequestException(e.Message, e);
        }
    }

    private IngestResult ToResult(IngestReport report) => new(
        report.Documents.Count, report.Chunks, report.Duplicates, report.Translations, Math.Round(report.Seconds, 3), report.Documents,
        report.Reused, report.Reindexed, report.Removed, report.Facts, report.IndexBytes,
        [.. report.Errors.Select(e => new IngestErrorItem(e.Path, e.Message))], options.DataDirectory, LiteratureIngestor.List(options.DataDirectory));
}
