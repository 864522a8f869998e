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

    /// <summary>
    /// Ingests <paramref name="sources"/> (files or directories) into <paramref name="dataDir"/>. Files that cannot be read are
    /// reported in <see cref="IngestReport.Errors"/> and skipped. Cancelling leaves the previous generation live.
    /// </summary>
    public static IngestReport Ingest(
        IReadOnlyList<string> sources,
        string dataDir,
        LiteratureOptions? options = null,
        IProgress<IngestProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sources);
        options ??= LiteratureOptions.Default;
        var clock = Stopwatch.StartNew();
        var (files, errors) = Enumerate(sources);
        var previousGeneration = IndexStore.CurrentGeneration(dataDir);
        var previous = previousGeneration is null ? null : IndexStore.ReadManifest(previousGeneration);
        var previousDocs = previous?.Documents.ToDictionary(d => d.Name, StringComparer.Ordinal) ?? [];
        var previousFacts = previous is null ? [] : IndexStore.ReadKnowledge(previousGeneration!);
        var embeddingModel = options.Embeddings is null ? null : options.EmbeddingModelId;
        var previousVectors = previous is not null && embeddingModel is not null && previous.EmbeddingModel == embeddingModel
            ? VectorStore.Read(Path.Combine(previousGeneration!, IndexStore.VectorsFile)) : null;

        // Decide per file: unchanged (same name, same hash) is reused; anything else is parsed.
        var kept = new List<ManifestDocument>();
        var parsed = new List<ParsedDocument>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < files.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var file = files[i];
            var name = Path.GetFileName(file);
            if (!seen.Add(name))
            {
                errors.Add(new IngestError(file, $"{file}: another file named {name} is already in the corpus; rename one of them."));
                continue;
            }

            try
            {
                if (!DocumentReader.IsSupported(file))
                {
                    DocumentReader.Read(file); // throws the "not supported yet" message
                }

                var hash = DocumentReader.HashFile(file);
                if (previousDocs.TryGetValue(name, out var old) && old.Hash == hash && (embeddingModel is null || previousVectors is not null))
                {
                    kept.Add(old with { Path = file });
                    progress?.Report(new IngestProgress(i + 1, files.Count, name, "unchanged"));
                    continue;
                }

                parsed.Add(DocumentReader.Read(file));
                progress?.Report(new IngestProgress(i + 1, files.Count, name, "parsed"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or DocumentFormatException)
            {
                var message = e is DocumentFormatException ? e.Message : $"{file}: could not be read: {e.Message}";
                errors.Add(new IngestError(file, message));
                progress?.Report(new IngestProgress(i + 1, files.Count, name, "error"));
            }
        }

        var keptNames = kept.Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        var removed = previousDocs.Keys.Count(n => !keptNames.Contains(n) && !parsed.Any(p => p.Name == n));
        var nothingChanged = previous is not null && parsed.Count == 0 && removed == 0
            && previous.Sources.SequenceEqual(sources.Select(Path.GetFullPath), StringComparer.Ordinal);
        if (nothingChanged)
        {
            return Report(previous!, previousFacts.Count, kept.Count, 0, 0, errors, clock, previousGeneration!);
        }

        // An ingest that found nothing readable must not replace a usable index with an empty one.
        if (kept.Count == 0 && parsed.Count == 0)
        {
            throw new InvalidOperationException(errors.Count > 0
                ? $"nothing could be indexed: {errors[0].Message}"
                : "nothing to index: the sources hold no .txt or .md documents.");
        }

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
                foreach (var document in parsed)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var chunks = Chunker.Split(document, options.Chunker);
                    chunkCount[document.Name] = chunks.Count;
                    foreach (var chunk in chunks)
                    {
                        writer.AddDocument(ToLucene(document, chunk));
                    }

                    if (vectors is not null)
                    {
                        var embedded = VectorStore.EmbedAsync(options.Embeddings!, chunks.Select(c => c.Text).ToList(), cancellationToken).GetAwaiter().GetResult();
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

            var documents = kept.Concat(parsed.Select(p =>
            {
                var signature = NearDuplicates.Sign(p);
                return new ManifestDocument(p.Name, p.Path, p.Hash, p.Format, p.Language, p.Title, p.Authors, chunkCount[p.Name], signature.MinHash, signature.Anchors);
            })).OrderBy(d => d.Name, StringComparer.Ordinal).ToList();
            var (duplicates, translations) = Relate(documents);
            var manifest = new IndexManifest(
                IndexManifest.CurrentSchema,
                sources.Select(Path.GetFullPath).ToArray(),
                documents,
                duplicates,
                translations,
                embeddingModel,
                DateTimeOffset.UtcNow);
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
