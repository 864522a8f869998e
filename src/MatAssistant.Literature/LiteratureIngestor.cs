using System.Diagnostics;
using System.Text.Json;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using LuceneDocument = Lucene.Net.Documents.Document;

namespace MatAssistant.Literature;

/// <summary>
/// Builds index generations from corpus files: parses what changed (by content hash), reuses the rest, detects versions and
/// translations, extracts knowledge, and publishes the new generation atomically (see <see cref="IndexStore"/>).
/// </summary>
public static class LiteratureIngestor
{
    /// <summary>The files a source list names: files as given, directories' supported files (sorted, not recursive).</summary>
    public static (List<string> Files, List<IngestError> Errors) Enumerate(IEnumerable<string> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var files = new List<string>();
        var errors = new List<IngestError>();
        foreach (var source in sources)
        {
            var full = Path.GetFullPath(source);
            if (System.IO.Directory.Exists(full))
            {
                foreach (var file in System.IO.Directory.GetFiles(full).Order(StringComparer.Ordinal))
                {
                    var name = Path.GetFileName(file);
                    if (name.StartsWith('.') || name.Equals("README.md", StringComparison.OrdinalIgnoreCase))
                    {
                        continue;
                    }

                    files.Add(file);
                }
            }
            else if (File.Exists(full))
            {
                files.Add(full);
            }
            else
            {
                errors.Add(new IngestError(source, $"{source}: no such file or directory."));
            }
        }

        return (files.Distinct(StringComparer.Ordinal).ToList(), errors);
    }

    /// <summary>The collection that <see cref="Ingest"/> synchronises: the shipped corpus, or whatever directory the index is built from.</summary>
    public const string CorpusCollection = "corpus";

    /// <summary>The collection <see cref="Add"/> puts documents in when none is named.</summary>
    public const string DefaultCollection = "papers";

    /// <summary>
    /// Makes the corpus collection hold exactly the files of <paramref name="sources"/> (files or directories); documents of
    /// other collections stay. Files that cannot be read are reported in <see cref="IngestReport.Errors"/> and skipped.
    /// Cancelling leaves the previous generation live.
    /// </summary>
    public static IngestReport Ingest(
        IReadOnlyList<string> sources,
        string dataDir,
        LiteratureOptions? options = null,
        IProgress<IngestProgress>? progress = null,
        CancellationToken cancellationToken = default) =>
        Synchronise(CorpusCollection, sources, dataDir, options, progress, cancellationToken);

    /// <summary>
    /// Makes <paramref name="collection"/> hold exactly the files of <paramref name="sources"/>, except documents removed from it
    /// by hand (<see cref="Remove"/>); other collections stay. Incremental by content hash.
    /// </summary>
    public static IngestReport Synchronise(
        string collection,
        IReadOnlyList<string> sources,
        string dataDir,
        LiteratureOptions? options = null,
        IProgress<IngestProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentException.ThrowIfNullOrWhiteSpace(collection);
        var full = sources.Select(Path.GetFullPath).ToArray();
        return Update(dataDir, options, progress, previous =>
        {
            var excluded = new HashSet<string>(previous?.Excluded ?? [], StringComparer.Ordinal);
            var (files, errors) = Enumerate(sources);
            files = files.Where(f => !excluded.Contains(Path.GetFileName(f))).ToList();
            var drop = previous?.Documents.Where(d => d.Collection == collection).Select(d => d.Name).ToHashSet(StringComparer.Ordinal) ?? [];
            var collections = new Dictionary<string, string[]>(previous?.CollectionSources ?? [], StringComparer.Ordinal) { [collection] = full };
            return new Plan(files.Select(f => (f, collection)).ToList(), drop, errors, collections, excluded, EmptyIsError: true, NothingReadableIsError: false);
        }, cancellationToken);
    }

    /// <summary>
    /// Adds (or refreshes) the files of <paramref name="paths"/> in <paramref name="collection"/>, keeping every other document:
    /// the shipped corpus stays. A file whose content hash is unchanged is not re-read. Throws
    /// <see cref="InvalidOperationException"/> when none of the files could be read (the index is left as it was).
    /// </summary>
    public static IngestReport Add(
        IReadOnlyList<string> paths,
        string dataDir,
        string collection = DefaultCollection,
        LiteratureOptions? options = null,
        IProgress<IngestProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentException.ThrowIfNullOrWhiteSpace(collection);
        return Update(dataDir, options, progress, previous =>
        {
            var (files, errors) = Enumerate(paths);
            var owners = previous?.Documents.ToDictionary(d => d.Name, d => d.Collection, StringComparer.Ordinal) ?? [];
            var accepted = new List<(string, string)>();
            foreach (var file in files)
            {
                var name = Path.GetFileName(file);
                if (owners.TryGetValue(name, out var owner) && owner != collection)
                {
                    errors.Add(new IngestError(file, $"{file}: a document named {name} is already in collection '{owner}'; rename the file or remove that document first."));
                    continue;
                }

                accepted.Add((file, collection));
            }

            var names = accepted.Select(a => Path.GetFileName(a.Item1)).ToHashSet(StringComparer.Ordinal);
            var excluded = new HashSet<string>(previous?.Excluded ?? [], StringComparer.Ordinal);
            excluded.ExceptWith(names);
            return new Plan(accepted, names, errors, previous?.CollectionSources ?? [], excluded, EmptyIsError: false, NothingReadableIsError: true);
        }, cancellationToken);
    }

    /// <summary>
    /// Removes documents by name (as <see cref="List"/> shows them), or, with no names, every document of
    /// <paramref name="collection"/>. A removed corpus document stays out when the corpus is synchronised again. Names not in
    /// the index are reported in <see cref="IngestReport.Errors"/>; removing the last document leaves an empty index.
    /// </summary>
    public static IngestReport Remove(
        IReadOnlyList<string> documents,
        string dataDir,
        string? collection = null,
        LiteratureOptions? options = null,
        IProgress<IngestProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        if (documents.Count == 0 && collection is null)
        {
            throw new ArgumentException("name the documents to remove, or a collection.", nameof(documents));
        }

        return Update(dataDir, options, progress, previous =>
        {
            var errors = new List<IngestError>();
            var present = previous?.Documents.Where(d => collection is null || d.Collection == collection).ToList() ?? [];
            var drop = new HashSet<string>(StringComparer.Ordinal);
            if (documents.Count == 0)
            {
                drop.UnionWith(present.Select(d => d.Name));
            }

            foreach (var name in documents)
            {
                // The file name, with or without its folder, is what identifies a document.
                var match = present.FirstOrDefault(d => d.Name == name || d.Name == Path.GetFileName(name));
                if (match is null)
                {
                    errors.Add(new IngestError(name, $"{name}: no such document in {(collection is null ? "the index" : $"collection '{collection}'")}; list them with ingest --list."));
                }
                else
                {
                    drop.Add(match.Name);
                }
            }

            var excluded = new HashSet<string>(previous?.Excluded ?? [], StringComparer.Ordinal);
            var synchronised = previous?.CollectionSources?.Keys.ToHashSet(StringComparer.Ordinal) ?? [CorpusCollection];
            excluded.UnionWith(previous?.Documents.Where(d => drop.Contains(d.Name) && synchronised.Contains(d.Collection)).Select(d => d.Name) ?? []);
            var collections = new Dictionary<string, string[]>(previous?.CollectionSources ?? [], StringComparer.Ordinal);
            if (documents.Count == 0 && collection is not null && collection != CorpusCollection)
            {
                collections.Remove(collection);
            }

            return new Plan([], drop, errors, collections, excluded, EmptyIsError: false, NothingReadableIsError: false);
        }, cancellationToken);
    }

    /// <summary>The documents in the index of <paramref name="dataDir"/> (all, or those of <paramref name="collection"/>), by name; empty when there is no index.</summary>
    public static IReadOnlyList<IndexedDocument> List(string dataDir, string? collection = null)
    {
        var generation = IndexStore.CurrentGeneration(dataDir);
        var manifest = generation is null ? null : IndexStore.ReadManifest(generation);
        return manifest?.Documents.Where(d => collection is null || d.Collection == collection).Select(ToIndexed).ToList() ?? [];
    }

    internal static IndexedDocument ToIndexed(ManifestDocument d) =>
        new(d.Name, d.Collection, d.Title, d.Format, d.Language, d.Path, d.Hash, d.Chunks, d.PageStarts?.Length, d.Added);

    /// <summary>What one update does: the files to read (with their collection), the documents it replaces or drops, and the collections' bookkeeping.</summary>
    private sealed record Plan(
        List<(string File, string Collection)> Files,
        HashSet<string> Drop,
        List<IngestError> Errors,
        Dictionary<string, string[]> CollectionSources,
        HashSet<string> Excluded,
        bool EmptyIsError,
        bool NothingReadableIsError);

    private static IngestReport Update(
        string dataDir,
        LiteratureOptions? options,
        IProgress<IngestProgress>? progress,
        Func<IndexManifest?, Plan> planner,
        CancellationToken cancellationToken)
    {
        options ??= LiteratureOptions.Default;
        var clock = Stopwatch.StartNew();
        var previousGeneration = IndexStore.CurrentGeneration(dataDir);
        var previous = previousGeneration is null ? null : IndexStore.ReadManifest(previousGeneration);
        var plan = planner(previous);
        var errors = plan.Errors;
        var files = plan.Files;
        var previousDocs = previous?.Documents.ToDictionary(d => d.Name, StringComparer.Ordinal) ?? [];
        var previousFacts = previous is null ? [] : IndexStore.ReadKnowledge(previousGeneration!);
        var embeddingModel = options.Embeddings is null ? null : options.EmbeddingModelId;
        var previousVectors = previous is not null && embeddingModel is not null && previous.EmbeddingModel == embeddingModel
            ? VectorStore.Read(Path.Combine(previousGeneration!, IndexStore.VectorsFile)) : null;
        var vectorsUsable = embeddingModel is null || previousVectors is not null;

        // Documents the update does not touch stay as they are (other collections); the rest are decided per file below.
        var kept = previousDocs.Values.Where(d => !plan.Drop.Contains(d.Name) && (vectorsUsable || embeddingModel is null)).ToList();
        var parsed = new List<(ParsedDocument Document, string Collection, DateTimeOffset? Added)>();
        var seen = new HashSet<string>(kept.Select(d => d.Name), StringComparer.Ordinal);
        if (!vectorsUsable)
        {
            // A change of embedding model re-embeds: untouched documents are re-read from where they came from.
            files = files.Concat(previousDocs.Values.Where(d => !plan.Drop.Contains(d.Name)).Select(d => (d.Path, d.Collection))).ToList();
            seen.Clear();
        }

        var rejected = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < files.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (file, collection) = files[i];
            var name = Path.GetFileName(file);
            if (!seen.Add(name))
            {
                errors.Add(new IngestError(file, $"{file}: another file named {name} is already in the index; rename one of them."));
                continue;
            }

            try
            {
                if (!DocumentReader.IsSupported(file))
                {
                    DocumentReader.Read(file); // throws the "not supported yet" message
                }

                var hash = DocumentReader.HashFile(file);
                if (previousDocs.TryGetValue(name, out var old) && old.Hash == hash && vectorsUsable)
                {
                    kept.Add(old with { Path = file, Collection = collection });
                    progress?.Report(new IngestProgress(i + 1, files.Count, name, "unchanged"));
                    continue;
                }

                parsed.Add((DocumentReader.Read(file), collection, null));
                progress?.Report(new IngestProgress(i + 1, files.Count, name, "parsed"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or DocumentFormatException)
            {
                var message = e is DocumentFormatException ? e.Message : $"{file}: could not be read: {e.Message}";
                errors.Add(new IngestError(file, message));
                if (e is DocumentFormatException && File.Exists(file))
                {
                    rejected[name] = DocumentReader.HashFile(file);
                }

                progress?.Report(new IngestProgress(i + 1, files.Count, name, "error"));
            }
        }

        var keptNames = kept.Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        var removed = previousDocs.Keys.Count(n => !keptNames.Contains(n) && !parsed.Any(p => p.Document.Name == n));
        var collectionsSame = previous is not null
            && SameSources(previous.CollectionSources ?? new() { [CorpusCollection] = previous.Sources }, plan.CollectionSources)
            && (previous.Excluded ?? []).ToHashSet(StringComparer.Ordinal).SetEquals(plan.Excluded)
            && kept.All(d => previousDocs[d.Name].Collection == d.Collection && previousDocs[d.Name].Path == d.Path);
        collectionsSame = collectionsSame && (previous?.Rejected ?? []).Count == rejected.Count && rejected.All(r => previous!.Rejected!.GetValueOrDefault(r.Key) == r.Value);
        if (previous is not null && parsed.Count == 0 && removed == 0 && collectionsSame)
        {
            if (plan.NothingReadableIsError && plan.Files.Count > 0 && errors.Count >= plan.Files.Count)
            {
                throw new InvalidOperationException($"nothing could be added: {errors[0].Message}");
            }

            return Report(previous, previousFacts.Count, kept.Count, 0, 0, errors, clock, previousGeneration!);
        }

        // An ingest that found nothing readable must not replace a usable index with an empty one.
        if (kept.Count == 0 && parsed.Count == 0 && plan.EmptyIsError)
        {
            throw new InvalidOperationException(errors.Count > 0
                ? $"nothing could be indexed: {errors[0].Message}"
                : "nothing to index: the sources hold no .txt, .md or .pdf documents.");
        }

        if (plan.NothingReadableIsError && parsed.Count == 0 && plan.Files.Count > 0 && !plan.Files.Any(f => keptNames.Contains(Path.GetFileName(f.File))))
        {
            throw new InvalidOperationException($"nothing could be added: {(errors.Count > 0 ? errors[0].Message : "no readable documents")}");
        }

        var sourcesOfCorpus = plan.CollectionSources.GetValueOrDefault(CorpusCollection) ?? previous?.Sources ?? [];
        var temporary = IndexStore.BeginGeneration(dataDir);
        try
        {
            var chunkCount = new Dictionary<string, int>(StringComparer.Ordinal);
            var vectors = embeddingModel is null ? null : VectorStore.Empty(embeddingModel);
            var luceneDirectory = Path.Combine(temporary, IndexStore.LuceneFolder);
            var reuse = kept.Count > 0;
            if (reuse)
            {
                // Lucene segments are immutable: a copy of the previous generation is a valid index to update.
                System.IO.Directory.CreateDirectory(luceneDirectory);
                foreach (var file in System.IO.Directory.GetFiles(Path.Combine(previousGeneration!, IndexStore.LuceneFolder)))
                {
                    File.Copy(file, Path.Combine(luceneDirectory, Path.GetFileName(file)));
                }
            }

            // Each document's text is stored with the index: offsets and quotes refer to it, whatever the file became since.
            System.IO.Directory.CreateDirectory(Path.Combine(temporary, IndexStore.TextFolder));
            foreach (var doc in kept)
            {
                File.Copy(IndexStore.TextPath(previousGeneration!, doc.Name), IndexStore.TextPath(temporary, doc.Name));
            }

            var facts = previousFacts.Where(f => keptNames.Contains(f.Document)).ToList();
            using (var directory = FSDirectory.Open(luceneDirectory))
            using (var analyzer = Analysis.Create())
            {
                var config = new IndexWriterConfig(Analysis.Version, analyzer)
                {
                    OpenMode = reuse ? OpenMode.APPEND : OpenMode.CREATE,
                    Similarity = new BM25Similarity(),
                    RAMBufferSizeMB = 64,
                };
                using var writer = new IndexWriter(directory, config);
                foreach (var name in previousDocs.Keys.Where(n => !keptNames.Contains(n)))
                {
                    writer.DeleteDocuments(new Term(Analysis.Doc, name));
                }

                if (vectors is not null && previousVectors is not null)
                {
                    foreach (var doc in kept)
                    {
                        for (var k = 0; k < doc.Chunks; k++)
                        {
                            var id = $"{doc.Name}#{k}";
                            if (previousVectors.TryGet(id, out var v))
                            {
                                vectors.Set(id, v);
                            }
                        }
                    }
                }

                var done = 0;
                foreach (var (document, _, _) in parsed)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    File.WriteAllText(IndexStore.TextPath(temporary, document.Name), document.Text);
                    var chunks = Chunker.Split(document, options.Chunker);
                    chunkCount[document.Name] = chunks.Count;
                    foreach (var chunk in chunks)
                    {
                        writer.AddDocument(ToLucene(document, chunk));
                    }

                    if (vectors is not null && options.IsDense(document.Language))
                    {
                        var name = document.Name;
                        var embedded = VectorStore.EmbedAsync(
                            options.Embeddings!,
                            chunks.Select(c => c.Text).ToList(),
                            cancellationToken,
                            (passages, total) => progress?.Report(new IngestProgress(done, parsed.Count, name, $"embedded {passages}/{total} passages"))).GetAwaiter().GetResult();
                        for (var k = 0; k < chunks.Count; k++)
                        {
                            vectors.Set(chunks[k].Id, embedded[k]);
                        }
                    }

                    facts.AddRange(KnowledgeExtractor.Extract(document));
                    done++;
                    progress?.Report(new IngestProgress(done, parsed.Count, document.Name, "indexed"));
                }

                cancellationToken.ThrowIfCancellationRequested();
                writer.Commit();
            }

            var now = DateTimeOffset.UtcNow;
            var documents = kept.Concat(parsed.Select(e =>
            {
                var p = e.Document;
                var signature = NearDuplicates.Sign(p);
                return new ManifestDocument(p.Name, p.Path, p.Hash, p.Format, p.Language, p.Title, p.Authors, chunkCount[p.Name], signature.MinHash, signature.Anchors, e.Collection, p.PageStarts?.ToArray(), now);
            })).OrderBy(d => d.Name, StringComparer.Ordinal).ToList();
            var (duplicates, translations) = Relate(documents);
            var manifest = new IndexManifest(
                IndexManifest.CurrentSchema,
                sourcesOfCorpus,
                documents,
                duplicates,
                translations,
                embeddingModel,
                now,
                plan.CollectionSources,
                plan.Excluded.Order(StringComparer.Ordinal).ToArray(),
                rejected);
            facts = facts.OrderBy(f => f.Document, StringComparer.Ordinal).ThenBy(f => f.Start).ToList();
            File.WriteAllText(Path.Combine(temporary, IndexStore.KnowledgeFile), JsonSerializer.Serialize(facts, IndexStore.Json));
            vectors?.Write(Path.Combine(temporary, IndexStore.VectorsFile));
            cancellationToken.ThrowIfCancellationRequested();

            // The manifest is written last: a generation without one is never published or opened.
            File.WriteAllText(Path.Combine(temporary, IndexStore.ManifestFile), JsonSerializer.Serialize(manifest, IndexStore.Json));
            var published = IndexStore.Publish(dataDir, temporary);
            return Report(manifest, facts.Count, kept.Count, parsed.Count, removed, errors, clock, published);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>Version pairs (same language, shingles shared) and translation pairs (different languages, anchors shared).</summary>
    internal static (List<string[]> Duplicates, List<string[]> Translations) Relate(IReadOnlyList<ManifestDocument> documents)
    {
        var duplicates = new List<string[]>();
        var translations = new List<string[]>();
        var signatures = documents.Select(d => new DocumentSignature(d.MinHash, d.Anchors)).ToList();
        for (var i = 0; i < documents.Count; i++)
        {
            for (var j = i + 1; j < documents.Count; j++)
            {
                if (documents[i].Language == documents[j].Language)
                {
                    if (NearDuplicates.ShingleSimilarity(signatures[i], signatures[j]) >= NearDuplicates.VersionThreshold)
                    {
                        duplicates.Add([documents[i].Name, documents[j].Name]);
                    }
                }
                else if (NearDuplicates.AnchorSimilarity(signatures[i], signatures[j]) >= NearDuplicates.TranslationThreshold)
                {
                    translations.Add([documents[i].Name, documents[j].Name]);
                }
            }
        }

        return (duplicates, translations);
    }

    private static LuceneDocument ToLucene(ParsedDocument document, Chunk chunk)
    {
        var language = document.Language;
        var doc = new LuceneDocument
        {
            new StringField(Analysis.Id, chunk.Id, Field.Store.YES),
            new StringField(Analysis.Doc, document.Name, Field.Store.YES),
            new StringField(Analysis.Kind, chunk.Kind.ToString(), Field.Store.YES),
            new StoredField(Analysis.Section, chunk.Section),
            new StoredField(Analysis.StoredText, chunk.Text),
            new StoredField(Analysis.Start, chunk.Start),
            new StoredField(Analysis.End, chunk.End),
            new StoredField(Analysis.Page, chunk.Page ?? 0),
            new NumericDocValuesField(Analysis.KindValue, (long)chunk.Kind),
            new TextField(Analysis.TextField(language), chunk.Text, Field.Store.NO),
        };
        if (chunk.Section.Length > 0)
        {
            doc.Add(new TextField(Analysis.SectionField(language), chunk.Section, Field.Store.NO));
        }

        if (document.Title.Length > 0)
        {
            doc.Add(new TextField(Analysis.TitleField(language), document.Title, Field.Store.NO));
        }

        return doc;
    }

    private static IngestReport Report(IndexManifest manifest, int facts, int reused, int reindexed, int removed, List<IngestError> errors, Stopwatch clock, string generation) =>
        new(
            manifest.Documents.Select(d => d.Name).ToList(),
            manifest.Documents.Sum(d => d.Chunks),
            manifest.Duplicates,
            manifest.Translations,
            reused,
            reindexed,
            removed,
            facts,
            errors,
            clock.Elapsed.TotalSeconds,
            IndexStore.SizeOf(generation));

    private static bool SameSources(Dictionary<string, string[]> a, Dictionary<string, string[]> b) =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var other) && p.Value.SequenceEqual(other, StringComparer.Ordinal));

    private static void TryDelete(string directory)
    {
        try
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the next ingest's clean-up.
        }
    }
}
